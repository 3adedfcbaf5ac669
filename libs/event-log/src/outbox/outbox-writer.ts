import { EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { SequenceConflictError } from '../port/sequence-conflict-error';
import { outboxChannel, outboxTable } from './outbox-tables';

/**
 * Stores a command's events in the caller's transaction, beside the state change they
 * describe: either both commit or neither does. The relay publishes them afterwards.
 */
export class OutboxWriter {
  private readonly table: string;
  private readonly channel: string;

  constructor(schema: string) {
    this.table = outboxTable(schema);
    this.channel = outboxChannel(schema);
  }

  async add(manager: EntityManager, events: readonly TicketEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      // One round trip for both: the notification wakes the relay once the transaction commits.
      await manager.query(
        `WITH stored AS (
           INSERT INTO ${this.table} (event_id, ticket_id, sequence, event)
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::jsonb[]))
         SELECT pg_notify($5, '')`,
        [
          events.map((event) => event.eventId),
          events.map((event) => event.ticketId),
          events.map((event) => event.sequence),
          events.map((event) => JSON.stringify(event)),
          this.channel,
        ],
      );
    } catch (error) {
      const constraint = (error as { driverError?: { constraint?: string } }).driverError
        ?.constraint;
      if (constraint === 'outbox_ticket_sequence')
        throw new SequenceConflictError(events[0]?.ticketId ?? 'unknown');
      throw error;
    }
  }
}
