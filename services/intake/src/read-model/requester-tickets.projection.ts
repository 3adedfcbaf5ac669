import { ReadModelTable, readModelTable } from '@helpdesk/event-log';
import {
  DatabaseSettings,
  OnTicketEvent,
  TicketEventContext,
  TicketEventHandlers,
} from '@helpdesk/event-log-nest';
import { TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { publicTimelineEntry } from '../domain/public-timeline';
import { NotificationOutbox } from '../notifications/application/notification-outbox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RequesterTicketRow {
  ticket_id: string;
  integrator_key_id: string | null;
  channel: string;
  requester_name: string;
  requester_email: string;
  summary: string;
  category: string;
  status: string;
  level: string;
  priority: string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

interface PublicTimelineRow {
  ticket_id: string;
  sequence: number;
  type: string;
  occurred_at: string;
  public_text: string;
  details: object;
}

/**
 * Intake's read model, fed by the log (and by intake's own commands, once each): the tickets
 * as their requesters see them, and their public timelines. Every event type has a handler,
 * because internal work (a diagnosis, a remote session) still moves the status the requester
 * sees, even though it adds nothing to their timeline. Status, owner and priority are copied
 * from the lifecycle the kernel folded just before the handler runs, so intake never
 * re-derives the lifecycle on its own.
 */
@TicketEventHandlers({ ignores: ['SlaWarning', 'SlaBreached'] })
export class RequesterTicketsProjection {
  private readonly tickets: ReadModelTable<RequesterTicketRow>;
  private readonly timeline: ReadModelTable<PublicTimelineRow>;
  readonly tables: readonly ReadModelTable<object>[];

  constructor(
    database: DatabaseSettings,
    private readonly notifications: NotificationOutbox,
  ) {
    const schema = database.DATABASE_SCHEMA;
    this.tickets = readModelTable<RequesterTicketRow>(schema, 'requester_tickets');
    this.timeline = readModelTable<PublicTimelineRow>(schema, 'public_timeline', {
      readBeforeBatch: false,
    });
    this.tables = [this.tickets, this.timeline];
  }

  @OnTicketEvent('TicketSubmitted')
  submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
    const row: RequesterTicketRow = {
      ticket_id: event.ticketId,
      integrator_key_id:
        event.actor.kind === 'integrator' && UUID.test(event.actor.id) ? event.actor.id : null,
      channel: event.data.channel,
      requester_name: event.data.requester.name,
      requester_email: event.data.requester.email,
      summary: event.data.summary,
      category: event.data.category,
      status: 'new',
      level: 'L1',
      priority: null,
      created_at: event.occurredAt,
      updated_at: event.occurredAt,
    };
    // The row is as the lifecycle leaves a new ticket: nothing to follow.
    context.rows(this.tickets).put(row);
    this.addToTimeline(event, context);
    this.notifications.enqueueFor(event, standingOf(row), context);
  }

  /** Every later event: the requester's view follows the lifecycle and the public timeline. */
  @OnTicketEvent(
    'TicketPrioritized',
    'TicketTaken',
    'TicketEscalated',
    'TicketReturned',
    'TicketResolved',
    'TicketReopened',
    'TicketClosed',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'HardwareReturnProgressed',
    'TicketDiagnosed',
    'PhoneGuidanceNoted',
    'RemoteSessionStarted',
    'RemoteSessionEnded',
  )
  changed(event: TicketEvent, context: TicketEventContext): void {
    this.addToTimeline(event, context);
    const { lifecycle } = context;
    const tickets = context.rows(this.tickets);
    const key = { ticket_id: event.ticketId };
    const changed = tickets.patch(key, {
      status: lifecycle.status,
      level: lifecycle.owner,
      priority: lifecycle.priority,
      updated_at: lifecycle.updatedAt,
    });
    const row = tickets.get(key);
    if (!changed || !row) return;
    // In this batch: the event's notifications are queued exactly when it is applied.
    this.notifications.enqueueFor(event, standingOf(row), context);
  }

  private addToTimeline(event: TicketEvent, context: TicketEventContext): void {
    const entry = publicTimelineEntry(event);
    if (!entry) return;
    context.rows(this.timeline).put({
      ticket_id: event.ticketId,
      sequence: entry.sequence,
      type: entry.type,
      occurred_at: entry.occurredAt,
      public_text: entry.text,
      details: entry.details,
    });
  }
}

function standingOf(row: RequesterTicketRow) {
  return {
    ticketId: row.ticket_id,
    integratorKeyId: row.integrator_key_id,
    requesterName: row.requester_name,
    requesterEmail: row.requester_email,
    summary: row.summary,
    status: row.status,
    level: row.level,
    priority: row.priority,
  };
}
