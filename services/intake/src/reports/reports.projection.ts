import { Ctx, Payload } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';
import { ProjectionContext } from '@helpdesk/event-log';
import {
  OnTicketEvent,
  READ_MODEL_RESET,
  TicketEventHandlers,
  TicketEventStream,
} from '@helpdesk/event-log-nest';
import { TicketEvent, TicketEventOfType } from '@helpdesk/ticket-events';
import { ReportTables } from './report-tables';

type Move = TicketEventOfType<'TicketEscalated' | 'TicketReturned' | 'TicketReopened'>;

const ARRIVAL: Record<Move['type'], string> = {
  TicketEscalated: 'escalated',
  TicketReturned: 'returned',
  TicketReopened: 'reopened',
};

/**
 * The reports' read model, fed by the whole log: every ticket's owner, priority and standing
 * (copied from the ticket_lifecycle row the kernel folded just before), each stay of a ticket
 * at a tier (from its arrival to its escalation, return, resolution or closing), and the SLA
 * warnings and breaches. Writes are idempotent, so a replayed event changes nothing.
 */
@TicketEventHandlers()
export class ReportsProjection {
  constructor(
    private readonly stream: TicketEventStream,
    private readonly tables: ReportTables,
  ) {}

  @OnTicketEvent('TicketSubmitted')
  async submitted(
    @Payload() event: TicketEventOfType<'TicketSubmitted'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.tables.tickets} (ticket_id, submitted_at, owner)
       VALUES ($1, $2, 'L1') ON CONFLICT (ticket_id) DO NOTHING`,
      [event.ticketId, event.occurredAt],
    );
    await manager.query(
      `INSERT INTO ${this.tables.stays} (ticket_id, sequence, level, arrived_at, arrived_by)
       VALUES ($1, $2, 'L1', $3, 'submitted') ON CONFLICT DO NOTHING`,
      [event.ticketId, event.sequence, event.occurredAt],
    );
  }

  /** Ownership moved: the stay at the old tier ends, one at the new tier begins. */
  @OnTicketEvent('TicketEscalated', 'TicketReturned', 'TicketReopened')
  async moved(@Payload() event: Move, @Ctx() { manager }: ProjectionContext): Promise<void> {
    const arrivedBy = ARRIVAL[event.type];
    await this.leave(manager, event, arrivedBy);
    await manager.query(
      `INSERT INTO ${this.tables.stays}
         (ticket_id, sequence, level, arrived_at, arrived_by, from_level)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [
        event.ticketId,
        event.sequence,
        event.data.toLevel,
        event.occurredAt,
        arrivedBy,
        event.type === 'TicketReopened' ? null : event.data.fromLevel,
      ],
    );
    await this.follow(manager, event);
  }

  @OnTicketEvent('TicketResolved')
  async resolved(
    @Payload() event: TicketEventOfType<'TicketResolved'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.leave(manager, event, 'resolved');
    await this.follow(manager, event);
  }

  @OnTicketEvent('TicketClosed')
  async closed(
    @Payload() event: TicketEventOfType<'TicketClosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.leave(manager, event, 'closed');
    await this.follow(manager, event);
  }

  @OnTicketEvent('TicketPrioritized')
  async prioritized(
    @Payload() event: TicketEventOfType<'TicketPrioritized'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.follow(manager, event);
  }

  @OnTicketEvent('SlaWarning', 'SlaBreached')
  async sla(
    @Payload() event: TicketEventOfType<'SlaWarning' | 'SlaBreached'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.tables.sla}
         (ticket_id, level, target, kind, policy, due_at, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        event.ticketId,
        event.data.level,
        event.data.target,
        event.type === 'SlaBreached' ? 'breach' : 'warning',
        event.data.policy,
        event.data.dueAt,
        event.occurredAt,
      ],
    );
  }

  @OnTicketEvent(READ_MODEL_RESET)
  async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
    await manager.query(
      `TRUNCATE ${this.tables.tickets}, ${this.tables.stays}, ${this.tables.sla}`,
    );
  }

  /** Ends the ticket's current stay (a stay begun by this very event is left alone). */
  private async leave(manager: EntityManager, event: TicketEvent, leftBy: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.tables.stays} SET left_at = $3, left_by = $4
       WHERE ticket_id = $1 AND left_at IS NULL AND sequence < $2`,
      [event.ticketId, event.sequence, event.occurredAt, leftBy],
    );
  }

  private async follow(manager: EntityManager, event: TicketEvent): Promise<void> {
    const state = await this.stream.lifecycle.load(manager, event.ticketId);
    if (!state) return;
    await manager.query(
      `UPDATE ${this.tables.tickets}
       SET owner = $2, priority = $3, resolved_at = $4,
           closed_at = CASE WHEN $5 THEN coalesce(closed_at, $6) END
       WHERE ticket_id = $1`,
      [
        event.ticketId,
        state.owner,
        state.priority,
        state.resolvedAt,
        state.status === 'closed',
        state.updatedAt,
      ],
    );
  }
}
