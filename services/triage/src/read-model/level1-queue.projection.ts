import { Inject } from '@nestjs/common';
import { TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { PriorityMatrix, priorityOf } from '@helpdesk/ticket-lifecycle';
import { ReadModelTable, readModelTable } from '@helpdesk/event-log';
import {
  DatabaseSettings,
  OnTicketEvent,
  TicketEventContext,
  TicketEventHandlers,
} from '@helpdesk/event-log-nest';
import { PRIORITY_MATRIX } from '../application/priority-matrix.provider';

interface Level1QueueRow {
  ticket_id: string;
  summary: string;
  description: string;
  category: string;
  channel: string;
  requester_name: string;
  requester_email: string;
  requester_phone: string | null;
  impact: string;
  urgency: string;
  priority: string;
  priority_assessed: boolean;
  owner: string;
  status: string;
  assignee: string | null;
  submitted_at: string | Date;
  updated_at: string | Date;
}

interface TimelineRow {
  ticket_id: string;
  sequence: number;
  type: string;
  occurred_at: string;
  producer: string;
  actor: object;
  data: object;
}

/**
 * The level-1 queue and the tickets' timelines, fed by every ticket event. Owner, status and
 * assignee are copied from the ticket's lifecycle, which the kernel folds just before these
 * handlers run: one fold of the rules, not two.
 */
@TicketEventHandlers({ ignores: ['SlaWarning', 'SlaBreached'] })
export class Level1QueueProjection {
  private readonly queue: ReadModelTable<Level1QueueRow>;
  private readonly timeline: ReadModelTable<TimelineRow>;
  readonly tables: readonly ReadModelTable<object>[];

  constructor(
    database: DatabaseSettings,
    @Inject(PRIORITY_MATRIX) private readonly matrix: PriorityMatrix,
  ) {
    const schema = database.DATABASE_SCHEMA;
    this.queue = readModelTable<Level1QueueRow>(schema, 'level1_queue');
    this.timeline = readModelTable<TimelineRow>(schema, 'ticket_timeline', {
      readBeforeBatch: false,
    });
    this.tables = [this.queue, this.timeline];
  }

  /**
   * Until a technician assesses it, the priority is the matrix's verdict on the requester's
   * own impact and urgency, so that a new ticket already has its place in the queue.
   */
  @OnTicketEvent('TicketSubmitted')
  submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
    const { data } = event;
    context.rows(this.queue).put({
      ticket_id: event.ticketId,
      summary: data.summary,
      description: data.description,
      category: data.category,
      channel: data.channel,
      requester_name: data.requester.name,
      requester_email: data.requester.email,
      requester_phone: data.requester.phone,
      impact: data.impact,
      urgency: data.urgency,
      priority: priorityOf(data.impact, data.urgency, this.matrix),
      priority_assessed: false,
      owner: 'L1',
      status: 'new',
      assignee: null,
      submitted_at: event.occurredAt,
      updated_at: event.occurredAt,
    });
    this.record(event, context);
  }

  @OnTicketEvent('TicketPrioritized')
  prioritized(event: TicketEventOfType<'TicketPrioritized'>, context: TicketEventContext): void {
    context.rows(this.queue).patch(
      { ticket_id: event.ticketId },
      {
        impact: event.data.impact,
        urgency: event.data.urgency,
        priority: event.data.priority,
        priority_assessed: true,
      },
    );
    this.follow(event, context);
  }

  /**
   * The ticket's row follows its lifecycle (away from level 1 it leaves the queue, back to it
   * it is there again), and every event joins its timeline: what the other levels do shows in
   * the timeline of a ticket level 1 handed over.
   */
  @OnTicketEvent(
    'TicketTaken',
    'TicketEscalated',
    'TicketReturned',
    'TicketReopened',
    'TicketResolved',
    'TicketClosed',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'TicketDiagnosed',
    'HardwareReturnProgressed',
    'PhoneGuidanceNoted',
    'RemoteSessionStarted',
    'RemoteSessionEnded',
  )
  follow(event: TicketEvent, context: TicketEventContext): void {
    const { lifecycle } = context;
    context.rows(this.queue).patch(
      { ticket_id: event.ticketId },
      {
        owner: lifecycle.owner,
        status: lifecycle.status,
        assignee: lifecycle.assignee,
        updated_at: event.occurredAt,
      },
    );
    this.record(event, context);
  }

  private record(event: TicketEvent, context: TicketEventContext): void {
    context.rows(this.timeline).put({
      ticket_id: event.ticketId,
      sequence: event.sequence,
      type: event.type,
      occurred_at: event.occurredAt,
      producer: event.producer,
      actor: event.actor,
      data: event.data,
    });
  }
}
