import { EntityManager } from 'typeorm';
import { ReadModelTable, readModelTable } from '@helpdesk/event-log';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';

/** A row of the ticket_lifecycle table: the fold, and the columns queries filter on. */
export interface TicketLifecycleRow {
  ticket_id: string;
  sequence: number;
  state: TicketLifecycle;
  owner: string;
  status: string;
}

/**
 * The ticket_lifecycle table of the service's own schema: every ticket's lifecycle, folded by
 * the kernel from every event before the service's handlers see it.
 *
 * Within a transaction (its EntityManager: DataSource.transaction gives each one its own) it
 * remembers the states it holds locked: the ones a batch wrote and the ones read FOR UPDATE.
 * Nobody else can change those before the commit, so the command bus reads a ticket once.
 */
export class TicketLifecycleStore {
  readonly table: ReadModelTable<TicketLifecycleRow>;
  private readonly locked = new WeakMap<EntityManager, Map<string, TicketLifecycle>>();

  constructor(schema: string) {
    this.table = readModelTable<TicketLifecycleRow>(schema, 'ticket_lifecycle');
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
      `SELECT state FROM ${this.table.name} WHERE ticket_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [ticketId],
    );
    const state = rows[0]?.state;
    if (state && options.lock) this.remember(manager, [state]);
    return state;
  }

  /** States this transaction holds locked (it wrote them). Outside one, nothing is kept. */
  remember(manager: EntityManager, states: readonly TicketLifecycle[]): void {
    if (!manager.queryRunner?.isTransactionActive) return;
    const known = this.locked.get(manager) ?? new Map<string, TicketLifecycle>();
    for (const state of states) known.set(state.ticketId, state);
    this.locked.set(manager, known);
  }

  /** The lifecycle row a state is stored as. */
  static rowOf(state: TicketLifecycle): TicketLifecycleRow {
    return {
      ticket_id: state.ticketId,
      sequence: state.sequence,
      state,
      owner: state.owner,
      status: state.status,
    };
  }
}
