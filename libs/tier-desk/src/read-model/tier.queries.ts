import { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Priority } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { RequesterView, TimelineEntryView } from '../http/tier.views';
import { TierQueueEntry, TierTicket, TierTimelineEntry } from './tier.entities';

/**
 * A queue's orders: `priority` (P1..P4, then unprioritized, oldest ticket first), `oldest` /
 * `newest` (by when the ticket came to the tier), `updated` (latest change first).
 */
export const QUEUE_SORTS = ['priority', 'oldest', 'newest', 'updated'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface TierQueueFilter {
  priority?: Priority;
  status?: TicketStatus;
  /** A technician's id, or null for the tickets nobody took. */
  assignee?: string | null;
  /** Only the tickets that came to the tier before this moment (waiting longer than an age). */
  queuedBefore?: Date;
  /** `priority` when absent. */
  sort?: QueueSort;
  limit: number;
  offset: number;
}

/** A queue row joined (`ticket` relation) with the ticket it stands for. */
export type TierQueueRow<Ticket extends TierTicket> = TierQueueEntry & { ticket?: Ticket };

/**
 * A tier's queue, in the filter's order (by default most urgent first, P1..P4 then
 * unprioritized, then oldest ticket first), as `entry` joined with its `ticket`; `scope` narrows
 * it further (a domain, say).
 */
export async function findTierQueue<Entry extends TierQueueRow<TierTicket>>(
  dataSource: DataSource,
  queue: EntityTarget<Entry>,
  filter: TierQueueFilter,
  scope?: (query: SelectQueryBuilder<Entry>) => void,
): Promise<[Entry[], number]> {
  const query = dataSource
    .getRepository(queue)
    .createQueryBuilder('entry')
    .innerJoinAndSelect('entry.ticket', 'ticket')
    .take(filter.limit)
    .skip(filter.offset);
  orderQueue(query, filter.sort ?? 'priority');
  scope?.(query);
  if (filter.priority) query.andWhere('ticket.priority = :priority', filter);
  if (filter.status) query.andWhere('entry.status = :status', filter);
  if (filter.assignee === null) query.andWhere('entry.assignee IS NULL');
  else if (filter.assignee) query.andWhere('entry.assignee = :assignee', filter);
  if (filter.queuedBefore) query.andWhere('entry.queuedAt <= :queuedBefore', filter);
  return query.getManyAndCount();
}

function orderQueue<Entry extends ObjectLiteral>(
  query: SelectQueryBuilder<Entry>,
  sort: QueueSort,
): void {
  switch (sort) {
    case 'priority':
      query.orderBy('ticket.priority', 'ASC', 'NULLS LAST').addOrderBy('ticket.submittedAt', 'ASC');
      break;
    case 'oldest':
      query.orderBy('entry.queuedAt', 'ASC');
      break;
    case 'newest':
      query.orderBy('entry.queuedAt', 'DESC');
      break;
    case 'updated':
      query.orderBy('entry.updatedAt', 'DESC');
      break;
  }
  query.addOrderBy('entry.ticketId', 'ASC');
}

/** What every tier's queue item says of its ticket and its place in the queue. */
export function tierQueueItem<Arrival extends string>(
  entry: TierQueueEntry<Arrival>,
  ticket: TierTicket,
) {
  return {
    ticketId: entry.ticketId,
    summary: ticket.summary,
    requester: requesterOf(ticket),
    priority: ticket.priority,
    status: entry.status,
    assignee: entry.assignee,
    escalationReason: ticket.escalationReason,
    arrivedBy: entry.arrivedBy,
    arrivalReason: entry.arrivalReason,
    submittedAt: ticket.submittedAt.toISOString(),
    queuedAt: entry.queuedAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

/** Who asked, as the tier's views show them. */
export function requesterOf(ticket: TierTicket): RequesterView {
  return { name: ticket.requesterName, email: ticket.requesterEmail, phone: ticket.requesterPhone };
}

/** A ticket's timeline in the order it happened. */
export async function loadTimeline(
  dataSource: DataSource,
  timeline: EntityTarget<TierTimelineEntry>,
  ticketId: string,
): Promise<TimelineEntryView[]> {
  const lines = await dataSource.manager.find(timeline, {
    where: { ticketId },
    order: { sequence: 'ASC' },
  });
  return lines.map((line) => ({
    sequence: line.sequence,
    type: line.type,
    occurredAt: line.occurredAt.toISOString(),
    actor: line.actor,
    producer: line.producer,
    data: line.data as Record<string, unknown>,
  }));
}
