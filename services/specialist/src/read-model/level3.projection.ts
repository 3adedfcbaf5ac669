import { Ctx, Payload } from '@nestjs/microservices';
import { TicketEventOfType } from '@helpdesk/ticket-events';
import { ProjectionContext } from '@helpdesk/event-log';
import { OnTicketEvent, TicketEventHandlers, TicketEventStream } from '@helpdesk/event-log-nest';
import { TierProjection } from '@helpdesk/tier-desk';
import { UNQUALIFIED_DOMAIN } from '../domain/level3-decisions';
import {
  Level3Arrival,
  Level3QueueEntry,
  Level3Ticket,
  Level3TimelineEntry,
} from './level3.entities';

/**
 * Level 3's read model. A ticket is in a domain's queue while level 3 owns it and it is not
 * closed; the owner, status, assignee and qualified domain come from the shared lifecycle,
 * which the kernel has already folded with the event when a handler runs. A rebuild empties
 * its three tables; the specialists are not the log's to rebuild.
 */
@TicketEventHandlers()
export class Level3Projection extends TierProjection<Level3Ticket, Level3Arrival> {
  constructor(stream: TicketEventStream) {
    super(
      {
        level: 'L3',
        ticket: Level3Ticket,
        queue: Level3QueueEntry,
        timeline: Level3TimelineEntry,
        queueColumns: (state) => ({ domain: state.domain ?? UNQUALIFIED_DOMAIN }),
      },
      stream,
    );
  }

  @OnTicketEvent('TicketDiagnosed')
  async diagnosed(
    @Payload() event: TicketEventOfType<'TicketDiagnosed'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.tier.record(manager, event, {
      level2Diagnosis: event.data.diagnosis,
      level2Outcome: event.data.outcome,
    });
  }

  @OnTicketEvent('TicketEscalated')
  async escalated(
    @Payload() event: TicketEventOfType<'TicketEscalated'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    if (event.data.toLevel !== 'L3') return this.tier.record(manager, event);
    await this.tier.record(
      manager,
      event,
      { escalationReason: event.data.reason, qualifiedDomain: event.data.domain },
      { arrivedBy: 'escalation', arrivalReason: event.data.reason },
    );
  }

  @OnTicketEvent('TicketReopened')
  async reopened(
    @Payload() event: TicketEventOfType<'TicketReopened'>,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    if (event.data.toLevel !== 'L3') return this.tier.record(manager, event);
    await this.tier.record(
      manager,
      event,
      {},
      {
        arrivedBy: 'reopening',
        arrivalReason: event.data.reason,
      },
    );
  }

  /** Level 2's work and returns: on the timeline, nothing more at level 3. */
  @OnTicketEvent(
    'TicketReturned',
    'HardwareReturnProgressed',
    'RemoteSessionStarted',
    'RemoteSessionEnded',
  )
  async level2WorkRecorded(
    @Payload()
    event: TicketEventOfType<
      'TicketReturned' | 'HardwareReturnProgressed' | 'RemoteSessionStarted' | 'RemoteSessionEnded'
    >,
    @Ctx() { manager }: ProjectionContext,
  ): Promise<void> {
    await this.tier.record(manager, event);
  }
}
