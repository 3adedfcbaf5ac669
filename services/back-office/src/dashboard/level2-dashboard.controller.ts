import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { Response } from 'express';
import {
  Clock,
  CorrelationId,
  CurrentViewer,
  DashboardPage,
  Viewer,
} from '@helpdesk/event-log-nest';
import {
  DashboardTicketIdPipe,
  TierDashboardQuery,
  backToTicket,
  dashboardFilterOf,
} from '@helpdesk/tier-desk';
import { BackOfficeSettings } from '../application/back-office.settings';
import { Level2Commands, Level2Request } from '../application/level2-commands';
import {
  DiagnosisDto,
  EscalationDto,
  HardwareReturnStepDto,
  PhoneGuidanceDto,
  RemoteSessionEndDto,
  ResolutionDto,
  SendBackDto,
} from '../http/level2.dtos';
import { Level2Queries } from '../read-model/level2.queries';
import { level2QueuePage } from './level2-queue.page';
import { level2TicketPage } from './level2-ticket.page';

/**
 * The level 2 dashboard: the queue and a ticket's page, and the ticket's actions as forms. Each
 * form calls the same command as the JSON API, then goes back to the ticket with a notice (a
 * refusal comes back as an error on top of the page).
 */
@DashboardPage()
@Controller('dashboard')
export class Level2DashboardController {
  constructor(
    private readonly queries: Level2Queries,
    private readonly commands: Level2Commands,
    private readonly settings: BackOfficeSettings,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async queue(
    @Query() query: TierDashboardQuery,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const now = this.clock.now();
    const [queue, counts] = await Promise.all([
      this.queries.queue(dashboardFilterOf(query, viewer.technician, now)),
      this.queries.priorityCounts(viewer.technician.id),
    ]);
    return level2QueuePage({ viewer, query, queue, counts, now }).markup;
  }

  @Get('tickets/:ticketId')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async ticket(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const ticket = await this.queries.ticket(ticketId);
    if (!ticket) throw new NotFoundException('Level 2 never had this ticket.');
    return level2TicketPage({
      viewer,
      ticket,
      specialistDomains: this.settings.specialistDomains,
      now: this.clock.now(),
    }).markup;
  }

  @Post('tickets/:ticketId/take')
  async take(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.take(request(ticketId, viewer, correlationId));
    backToTicket(response, ticketId, 'You took the ticket.');
  }

  @Post('tickets/:ticketId/diagnosis')
  async diagnose(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: DiagnosisDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.diagnose(request(ticketId, viewer, correlationId), {
      diagnosis: body.diagnosis,
      outcome: body.outcome,
    });
    backToTicket(response, ticketId, 'Diagnosis recorded.');
  }

  @Post('tickets/:ticketId/hardware-return')
  async progressHardwareReturn(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: HardwareReturnStepDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.progressHardwareReturn(request(ticketId, viewer, correlationId), {
      step: body.step,
      note: body.note || null,
    });
    backToTicket(response, ticketId, `Hardware return step recorded: ${body.step}.`);
  }

  @Post('tickets/:ticketId/phone-guidance')
  async notePhoneGuidance(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: PhoneGuidanceDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.notePhoneGuidance(request(ticketId, viewer, correlationId), body.notes);
    backToTicket(response, ticketId, 'Phone guidance noted.');
  }

  @Post('tickets/:ticketId/remote-sessions')
  async startRemoteSession(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.startRemoteSession(request(ticketId, viewer, correlationId));
    backToTicket(response, ticketId, 'Remote session started: open it from the top of the page.');
  }

  @Post('tickets/:ticketId/remote-sessions/:sessionId/end')
  async endRemoteSession(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Param('sessionId', ParseUUIDPipe) sessionId: string,
    @Body() body: RemoteSessionEndDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.endRemoteSession(request(ticketId, viewer, correlationId), {
      sessionId,
      notes: body.notes || null,
    });
    backToTicket(response, ticketId, 'Remote session ended.');
  }

  @Post('tickets/:ticketId/resolve')
  async resolve(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: ResolutionDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.resolve(request(ticketId, viewer, correlationId), body.resolution);
    backToTicket(response, ticketId, 'Ticket resolved: the requester confirms or reopens it.');
  }

  @Post('tickets/:ticketId/escalate')
  async escalate(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: EscalationDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    const domains = this.settings.specialistDomains;
    if (!domains.includes(body.domain)) {
      throw new BadRequestException(`domain must be one of ${domains.join(', ')}`);
    }
    await this.commands.escalate(request(ticketId, viewer, correlationId), {
      reason: body.reason,
      domain: body.domain,
    });
    backToTicket(response, ticketId, `Escalated to level 3 (${body.domain}).`);
  }

  @Post('tickets/:ticketId/send-back')
  async sendBack(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: SendBackDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.sendBack(request(ticketId, viewer, correlationId), body.reason);
    backToTicket(response, ticketId, 'Sent back to level 1.');
  }
}

function request(ticketId: string, viewer: Viewer, correlationId: string): Level2Request {
  return { ticketId, technician: viewer.technician, correlationId };
}
