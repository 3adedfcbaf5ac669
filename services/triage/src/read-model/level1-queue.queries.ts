import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Channel, Impact, Priority, SupportLevel, Urgency } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { SlaState } from '@helpdesk/service-levels';
import { ServiceLevelTimerStore } from '@helpdesk/service-level-timers';
import { TriageTables } from './triage-tables';

export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** The statuses a ticket in the queue can have (a closed ticket has left it). */
export const QUEUE_STATUSES = ['new', 'in-progress', 'waiting-for-requester', 'resolved'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

/** `priority`: P1 first, then oldest first (the order level 1 works in); else by submission. */
export const QUEUE_SORTS = ['priority', 'oldest', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueFilter {
  priority?: Priority;
  status?: QueueStatus;
  /** Tickets of one technician, or nobody's. */
  assignee?: { technicianId: string } | 'unassigned';
  /** Only tickets submitted before this instant (older than an age). */
  submittedBefore?: Date;
  /** `priority` when absent. */
  sort?: QueueSort;
  limit: number;
}

export interface QueueItem {
  ticketId: string;
  summary: string;
  category: string;
  channel: Channel;
  /** `phone`: a number to call the requester back on, or null when they left none. */
  requester: { name: string; email: string; phone: string | null };
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  /** False while the priority only reflects the requester's own impact and urgency. */
  priorityAssessed: boolean;
  status: TicketStatus;
  assignee: string | null;
  /** Level 1's service-level targets: `warning` once warned, `breached` once one is missed. */
  slaState: SlaState;
  submittedAt: string;
  updatedAt: string;
}

export interface Queue {
  items: QueueItem[];
  /** Tickets per priority under the same filter, the priority filter aside. */
  counts: Record<Priority, number>;
}

export interface TimelineEntry {
  sequence: number;
  type: string;
  occurredAt: string;
  producer: string;
  actor: Actor;
  data: Record<string, unknown>;
}

export interface TicketView extends QueueItem {
  description: string;
  owner: SupportLevel;
  /** In the level-1 queue: owned by level 1 and not closed. */
  inQueue: boolean;
  timeline: TimelineEntry[];
}

interface TicketRow {
  ticket_id: string;
  summary: string;
  description: string;
  category: string;
  channel: Channel;
  requester_name: string;
  requester_email: string;
  requester_phone: string | null;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  priority_assessed: boolean;
  owner: SupportLevel;
  status: TicketStatus;
  assignee: string | null;
  submitted_at: Date;
  updated_at: Date;
}

type QueueRow = Omit<TicketRow, 'description' | 'owner'>;

interface TimelineRow {
  sequence: number;
  type: string;
  occurred_at: Date;
  producer: string;
  actor: Actor;
  data: Record<string, unknown>;
}

const IN_QUEUE = `owner = 'L1' AND status <> 'closed'`;
const ORDER: Record<QueueSort, string> = {
  priority: 'priority, submitted_at, ticket_id',
  oldest: 'submitted_at, ticket_id',
  newest: 'submitted_at DESC, ticket_id',
};
const QUEUE_COLUMNS = `ticket_id, summary, category, channel, requester_name, requester_email,
  requester_phone, impact, urgency, priority, priority_assessed, status, assignee, submitted_at, updated_at`;

@Injectable()
export class Level1QueueQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: TriageTables,
    private readonly slaTimers: ServiceLevelTimerStore,
  ) {}

  /** Most urgent first (P1), then oldest first (the order level 1 works in), unless sorted otherwise. */
  async queue(filter: QueueFilter): Promise<Queue> {
    const parameters: unknown[] = [];
    const where = [IN_QUEUE];
    const parameter = (value: unknown) => `$${parameters.push(value)}`;
    if (filter.status) where.push(`status = ${parameter(filter.status)}`);
    if (filter.assignee === 'unassigned') where.push('assignee IS NULL');
    else if (filter.assignee) where.push(`assignee = ${parameter(filter.assignee.technicianId)}`);
    if (filter.submittedBefore) where.push(`submitted_at < ${parameter(filter.submittedBefore)}`);
    const countRows: { priority: Priority; count: string }[] = await this.dataSource.query(
      `SELECT priority, count(*) AS count FROM ${this.tables.queue}
       WHERE ${where.join(' AND ')} GROUP BY priority`,
      parameters,
    );
    if (filter.priority) where.push(`priority = ${parameter(filter.priority)}`);
    const rows: QueueRow[] = await this.dataSource.query(
      `SELECT ${QUEUE_COLUMNS} FROM ${this.tables.queue} WHERE ${where.join(' AND ')}
       ORDER BY ${ORDER[filter.sort ?? 'priority']}
       LIMIT ${parameter(filter.limit)}`,
      parameters,
    );
    const counts = Object.fromEntries(PRIORITIES.map((priority) => [priority, 0])) as Record<
      Priority,
      number
    >;
    for (const row of countRows) counts[row.priority] = Number(row.count);
    const slaStates = await this.slaTimers.states(
      this.dataSource.manager,
      rows.map((row) => row.ticket_id),
    );
    return {
      items: rows.map((row) => toQueueItem(row, slaStates.get(row.ticket_id) ?? 'ok')),
      counts,
    };
  }

  async ticket(ticketId: string): Promise<TicketView | undefined> {
    const [row]: TicketRow[] = await this.dataSource.query(
      `SELECT * FROM ${this.tables.queue} WHERE ticket_id = $1`,
      [ticketId],
    );
    if (!row) return undefined;
    const timeline: TimelineRow[] = await this.dataSource.query(
      `SELECT sequence, type, occurred_at, producer, actor, data FROM ${this.tables.timeline}
       WHERE ticket_id = $1 ORDER BY sequence`,
      [ticketId],
    );
    const slaStates = await this.slaTimers.states(this.dataSource.manager, [ticketId]);
    return {
      ...toQueueItem(row, slaStates.get(ticketId) ?? 'ok'),
      description: row.description,
      owner: row.owner,
      inQueue: row.owner === 'L1' && row.status !== 'closed',
      timeline: timeline.map((entry) => ({
        sequence: entry.sequence,
        type: entry.type,
        occurredAt: entry.occurred_at.toISOString(),
        producer: entry.producer,
        actor: entry.actor,
        data: entry.data,
      })),
    };
  }

  /** What the ticket is about, in the requester's words (for suggesting articles). */
  async wording(ticketId: string): Promise<string | undefined> {
    const [row]: Pick<TicketRow, 'summary' | 'description'>[] = await this.dataSource.query(
      `SELECT summary, description FROM ${this.tables.queue} WHERE ticket_id = $1`,
      [ticketId],
    );
    return row && `${row.summary}\n${row.description}`;
  }
}

function toQueueItem(row: QueueRow, slaState: SlaState): QueueItem {
  return {
    ticketId: row.ticket_id,
    summary: row.summary,
    category: row.category,
    channel: row.channel,
    requester: { name: row.requester_name, email: row.requester_email, phone: row.requester_phone },
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    priorityAssessed: row.priority_assessed,
    status: row.status,
    assignee: row.assignee,
    slaState,
    submittedAt: row.submitted_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
