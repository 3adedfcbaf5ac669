import {
  Body,
  Controller,
  Get,
  Header,
  NotFoundException,
  Param,
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
import { DashboardTicketIdPipe, backToTicket, dashboardFilterOf } from '@helpdesk/tier-desk';
import { Level3Commands, Level3Request } from '../application/level3-commands';
import { NotQualifiedError } from '../domain/level3-decisions';
import { HandBackDto, Level3ResolutionDto } from '../http/level3.dtos';
import { Level3Queries } from '../read-model/level3.queries';
import { Level3DashboardQuery } from './level3-dashboard.query';
import { level3QueuePage } from './level3-queue.page';
import { level3TicketPage } from './level3-ticket.page';

/**
 * The level 3 dashboard: the domain queues and a ticket's page, and the ticket's actions as
 * forms. Each form calls the same command as the JSON API, then goes back to the ticket with a
 * notice; a refusal, a missing skill included, comes back as an error on top of the page.
 */
@DashboardPage()
@Controller('dashboard')
export class Level3DashboardController {
  constructor(
    private readonly queries: Level3Queries,
    private readonly commands: Level3Commands,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async queue(
    @Query() query: Level3DashboardQuery,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const now = this.clock.now();
    const [queues, tickets, skills] = await Promise.all([
      this.queries.queues(),
      this.queries.tickets({
        ...dashboardFilterOf(query, viewer.technician, now),
        domain: query.domain,
      }),
      this.queries.skillsOf(viewer.technician.id),
    ]);
    return level3QueuePage({ viewer, query, queues, tickets, skills, now }).markup;
  }

  @Get('tickets/:ticketId')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async ticket(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @CurrentViewer() viewer: Viewer,
  ): Promise<string> {
    const [ticket, skills] = await Promise.all([
      this.queries.ticket(ticketId),
      this.queries.skillsOf(viewer.technician.id),
    ]);
    if (!ticket) throw new NotFoundException('Level 3 never had this ticket.');
    return level3TicketPage({ viewer, ticket, skills, now: this.clock.now() }).markup;
  }

  @Post('tickets/:ticketId/take')
  async take(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.commands.take(request(ticketId, viewer, correlationId));
    } catch (error) {
      // The JSON API answers 403; a person reads why on the ticket's page.
      if (!(error instanceof NotQualifiedError)) throw error;
      backToTicket(response, ticketId, error.message, 'error');
      return;
    }
    backToTicket(response, ticketId, 'You took the ticket.');
  }

  @Post('tickets/:ticketId/resolve')
  async resolve(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: Level3ResolutionDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.resolve(request(ticketId, viewer, correlationId), body.resolution);
    backToTicket(response, ticketId, 'Ticket resolved: the requester confirms or reopens it.');
  }

  @Post('tickets/:ticketId/hand-back')
  async handBack(
    @Param('ticketId', DashboardTicketIdPipe) ticketId: string,
    @Body() body: HandBackDto,
    @CurrentViewer() viewer: Viewer,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.commands.handBack(request(ticketId, viewer, correlationId), body.reason);
    backToTicket(response, ticketId, 'Handed back to level 2.');
  }
}

function request(ticketId: string, viewer: Viewer, correlationId: string): Level3Request {
  return { ticketId, technician: viewer.technician, correlationId };
}
