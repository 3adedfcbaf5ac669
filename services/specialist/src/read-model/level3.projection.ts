import { TicketEventOfType } from '@helpdesk/ticket-events';
import {
  DatabaseSettings,
  OnTicketEvent,
  TicketEventContext,
  TicketEventHandlers,
} from '@helpdesk/event-log-nest';
import { TierProjection, tierTables } from '@helpdesk/tier-desk';
import { UNQUALIFIED_DOMAIN } from '../domain/level3-decisions';
import { Level3Arrival } from './level3.entities';

/**
 * Level 3's read model. A ticket is in a domain's queue while level 3 owns it and it is not
 * closed; the owner, status, assignee and qualified domain come from the shared lifecycle,
 * which the kernel has already folded with the event when a handler runs. A rebuild empties
 * its three tables; the specialists are not the log's to rebuild.
 */
@TicketEventHandlers({ ignores: ['SlaWarning', 'SlaBreached'] })
export class Level3Projection extends TierProjection<Level3Arrival> {
  constructor(database: DatabaseSettings) {
    super({
      level: 'L3',
      ...tierTables(database.DATABASE_SCHEMA, 'level3'),
      queueColumns: (state) => ({ domain: state.domain ?? UNQUALIFIED_DOMAIN }),
    });
  }

  @OnTicketEvent('TicketDiagnosed')
  diagnosed(event: TicketEventOfType<'TicketDiagnosed'>, context: TicketEventContext): void {
    this.tier.record(event, context, {
      level2_diagnosis: event.data.diagnosis,
      level2_outcome: event.data.outcome,
    });
  }

  @OnTicketEvent('TicketEscalated')
  escalated(event: TicketEventOfType<'TicketEscalated'>, context: TicketEventContext): void {
    if (event.data.toLevel !== 'L3') return this.tier.record(event, context);
    this.tier.record(
      event,
      context,
      { escalation_reason: event.data.reason, qualified_domain: event.data.domain },
      { arrivedBy: 'escalation', arrivalReason: event.data.reason },
    );
  }

  @OnTicketEvent('TicketReopened')
  reopened(event: TicketEventOfType<'TicketReopened'>, context: TicketEventContext): void {
    if (event.data.toLevel !== 'L3') return this.tier.record(event, context);
    this.tier.record(
      event,
      context,
      {},
      { arrivedBy: 'reopening', arrivalReason: event.data.reason },
    );
  }

  /** Level 2's work and returns: on the timeline, nothing more at level 3. */
  @OnTicketEvent(
    'TicketReturned',
    'HardwareReturnProgressed',
    'RemoteSessionStarted',
    'RemoteSessionEnded',
  )
  level2WorkRecorded(
    event: TicketEventOfType<
      'TicketReturned' | 'HardwareReturnProgressed' | 'RemoteSessionStarted' | 'RemoteSessionEnded'
    >,
    context: TicketEventContext,
  ): void {
    this.tier.record(event, context);
  }
}
