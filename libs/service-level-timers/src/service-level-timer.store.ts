import { EntityManager } from 'typeorm';
import { Priority, SupportLevel } from '@helpdesk/ticket-events';
import { ServiceLevelTimer, SlaState, SlaTarget, slaStateOf } from '@helpdesk/service-levels';

interface TimerRow {
  ticket_id: string;
  target: SlaTarget;
  level: SupportLevel;
  started_at: Date;
  priority: Priority | null;
  policy: string | null;
  paused_since: Date | null;
  paused_business_ms: string;
  met_at: Date | null;
  due_at: Date | null;
  warn_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
}

const COLUMNS = [
  'ticket_id',
  'target',
  'level',
  'started_at',
  'priority',
  'policy',
  'paused_since',
  'paused_business_ms',
  'met_at',
  'due_at',
  'warn_at',
  'warned_at',
  'breached_at',
] as const;

/** The `sla_timers` table of the service's own schema. */
export class ServiceLevelTimerStore {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${schema.replace(/"/g, '""')}".sla_timers`;
  }

  async load(manager: EntityManager, ticketId: string): Promise<ServiceLevelTimer[]> {
    const rows: TimerRow[] = await manager.query(
      `SELECT ${COLUMNS.join(', ')} FROM ${this.table} WHERE ticket_id = $1 ORDER BY target`,
      [ticketId],
    );
    return rows.map(toTimer);
  }

  /** Upserts the timers in one statement. */
  async save(manager: EntityManager, timers: readonly ServiceLevelTimer[]): Promise<void> {
    if (timers.length === 0) return;
    const values = timers.flatMap((timer) => [
      timer.ticketId,
      timer.target,
      timer.level,
      timer.startedAt,
      timer.priority,
      timer.policy,
      timer.pausedSince,
      timer.pausedBusinessMs,
      timer.metAt,
      timer.dueAt,
      timer.warnAt,
      timer.warnedAt,
      timer.breachedAt,
    ]);
    const rows = timers.map(
      (_, row) =>
        `(${COLUMNS.map((_column, column) => `$${row * COLUMNS.length + column + 1}`).join(', ')})`,
    );
    const updates = COLUMNS.slice(2).map((column) => `${column} = excluded.${column}`);
    await manager.query(
      `INSERT INTO ${this.table} (${COLUMNS.join(', ')})
       VALUES ${rows.join(', ')}
       ON CONFLICT (ticket_id, target) DO UPDATE SET ${updates.join(', ')}`,
      values,
    );
  }

  /** Tickets with a counting timer past its warning point and not yet breached, earliest first. */
  async due(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows: { ticket_id: string }[] = await manager.query(
      `SELECT ticket_id FROM ${this.table}
       WHERE breached_at IS NULL AND met_at IS NULL AND paused_since IS NULL
         AND warn_at <= $1 AND (warned_at IS NULL OR due_at <= $1)
       GROUP BY ticket_id ORDER BY min(warn_at) LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.ticket_id);
  }

  /** Each ticket's worst state at this level; tickets without timers are left out. */
  async states(
    manager: EntityManager,
    ticketIds: readonly string[],
  ): Promise<Map<string, SlaState>> {
    if (ticketIds.length === 0) return new Map();
    const rows: TimerRow[] = await manager.query(
      `SELECT ${COLUMNS.join(', ')} FROM ${this.table} WHERE ticket_id = ANY($1::uuid[])`,
      [ticketIds],
    );
    const timers = new Map<string, ServiceLevelTimer[]>();
    for (const timer of rows.map(toTimer)) {
      timers.set(timer.ticketId, [...(timers.get(timer.ticketId) ?? []), timer]);
    }
    return new Map([...timers].map(([ticketId, ofTicket]) => [ticketId, slaStateOf(ofTicket)]));
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.query(`TRUNCATE ${this.table}`);
  }
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

function toTimer(row: TimerRow): ServiceLevelTimer {
  return {
    ticketId: row.ticket_id,
    target: row.target,
    level: row.level,
    startedAt: row.started_at.toISOString(),
    priority: row.priority,
    policy: row.policy,
    pausedSince: iso(row.paused_since),
    pausedBusinessMs: Number(row.paused_business_ms),
    metAt: iso(row.met_at),
    dueAt: iso(row.due_at),
    warnAt: iso(row.warn_at),
    warnedAt: iso(row.warned_at),
    breachedAt: iso(row.breached_at),
  };
}
