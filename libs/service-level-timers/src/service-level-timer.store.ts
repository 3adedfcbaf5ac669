import { EntityManager } from 'typeorm';
import { ReadModelTable, readModelTable } from '@helpdesk/event-log';
import { Priority, SupportLevel } from '@helpdesk/ticket-events';
import { ServiceLevelTimer, SlaState, SlaTarget, slaStateOf } from '@helpdesk/service-levels';

/** A row as read (timestamps as Dates, the bigint as a string) or as staged (ISO strings). */
export interface TimerRow {
  ticket_id: string;
  target: SlaTarget;
  level: SupportLevel;
  started_at: Date | string;
  priority: Priority | null;
  policy: string | null;
  paused_since: Date | string | null;
  paused_business_ms: string | number;
  met_at: Date | string | null;
  due_at: Date | string | null;
  warn_at: Date | string | null;
  warned_at: Date | string | null;
  breached_at: Date | string | null;
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
  readonly table: ReadModelTable<TimerRow>;

  constructor(schema: string) {
    this.table = readModelTable<TimerRow>(schema, 'sla_timers');
  }

  async load(manager: EntityManager, ticketId: string): Promise<ServiceLevelTimer[]> {
    const rows: TimerRow[] = await manager.query(
      `SELECT ${COLUMNS.join(', ')} FROM ${this.table.name} WHERE ticket_id = $1 ORDER BY target`,
      [ticketId],
    );
    return rows.map(toTimer);
  }

  /** Tickets with a counting timer past its warning point and not yet breached, earliest first. */
  async due(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows: { ticket_id: string }[] = await manager.query(
      `SELECT ticket_id FROM ${this.table.name}
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
      `SELECT ${COLUMNS.join(', ')} FROM ${this.table.name} WHERE ticket_id = ANY($1::uuid[])`,
      [ticketIds],
    );
    const timers = new Map<string, ServiceLevelTimer[]>();
    for (const timer of rows.map(toTimer)) {
      timers.set(timer.ticketId, [...(timers.get(timer.ticketId) ?? []), timer]);
    }
    return new Map([...timers].map(([ticketId, ofTicket]) => [ticketId, slaStateOf(ofTicket)]));
  }
}

const iso = (value: Date | string | null) => (value instanceof Date ? value.toISOString() : value);

export function toTimer(row: TimerRow): ServiceLevelTimer {
  return {
    ticketId: row.ticket_id,
    target: row.target,
    level: row.level,
    startedAt: iso(row.started_at) ?? '',
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

export function toTimerRow(timer: ServiceLevelTimer): TimerRow {
  return {
    ticket_id: timer.ticketId,
    target: timer.target,
    level: timer.level,
    started_at: timer.startedAt,
    priority: timer.priority,
    policy: timer.policy,
    paused_since: timer.pausedSince,
    paused_business_ms: timer.pausedBusinessMs,
    met_at: timer.metAt,
    due_at: timer.dueAt,
    warn_at: timer.warnAt,
    warned_at: timer.warnedAt,
    breached_at: timer.breachedAt,
  };
}
