import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { Response } from 'express';
import {
  CorrelationId,
  CurrentViewer,
  DashboardPage,
  Viewer,
  setFlash,
} from '@helpdesk/event-log-nest';
import { Level1Commands, Level1Context } from '../application/level1-commands';
import {
  AssignDto,
  EscalateDto,
  InformationRequestDto,
  PrioritizeDto,
} from '../http/ticket-commands.dto';
import { ResolveFormDto } from './dashboard-forms.dto';
import { DashboardTicketId } from './level1-dashboard.controller';
import { ticketPath } from './level1-page';

/**
 * The ticket page's forms: each calls the same Level1Commands method as the JSON API, then
 * goes back to the ticket with a notice. A refusal (409, 400, 422) comes back as an error
 * notice on the page the form was on (DashboardErrorsFilter).
 */
@DashboardPage()
@Controller('dashboard/tickets/:id')
export class Level1FormsController {
  constructor(private readonly commands: Level1Commands) {}

  @Post('take')
  async take(
    @Param('id', DashboardTicketId) id: string,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.commands.take(id, context(viewer, correlationId));
    backToTicket(
      response,
      id,
      result.events.length > 0 ? 'You took the ticket.' : 'The ticket is already yours.',
    );
  }

  @Post('assign')
  async assign(
    @Param('id', DashboardTicketId) id: string,
    @Body() body: AssignDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.commands.assign(
      id,
      body.technicianId,
      context(viewer, correlationId),
    );
    backToTicket(
      response,
      id,
      result.events.length > 0
        ? `Assigned to ${body.technicianId}.`
        : `The ticket was already assigned to ${body.technicianId}.`,
    );
  }

  @Post('priority')
  async prioritize(
    @Param('id', DashboardTicketId) id: string,
    @Body() body: PrioritizeDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.commands.prioritize(
      id,
      { impact: body.impact, urgency: body.urgency },
      context(viewer, correlationId),
    );
    backToTicket(
      response,
      id,
      `Priority set to ${result.state.priority ?? 'none'} (impact ${body.impact}, urgency ${body.urgency}).`,
    );
  }

  @Post('information-requests')
  async requestInformation(
    @Param('id', DashboardTicketId) id: string,
    @Body() body: InformationRequestDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.requestInformation(id, body.question, context(viewer, correlationId));
    backToTicket(response, id, 'Question sent: the ticket waits for the requester’s answer.');
  }

  @Post('resolve')
  async resolve(
    @Param('id', DashboardTicketId) id: string,
    @Body() body: ResolveFormDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.resolve(
      id,
      { resolution: body.resolution, knowledgeArticleId: body.knowledgeArticleId },
      context(viewer, correlationId),
    );
    backToTicket(
      response,
      id,
      body.knowledgeArticleId
        ? `Resolved at level 1 with ${body.knowledgeArticleId}.`
        : 'Resolved at level 1.',
    );
  }

  @Post('escalate')
  async escalate(
    @Param('id', DashboardTicketId) id: string,
    @Body() body: EscalateDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.escalate(id, body.reason, context(viewer, correlationId));
    backToTicket(response, id, 'Escalated to level 2: it has left the level 1 queue.');
  }
}

function context(viewer: Viewer, correlationId: string): Level1Context {
  return { technician: viewer.technician, correlationId };
}

function backToTicket(response: Response, ticketId: string, notice: string): void {
  setFlash(response, { kind: 'notice', text: notice });
  response.redirect(303, ticketPath(ticketId));
}
