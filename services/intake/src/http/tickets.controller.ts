import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Response } from 'express';
import { CorrelationId } from '@helpdesk/event-log-nest';
import { TicketSummary, ticketLink } from '../application/opened-ticket';
import { TicketIntakeService } from '../application/ticket-intake.service';
import { InvalidIdempotencyKeyError, readIdempotencyKey } from '../domain/idempotency';
import { TicketRequest } from '../domain/ticket-request';
import { ApiKeyGuard, CurrentIntegrator } from '../integrators/api-key.guard';
import { Integrator } from '../integrators/integrator-keys.service';
import { RequesterTicketsQueries } from '../read-model/requester-tickets.queries';
import { CreateTicketDto, TicketFieldsDto } from './dto/ticket-request.dto';
import { TicketSummaryView, TicketView } from './dto/views';
import { TicketIdPipe } from './ticket-id.pipe';

export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 200 characters, unique per request you mean to make once. The same key with the ' +
    'same body returns the ticket made the first time (header Idempotent-Replayed: true); ' +
    'with another body it is refused (422). Keys are per caller.',
};

export const CORRELATION_ID_HEADER = {
  name: 'X-Correlation-Id',
  required: false,
  description: 'Follows the request across the services ([A-Za-z0-9_.:-], up to 200)',
};

@ApiTags('tickets')
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked X-Api-Key' })
@Controller('api/v1/tickets')
@UseGuards(ApiKeyGuard)
export class TicketsController {
  constructor(
    private readonly intake: TicketIntakeService,
    private readonly queries: RequesterTicketsQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit a ticket on behalf of a requester' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiHeader(CORRELATION_ID_HEADER)
  @ApiCreatedResponse({ type: TicketSummaryView })
  @ApiBadRequestResponse({ description: 'A field is missing, wrong or unknown (it is named)' })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with another body' })
  async create(
    @Body() body: CreateTicketDto,
    @CurrentIntegrator() integrator: Integrator,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TicketSummary> {
    const outcome = await this.intake.submit(
      ticketRequestOf(body, body.channel),
      { actor: { kind: 'integrator', id: integrator.keyId }, correlationId },
      { scope: integrator.keyId, key: idempotencyKeyOf(idempotencyKey) },
    );
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.response;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A ticket you submitted, with its public timeline' })
  @ApiOkResponse({ type: TicketView })
  @ApiNotFoundResponse({ description: 'Unknown, or submitted with another key' })
  async get(
    @Param('id', TicketIdPipe) id: string,
    @CurrentIntegrator() integrator: Integrator,
  ): Promise<TicketView> {
    const ticket = await this.queries.ownTicket(id, integrator.keyId);
    const timeline = await this.queries.publicTimeline(id);
    return {
      id: ticket.ticketId,
      summary: ticket.summary,
      category: ticket.category,
      status: ticket.status,
      level: ticket.level,
      priority: ticket.priority,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      timeline: timeline.map((entry) => ({
        sequence: entry.sequence,
        type: entry.type,
        occurredAt: entry.occurredAt.toISOString(),
        text: entry.publicText,
        details: entry.details,
      })),
      links: { self: ticketLink(ticket.ticketId) },
    };
  }
}

/** The request as the domain sees it: a plain object with exactly the contract's fields. */
export function ticketRequestOf(
  body: TicketFieldsDto,
  channel: TicketRequest['channel'],
): TicketRequest {
  return {
    requester: {
      name: body.requester.name,
      email: body.requester.email,
      phone: body.requester.phone ?? null,
    },
    channel,
    category: body.category,
    summary: body.summary,
    description: body.description,
    impact: body.impact,
    urgency: body.urgency,
  };
}

export function idempotencyKeyOf(header: string | undefined): string | undefined {
  try {
    return readIdempotencyKey(header);
  } catch (error) {
    if (error instanceof InvalidIdempotencyKeyError) throw new BadRequestException([error.message]);
    throw error;
  }
}
