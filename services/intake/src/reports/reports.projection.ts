import { ReadModelTable, readModelTable } from '@helpdesk/event-log';
import {
  DatabaseSettings,
  OnTicketEvent,
  TicketEventContext,
  TicketEventHandlers,
} from '@helpdesk/event-log-nest';
import { TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';

type Move = TicketEventOfType<'TicketEscalated' | 'TicketReturned' | 'TicketReopened'>;

const ARRIVAL: Record<Move['type'], string> = {
  TicketEscalated: 'escalated',
  TicketReturned: 'returned',
  TicketReopened: 'reopened',
};

interface ReportTicketRow {
  ticket_id: string;
  submitted_at: string | Date;
  priority: string | null;
  owner: string;
  resolved_at: string | Date | null;
  closed_at: string | Date | null;
}

interface TierStayRow {
  ticket_id: string;
  sequence: number;
  level: string;
  arrived_at: string | Date;
  arrived_by: string;
  from_level: string | null;
  left_at: string | Date | null;
  left_by: string | null;
}

interface SlaEventRow {
  ticket_id: string;
  level: string;
  target: string;
  kind: 'warning' | 'breach';
  policy: string;
  due_at: string;
  occurred_at: string;
}

/**
 * The reports' read model, fed by the whole log: every ticket's owner, priority and standing
 * (copied from the lifecycle the kernel folded just before), each stay of a ticket at a tier
 * (from its arrival to its escalation, return, resolution or closing), and the SLA warnings
 * and breaches.
 */
@TicketEventHandlers({
  ignores: [
    'TicketTaken',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'TicketDiagnosed',
    'HardwareReturnProgressed',
    'PhoneGuidanceNoted',
    'RemoteSessionStarted',
    'RemoteSessionEnded',
  ],
})
export class ReportsProjection {
  private readonly tickets: ReadModelTable<ReportTicketRow>;
  private readonly stays: ReadModelTable<TierStayRow>;
  private readonly sla: ReadModelTable<SlaEventRow>;
  readonly tables: readonly ReadModelTable<object>[];

  constructor(database: DatabaseSettings) {
    const schema = database.DATABASE_SCHEMA;
    this.tickets = readModelTable<ReportTicketRow>(schema, 'report_tickets');
    this.stays = readModelTable<TierStayRow>(schema, 'report_tier_stays');
    this.sla = readModelTable<SlaEventRow>(schema, 'report_sla_events', {
      readBeforeBatch: false,
    });
    this.tables = [this.tickets, this.stays, this.sla];
  }

  @OnTicketEvent('TicketSubmitted')
  submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
    context.rows(this.tickets).put({
      ticket_id: event.ticketId,
      submitted_at: event.occurredAt,
      priority: null,
      owner: 'L1',
      resolved_at: null,
      closed_at: null,
    });
    this.arrive(event, context, 'L1', 'submitted', null);
  }

  /** Ownership moved: the stay at the old tier ends, one at the new tier begins. */
  @OnTicketEvent('TicketEscalated', 'TicketReturned', 'TicketReopened')
  moved(event: Move, context: TicketEventContext): void {
    const arrivedBy = ARRIVAL[event.type];
    this.leave(event, context, arrivedBy);
    const fromLevel = event.type === 'TicketReopened' ? null : event.data.fromLevel;
    this.arrive(event, context, event.data.toLevel, arrivedBy, fromLevel);
    this.follow(event, context);
  }

  @OnTicketEvent('TicketResolved')
  resolved(event: TicketEventOfType<'TicketResolved'>, context: TicketEventContext): void {
    this.leave(event, context, 'resolved');
    this.follow(event, context);
  }

  @OnTicketEvent('TicketClosed')
  closed(event: TicketEventOfType<'TicketClosed'>, context: TicketEventContext): void {
    this.leave(event, context, 'closed');
    this.follow(event, context);
  }

  @OnTicketEvent('TicketPrioritized')
  prioritized(event: TicketEventOfType<'TicketPrioritized'>, context: TicketEventContext): void {
    this.follow(event, context);
  }

  @OnTicketEvent('SlaWarning', 'SlaBreached')
  slaEvent(
    event: TicketEventOfType<'SlaWarning' | 'SlaBreached'>,
    context: TicketEventContext,
  ): void {
    context.rows(this.sla).put({
      ticket_id: event.ticketId,
      level: event.data.level,
      target: event.data.target,
      kind: event.type === 'SlaBreached' ? 'breach' : 'warning',
      policy: event.data.policy,
      due_at: event.data.dueAt,
      occurred_at: event.occurredAt,
    });
  }

  private arrive(
    event: TicketEvent,
    context: TicketEventContext,
    level: string,
    arrivedBy: string,
    fromLevel: string | null,
  ): void {
    context.rows(this.stays).put({
      ticket_id: event.ticketId,
      sequence: event.sequence,
      level,
      arrived_at: event.occurredAt,
      arrived_by: arrivedBy,
      from_level: fromLevel,
      left_at: null,
      left_by: null,
    });
  }

  /** Ends the ticket's current stay (a stay begun by this very event is left alone). */
  private leave(event: TicketEvent, context: TicketEventContext, leftBy: string): void {
    const stays = context.rows(this.stays);
    for (const stay of stays.ofTicket(event.ticketId)) {
      if (stay.left_at === null && stay.sequence < event.sequence) {
        stays.patch(stay, { left_at: event.occurredAt, left_by: leftBy });
      }
    }
  }

  private follow(event: TicketEvent, context: TicketEventContext): void {
    const { lifecycle } = context;
    const tickets = context.rows(this.tickets);
    const key = { ticket_id: event.ticketId };
    const closedAt = tickets.get(key)?.closed_at ?? null;
    tickets.patch(key, {
      owner: lifecycle.owner,
      priority: lifecycle.priority,
      resolved_at: lifecycle.resolvedAt,
      closed_at: lifecycle.status === 'closed' ? (closedAt ?? lifecycle.updatedAt) : null,
    });
  }
}
