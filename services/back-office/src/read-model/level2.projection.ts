import { TicketEventOfType } from '@helpdesk/ticket-events';
import {
  DatabaseSettings,
  OnTicketEvent,
  TicketEventContext,
  TicketEventHandlers,
} from '@helpdesk/event-log-nest';
import { TierProjection, tierTables } from '@helpdesk/tier-desk';
import { Level2Arrival } from './level2.entities';

/**
 * Level 2's read model, fed by the log and by its own commands. Whether a ticket is in the
 * queue, and its status and assignee there, come from the shared lifecycle (already folded
 * with the event when a handler runs); the rest comes from the events themselves.
 */
@TicketEventHandlers({ ignores: ['SlaWarning', 'SlaBreached'] })
export class Level2Projection extends TierProjection<Level2Arrival> {
  private readonly tickets;

  constructor(database: DatabaseSettings) {
    const tables = tierTables(database.DATABASE_SCHEMA, 'level2');
    super({ level: 'L2', ...tables });
    this.tickets = tables.tickets;
  }

  protected override submittedFacts(event: TicketEventOfType<'TicketSubmitted'>) {
    return { channel: event.data.channel };
  }

  @OnTicketEvent('TicketEscalated')
  escalated(event: TicketEventOfType<'TicketEscalated'>, context: TicketEventContext): void {
    if (event.data.toLevel !== 'L2') return this.tier.record(event, context);
    this.tier.record(
      event,
      context,
      { escalation_reason: event.data.reason },
      { arrivedBy: 'escalation', arrivalReason: event.data.reason },
    );
  }

  @OnTicketEvent('TicketReturned')
  returned(event: TicketEventOfType<'TicketReturned'>, context: TicketEventContext): void {
    const arrival =
      event.data.toLevel === 'L2'
        ? { arrivedBy: 'return' as const, arrivalReason: event.data.reason }
        : undefined;
    this.tier.record(event, context, {}, arrival);
  }

  @OnTicketEvent('TicketReopened')
  reopened(event: TicketEventOfType<'TicketReopened'>, context: TicketEventContext): void {
    const arrival =
      event.data.toLevel === 'L2'
        ? { arrivedBy: 'reopening' as const, arrivalReason: event.data.reason }
        : undefined;
    this.tier.record(event, context, {}, arrival);
  }

  @OnTicketEvent('TicketDiagnosed')
  diagnosed(event: TicketEventOfType<'TicketDiagnosed'>, context: TicketEventContext): void {
    this.tier.record(event, context, {
      diagnosis: event.data.diagnosis,
      outcome: event.data.outcome,
      diagnosed_at: event.occurredAt,
    });
  }

  @OnTicketEvent('HardwareReturnProgressed')
  hardwareReturnProgressed(
    event: TicketEventOfType<'HardwareReturnProgressed'>,
    context: TicketEventContext,
  ): void {
    this.tier.record(event, context, {
      rma_number: event.data.rmaNumber,
      rma_step: event.data.step,
      rma_updated_at: event.occurredAt,
    });
  }

  @OnTicketEvent('RemoteSessionStarted')
  remoteSessionStarted(
    event: TicketEventOfType<'RemoteSessionStarted'>,
    context: TicketEventContext,
  ): void {
    this.tier.record(event, context, {
      remote_session_id: event.data.sessionId,
      remote_session_link: event.data.link,
      remote_session_state: 'open',
      remote_session_started_at: event.occurredAt,
      remote_session_ended_at: null,
    });
  }

  @OnTicketEvent('RemoteSessionEnded')
  remoteSessionEnded(
    event: TicketEventOfType<'RemoteSessionEnded'>,
    context: TicketEventContext,
  ): void {
    const ticket = context.rows(this.tickets).get({ ticket_id: event.ticketId });
    const current = ticket?.['remote_session_id'] === event.data.sessionId;
    this.tier.record(
      event,
      context,
      current ? { remote_session_state: 'ended', remote_session_ended_at: event.occurredAt } : {},
    );
  }
}
