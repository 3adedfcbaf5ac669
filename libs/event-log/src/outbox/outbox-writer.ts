import { EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { SequenceConflictError } from '../port/sequence-conflict-error';
import { outboxChannel, outboxTable, outboxWriterLock } from './outbox-tables';

/**
 * Stores a command's events in the caller's transaction, beside the state change they
 * describe: either both commit or neither does. The relay publishes them afterwards.
 *
 * The writers of a schema take turns from their insert to their commit (a transaction-scoped
 * advisory lock): ids then become visible in increasing order, so the relay can keep what it
 * published as one high-water mark without ever skipping a row that commits late (ADR 17).
 * Make `add` the last statement of the transaction, so the turn lasts one insert and a commit.
 */
export class OutboxWriter {
  private readonly table: string;
  private readonly channel: string;
  private readonly lock: string;
  private readonly listeners = new Set<() => void>();

  constructor(schema: string) {
    this.table = outboxTable(schema);
    this.channel = outboxChannel(schema);
    this.lock = outboxWriterLock(schema);
  }

  async add(manager: EntityManager, events: readonly TicketEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      // One round trip: the turn, every event in one insert, and the notification that wakes
      // the relays of other processes once the transaction commits.
      await manager.query(
        `WITH turn AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtext($6))),
              stored AS (
                INSERT INTO ${this.table} (event_id, ticket_id, sequence, event)
                SELECT event.* FROM turn,
                  unnest($1::uuid[], $2::uuid[], $3::int[], $4::jsonb[]) AS event)
         SELECT pg_notify($5, '')`,
        [
          events.map((event) => event.eventId),
          events.map((event) => event.ticketId),
          events.map((event) => event.sequence),
          events.map((event) => JSON.stringify(event)),
          this.channel,
          this.lock,
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

  /**
   * Tells this process's relay that a transaction which added events has committed: it
   * publishes at once, without waiting for the database's notification or its poll.
   */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Called after every `committed()`; returns the way to stop listening. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
