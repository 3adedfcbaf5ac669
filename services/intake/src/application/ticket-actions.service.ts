import {
  BadGatewayException,
  HttpException,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TicketLifecycleStore } from '@helpdesk/event-log-nest';
import { Channel, SupportLevel, SupportLevelSchema } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { RequesterTicket } from '../read-model/requester-ticket.entity';
import { TicketSummary, summaryOf } from './opened-ticket';
import { RequesterAction, TierAnswer, TierClient, TierUnavailableError } from './tier-client';

const LEVEL_NAMES: Record<SupportLevel, string> = {
  L1: 'level 1 (triage)',
  L2: 'level 2 (back office)',
  L3: 'level 3 (specialists)',
};

/**
 * The requester's actions on their ticket. Intake does not decide them: it forwards them to
 * the level that owns the ticket, which decides and emits (a requester never bypasses
 * ownership). Intake's view of the owner may lag the log; when the tier answers 409 naming
 * another owner, the action is tried once more there.
 */
@Injectable()
export class TicketActionsService {
  private readonly logger = new Logger(TicketActionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: TicketLifecycleStore,
    private readonly tiers: TierClient,
  ) {}

  reply(
    ticket: RequesterTicket,
    message: string,
    channel: Channel,
    correlationId: string,
  ): Promise<TicketSummary> {
    return this.forward(ticket, 'replies', { message, channel }, correlationId);
  }

  confirm(ticket: RequesterTicket, correlationId: string): Promise<TicketSummary> {
    return this.forward(ticket, 'confirmation', {}, correlationId);
  }

  reopen(ticket: RequesterTicket, reason: string, correlationId: string): Promise<TicketSummary> {
    return this.forward(ticket, 'reopening', { reason }, correlationId);
  }

  private async forward(
    ticket: RequesterTicket,
    action: RequesterAction,
    fields: Record<string, unknown>,
    correlationId: string,
  ): Promise<TicketSummary> {
    const lifecycle = await this.lifecycle.load(this.dataSource.manager, ticket.ticketId);
    const body = { requester: { email: ticket.requesterEmail }, ...fields };
    let level = lifecycle?.owner ?? ticket.level;
    let answer = await this.call(level, ticket.ticketId, action, body, correlationId);
    const owner = ownerNamedBy(answer);
    if (answer.status === 409 && owner && owner !== level) {
      this.logger.log(
        `${action} on ${ticket.ticketId}: ${level} says ${owner} owns it; trying there once`,
      );
      level = owner;
      answer = await this.call(level, ticket.ticketId, action, body, correlationId);
    }
    return this.outcome(level, ticket.ticketId, answer);
  }

  private async call(
    level: SupportLevel,
    ticketId: string,
    action: RequesterAction,
    body: Record<string, unknown>,
    correlationId: string,
  ): Promise<TierAnswer> {
    try {
      return await this.tiers.requesterAction(level, ticketId, action, body, correlationId);
    } catch (error) {
      if (!(error instanceof TierUnavailableError)) throw error;
      throw new ServiceUnavailableException(
        error.reason === 'refused'
          ? `${LEVEL_NAMES[level]}, which handles this ticket, is unavailable right now; nothing was changed, try again later`
          : `${LEVEL_NAMES[level]}, which handles this ticket, did not answer in time; look at the ticket before trying again`,
      );
    }
  }

  private outcome(level: SupportLevel, ticketId: string, answer: TierAnswer): TicketSummary {
    if (answer.status >= 200 && answer.status < 300) {
      const state = (answer.body as { state?: TicketLifecycle } | undefined)?.state;
      if (!state?.ticketId) {
        throw new BadGatewayException(`${LEVEL_NAMES[level]} gave an answer intake cannot read`);
      }
      return summaryOf(state);
    }
    if (answer.status === 401 || answer.status === 403) {
      // Intake's own credentials were refused: a deployment fault, not the requester's.
      this.logger.error(`${level} refused intake's internal token (${answer.status})`);
      throw new BadGatewayException(`intake could not reach ${LEVEL_NAMES[level]}`);
    }
    if (answer.status >= 400 && answer.status < 500) {
      throw new HttpException(
        {
          statusCode: answer.status,
          error: errorOf(answer.body) ?? 'Refused',
          message: messageOf(answer.body) ?? `${LEVEL_NAMES[level]} refused the action`,
        },
        answer.status,
      );
    }
    this.logger.error(`${level} failed on ticket ${ticketId}: ${answer.status}`);
    throw new BadGatewayException(`${LEVEL_NAMES[level]} could not process the action`);
  }
}

function ownerNamedBy(answer: TierAnswer): SupportLevel | undefined {
  const owner = SupportLevelSchema.safeParse((answer.body as { owner?: unknown } | null)?.owner);
  return owner.success ? owner.data : undefined;
}

function messageOf(body: unknown): string | string[] | undefined {
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((item) => typeof item === 'string')) {
    return message;
  }
  return typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : undefined;
}

function errorOf(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error : undefined;
}
