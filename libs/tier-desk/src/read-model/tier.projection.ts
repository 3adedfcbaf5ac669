import { SupportLevel, TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { ReadModelTable, readModelTable } from '@helpdesk/event-log';
import { OnTicketEvent, TicketEventContext } from '@helpdesk/event-log-nest';

/** How a ticket came (back) to the tier. */
export interface TierArrival<Arrival extends string = string> {
  arrivedBy: Arrival;
  arrivalReason: string;
}

/** A row of a tier's tickets table: the columns every tier has, and the service's own. */
export interface TierTicketRow {
  ticket_id: string;
  summary: string;
  description: string;
  category: string;
  requester_name: string;
  requester_email: string;
  requester_phone: string | null;
  priority: string | null;
  submitted_at: string | Date;
  first_reached_at: string | Date | null;
  escalation_reason: string | null;
  updated_at: string | Date;
  [serviceColumn: string]: unknown;
}

/** A row of a tier's queue. */
export interface TierQueueRecord {
  ticket_id: string;
  status: string;
  assignee: string | null;
  arrived_by: string | null;
  arrival_reason: string | null;
  queued_at: string | Date;
  updated_at: string | Date;
  [serviceColumn: string]: unknown;
}

/** A line of a tier's timeline. */
export interface TierTimelineRow {
  ticket_id: string;
  sequence: number;
  type: string;
  occurred_at: string;
  actor: object;
  producer: string;
  data: object;
}

/** A tier's read model: its level, its three tables, and its own queue columns. */
export interface TierReadModel {
  level: SupportLevel;
  tickets: ReadModelTable<TierTicketRow>;
  queue: ReadModelTable<TierQueueRecord>;
  timeline: ReadModelTable<TierTimelineRow>;
  /** The service's own queue columns, from the lifecycle as it now stands. */
  queueColumns?: (state: TicketLifecycle) => Record<string, unknown>;
}

/** The three tables of a tier in its schema: `<prefix>_tickets`, `_queue`, `_timeline`. */
export function tierTables(
  schema: string,
  prefix: string,
): Pick<TierReadModel, 'tickets' | 'queue' | 'timeline'> {
  return {
    tickets: readModelTable<TierTicketRow>(schema, `${prefix}_tickets`),
    queue: readModelTable<TierQueueRecord>(schema, `${prefix}_queue`),
    timeline: readModelTable<TierTimelineRow>(schema, `${prefix}_timeline`, {
      readBeforeBatch: false,
    }),
  };
}

/**
 * Projects events into a tier's read model: the ticket's facts, its timeline and its queue
 * row. Whether a ticket is in the queue, and its status and assignee there, come from the
 * shared lifecycle (already folded with the event when a handler runs).
 */
export class TierProjector<Arrival extends string = string> {
  constructor(private readonly model: TierReadModel) {}

  get tables(): readonly ReadModelTable<object>[] {
    return [this.model.tickets, this.model.queue, this.model.timeline];
  }

  /** Keeps what the requester said; `facts` are the service's own columns from submission. */
  submitted(
    event: TicketEventOfType<'TicketSubmitted'>,
    context: TicketEventContext,
    facts: Record<string, unknown> = {},
  ): void {
    const { requester, summary, description, category } = event.data;
    context.rows(this.model.tickets).put({
      ticket_id: event.ticketId,
      summary,
      description,
      category,
      ...facts,
      requester_name: requester.name,
      requester_email: requester.email,
      requester_phone: requester.phone,
      priority: null,
      submitted_at: event.occurredAt,
      first_reached_at: null,
      escalation_reason: null,
      updated_at: event.occurredAt,
    });
    this.addToTimeline(event, context);
    this.placeInQueue(event, context, undefined);
  }

  /** What every event does: the ticket's own changes, a line in its timeline, its queue row. */
  record(
    event: TicketEvent,
    context: TicketEventContext,
    changes: Record<string, unknown> = {},
    arrival?: TierArrival<Arrival>,
  ): void {
    const tickets = context.rows(this.model.tickets);
    const key = { ticket_id: event.ticketId };
    const firstReachedAt = tickets.get(key)?.first_reached_at ?? null;
    tickets.patch(key, {
      ...changes,
      ...(arrival && { first_reached_at: firstReachedAt ?? event.occurredAt }),
      updated_at: event.occurredAt,
    });
    this.addToTimeline(event, context);
    this.placeInQueue(event, context, arrival);
  }

  private addToTimeline(event: TicketEvent, context: TicketEventContext): void {
    context.rows(this.model.timeline).put({
      ticket_id: event.ticketId,
      sequence: event.sequence,
      type: event.type,
      occurred_at: event.occurredAt,
      actor: event.actor,
      producer: event.producer,
      data: event.data,
    });
  }

  /** Into (or within, or out of) the queue, as the lifecycle now stands. */
  private placeInQueue(
    event: TicketEvent,
    context: TicketEventContext,
    arrival: TierArrival<Arrival> | undefined,
  ): void {
    const { lifecycle } = context;
    const queue = context.rows(this.model.queue);
    const key = { ticket_id: event.ticketId };
    if (lifecycle.owner !== this.model.level || lifecycle.status === 'closed') {
      queue.delete(key);
      return;
    }
    const current = {
      ...this.model.queueColumns?.(lifecycle),
      status: lifecycle.status,
      assignee: lifecycle.assignee,
      updated_at: event.occurredAt,
    };
    if (!arrival && queue.patch(key, current)) return;
    queue.put({
      ...key,
      ...current,
      arrived_by: arrival?.arrivedBy ?? null,
      arrival_reason: arrival?.arrivalReason ?? null,
      queued_at: event.occurredAt,
    });
  }
}

/**
 * The handlers every tier's projection shares: the ticket's facts from submission and
 * prioritization, and the events that only add a timeline line and move the queue row. A
 * service's `@TicketEventHandlers()` class extends it with the events it reads for itself.
 */
export abstract class TierProjection<Arrival extends string = string> {
  protected readonly tier: TierProjector<Arrival>;
  readonly tables: readonly ReadModelTable<object>[];

  constructor(model: TierReadModel) {
    this.tier = new TierProjector<Arrival>(model);
    this.tables = this.tier.tables;
  }

  /** The service's own columns kept from submission. */
  protected submittedFacts(_event: TicketEventOfType<'TicketSubmitted'>): Record<string, unknown> {
    return {};
  }

  @OnTicketEvent('TicketSubmitted')
  submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
    this.tier.submitted(event, context, this.submittedFacts(event));
  }

  @OnTicketEvent('TicketPrioritized')
  prioritized(event: TicketEventOfType<'TicketPrioritized'>, context: TicketEventContext): void {
    this.tier.record(event, context, { priority: event.data.priority });
  }

  /** Events the tiers only record: the lifecycle says the rest. */
  @OnTicketEvent(
    'TicketTaken',
    'TicketResolved',
    'TicketClosed',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'PhoneGuidanceNoted',
  )
  recorded(event: TicketEvent, context: TicketEventContext): void {
    this.tier.record(event, context);
  }
}
