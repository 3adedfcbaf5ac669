import { EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { TicketLifecycle, evolveLifecycle } from '@helpdesk/ticket-lifecycle';

/**
 * Reads and folds the ticket_lifecycle table of the service's own schema.
 *
 * Within a transaction (its EntityManager: DataSource.transaction gives each one its own) it
 * remembers the rows it holds locked: the ones it wrote (apply) and the ones it read FOR
 * UPDATE. Nobody else can change those before the commit, so the kernel's fold of an event, the
 * projection handlers that read the ticket right after it and the command bus share one read
 * instead of one round trip each. (A savepoint rolled back after an apply leaves a remembered
 * state ahead of the row; the projection runner then dead-letters that ticket's later events in
 * the transaction as a sequence gap, before anything reads it.)
 */
export class TicketLifecycleStore {
  private readonly table: string;
  private readonly locked = new WeakMap<EntityManager, Map<string, TicketLifecycle>>();

  constructor(schema: string) {
    this.table = `"${schema.replace(/"/g, '""')}".ticket_lifecycle`;
  }

  async load(
    manager: EntityManager,
    ticketId: string,
    options: { lock: boolean } = { lock: false },
  ): Promise<TicketLifecycle | undefined> {
    if (!options.lock) {
      const known = this.locked.get(manager)?.get(ticketId);
      if (known) return known;
    }
    const rows: { state: TicketLifecycle }[] = await manager.query(
      `SELECT state FROM ${this.table} WHERE ticket_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [ticketId],
    );
    const state = rows[0]?.state;
    if (state && options.lock) this.remember(manager, state);
    return state;
  }

  async apply(manager: EntityManager, event: TicketEvent): Promise<TicketLifecycle> {
    // A ticket's first event starts its lifecycle: there is no row to read yet.
    const previous = event.sequence === 1 ? undefined : await this.load(manager, event.ticketId);
    const state = evolveLifecycle(previous, event);
    await manager.query(
      `INSERT INTO ${this.table} (ticket_id, sequence, state, owner, status) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (ticket_id) DO UPDATE
       SET sequence = excluded.sequence, state = excluded.state, owner = excluded.owner, status = excluded.status`,
      [state.ticketId, state.sequence, JSON.stringify(state), state.owner, state.status],
    );
    this.remember(manager, state);
    return state;
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.query(`TRUNCATE ${this.table}`);
    this.locked.delete(manager);
  }

  /** Only in a transaction: outside one, the lock ends with the statement. */
  private remember(manager: EntityManager, state: TicketLifecycle): void {
    if (!manager.queryRunner?.isTransactionActive) return;
    const states = this.locked.get(manager) ?? new Map<string, TicketLifecycle>();
    states.set(state.ticketId, state);
    this.locked.set(manager, states);
  }
}
