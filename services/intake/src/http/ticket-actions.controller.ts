import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CorrelationId } from '@helpdesk/event-log-nest';
import { TicketSummary } from '../application/opened-ticket';
import { TicketActionsService } from '../application/ticket-actions.service';
import { ApiKeyGuard, CurrentIntegrator } from '../integrators/api-key.guard';
import { Integrator } from '../integrators/integrator-keys.service';
import { RequesterTicketsQueries } from '../read-model/requester-tickets.queries';
import { ConfirmationDto, ReopeningDto, ReplyDto } from './dto/ticket-actions.dto';
import { TicketSummaryView } from './dto/views';
import { TicketIdPipe } from './ticket-id.pipe';
import { CORRELATION_ID_HEADER } from './tickets.controller';

/**
 * The requester's actions on their own ticket, forwarded to the level that owns it, which
 * decides: its refusals (409 for a ticket not in the right state, 400...) come back as they are.
 */
@ApiTags('tickets')
@ApiSecurity('api-key')
@ApiHeader(CORRELATION_ID_HEADER)
@ApiOkResponse({ type: TicketSummaryView })
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked X-Api-Key' })
@ApiNotFoundResponse({ description: 'Unknown, or submitted with another key' })
@ApiConflictResponse({ description: 'The ticket is not in a state for this action' })
@ApiBadGatewayResponse({ description: 'The level that owns the ticket failed' })
@ApiServiceUnavailableResponse({ description: 'The level that owns the ticket is unavailable' })
@Controller('api/v1/tickets/:id')
@UseGuards(ApiKeyGuard)
export class TicketActionsController {
  constructor(
    private readonly queries: RequesterTicketsQueries,
    private readonly actions: TicketActionsService,
  ) {}

  @Post('replies')
  @HttpCode(200)
  @ApiOperation({ summary: "Add the requester's answer or information" })
  async reply(
    @Param('id', TicketIdPipe) id: string,
    @Body() body: ReplyDto,
    @CurrentIntegrator() integrator: Integrator,
    @CorrelationId() correlationId: string,
  ): Promise<TicketSummary> {
    const ticket = await this.queries.ownTicket(id, integrator.keyId);
    return this.actions.reply(ticket, body.message, ticket.channel, correlationId);
  }

  @Post('confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the resolution: the ticket closes' })
  async confirm(
    @Param('id', TicketIdPipe) id: string,
    @Body() _body: ConfirmationDto,
    @CurrentIntegrator() integrator: Integrator,
    @CorrelationId() correlationId: string,
  ): Promise<TicketSummary> {
    const ticket = await this.queries.ownTicket(id, integrator.keyId);
    return this.actions.confirm(ticket, correlationId);
  }

  @Post('reopening')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a resolved ticket (within the reopen window)' })
  async reopen(
    @Param('id', TicketIdPipe) id: string,
    @Body() body: ReopeningDto,
    @CurrentIntegrator() integrator: Integrator,
    @CorrelationId() correlationId: string,
  ): Promise<TicketSummary> {
    const ticket = await this.queries.ownTicket(id, integrator.keyId);
    return this.actions.reopen(ticket, body.reason, correlationId);
  }
}
