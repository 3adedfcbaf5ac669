import { EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { TicketLifecycle, evolveLifecycle } from '@helpdesk/ticket-lifecycle';

/** Reads and folds the ticket_lifecycle table of the service's own schema. */
export class TicketLifecycleStore {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema.replace(/"/g, '""')}".ticket_lifecycle`;
  }

  async load(
    manager: EntityManager,
    ticketId: string,
    options: { lock: boolean } = { lock: false },
  ): Promise<TicketLifecycle | undefined> {
    const rows: { state: TicketLifecycle }[] = await manager.query(
      `SELECT state FROM ${this.table} WHERE ticket_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [ticketId],
    );
    return rows[0]?.state;
  }

  async apply(manager: EntityManager, event: TicketEvent): Promise<TicketLifecycle> {
    const state = evolveLifecycle(await this.load(manager, event.ticketId), event);
    await manager.query(
      `INSERT INTO ${this.table} (ticket_id, sequence, state, owner, status) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (ticket_id) DO UPDATE
       SET sequence = excluded.sequence, state = excluded.state, owner = excluded.owner, status = excluded.status`,
      [state.ticketId, state.sequence, JSON.stringify(state), state.owner, state.status],
    );
    return state;
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.query(`TRUNCATE ${this.table}`);
  }
}
