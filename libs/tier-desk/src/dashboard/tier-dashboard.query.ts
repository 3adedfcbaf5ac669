import { Transform, TransformFnParams } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Priority, PrioritySchema } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { Technician } from '@helpdesk/event-log-nest';
import { OPEN_STATUSES } from '../http/tier.views';
import { QUEUE_SORTS, QueueSort, TierQueueFilter } from '../read-model/tier.queries';

/** How long a ticket has waited in the tier's queue, at least. */
export const QUEUE_AGES = ['1h', '4h', '1d', '3d', '7d'] as const;
export type QueueAge = (typeof QUEUE_AGES)[number];

const HOUR = 3_600_000;
const AGE_MILLISECONDS: Record<QueueAge, number> = {
  '1h': HOUR,
  '4h': 4 * HOUR,
  '1d': 24 * HOUR,
  '3d': 72 * HOUR,
  '7d': 168 * HOUR,
};

export const QUEUE_AGE_LABELS: Record<QueueAge, string> = {
  '1h': 'waiting over 1 hour',
  '4h': 'waiting over 4 hours',
  '1d': 'waiting over 1 day',
  '3d': 'waiting over 3 days',
  '7d': 'waiting over a week',
};

export const QUEUE_SORT_LABELS: Record<QueueSort, string> = {
  priority: 'Most urgent first',
  oldest: 'Waiting longest first',
  newest: 'Arrived last first',
  updated: 'Changed last first',
};

/** Tickets per page of a dashboard's queue. */
export const DASHBOARD_PAGE_SIZE = 50;

/** A filter form sends every field, the ones left on "any" empty: empty means no filter. */
export function blankAsUndefined({ value }: TransformFnParams): unknown {
  return value === '' ? undefined : value;
}

/** The query string of a tier dashboard's queue (`GET /dashboard`): its filters, order, page. */
export class TierDashboardQuery {
  @IsOptional()
  @Transform(blankAsUndefined)
  @IsIn(PrioritySchema.options)
  priority?: Priority;

  @IsOptional()
  @Transform(blankAsUndefined)
  @IsIn(OPEN_STATUSES)
  status?: TicketStatus;

  /** me: taken by the viewer; unassigned: taken by nobody. */
  @IsOptional()
  @Transform(blankAsUndefined)
  @IsIn(['me', 'unassigned'])
  assignee?: 'me' | 'unassigned';

  @IsOptional()
  @Transform(blankAsUndefined)
  @IsIn(QUEUE_AGES)
  age?: QueueAge;

  @IsOptional()
  @Transform(blankAsUndefined)
  @IsIn(QUEUE_SORTS)
  sort?: QueueSort;

  @IsOptional()
  @Transform(({ value }: TransformFnParams): unknown =>
    value === '' || value === undefined ? undefined : Number(value),
  )
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;
}

/** The read model's filter for the viewer: `me` is their id, an age a moment before `now`. */
export function dashboardFilterOf(
  query: TierDashboardQuery,
  technician: Technician,
  now: Date,
): TierQueueFilter {
  return {
    priority: query.priority,
    status: query.status,
    assignee:
      query.assignee === 'me' ? technician.id : query.assignee === 'unassigned' ? null : undefined,
    queuedBefore: query.age ? new Date(now.getTime() - AGE_MILLISECONDS[query.age]) : undefined,
    sort: query.sort,
    limit: DASHBOARD_PAGE_SIZE,
    offset: ((query.page ?? 1) - 1) * DASHBOARD_PAGE_SIZE,
  };
}

/** The query's filters and order as URL parameters (a link that keeps them, the page left out). */
export function queueParameters(query: TierDashboardQuery): Record<string, string | undefined> {
  return {
    priority: query.priority,
    status: query.status,
    assignee: query.assignee,
    age: query.age,
    sort: query.sort,
  };
}

/** `/dashboard?…` with the given parameters, the empty ones left out. */
export function queueHref(
  parameters: Readonly<Record<string, string | number | undefined>>,
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const query = search.toString();
  return query ? `/dashboard?${query}` : '/dashboard';
}
