import { Inject } from '@nestjs/common';
import { TicketEvent } from '@helpdesk/ticket-events';
import { ReadModelTable } from '@helpdesk/event-log';
import { OnTicketEvent, TicketEventContext, TicketEventHandlers } from '@helpdesk/event-log-nest';
import { SLA_TARGETS, ServiceLevelRules, evolveServiceLevelTimer } from '@helpdesk/service-levels';
import { ServiceLevelTimerStore, toTimer, toTimerRow } from './service-level-timer.store';
import { SERVICE_LEVEL_RULES } from './service-level.tokens';

/**
 * The tier's timers, folded from every event that moves them, in the projection's batch (and
 * in the command's, for the tier's own events): after the kernel has folded the event into the
 * ticket's lifecycle, which the timers follow.
 */
@TicketEventHandlers({
  ignores: [
    'TicketDiagnosed',
    'HardwareReturnProgressed',
    'PhoneGuidanceNoted',
    'RemoteSessionStarted',
    'RemoteSessionEnded',
  ],
})
export class ServiceLevelTimersProjection {
  readonly tables: readonly ReadModelTable<object>[];

  constructor(
    private readonly timers: ServiceLevelTimerStore,
    @Inject(SERVICE_LEVEL_RULES) private readonly rules: ServiceLevelRules,
  ) {
    this.tables = [timers.table];
  }

  @OnTicketEvent(
    'TicketSubmitted',
    'TicketPrioritized',
    'TicketTaken',
    'TicketEscalated',
    'TicketReturned',
    'TicketResolved',
    'TicketReopened',
    'TicketClosed',
    'RequesterInformationRequested',
    'RequesterInformationAdded',
    'SlaWarning',
    'SlaBreached',
  )
  apply(event: TicketEvent, context: TicketEventContext): void {
    const rows = context.rows(this.timers.table);
    const current = rows.ofTicket(event.ticketId).map(toTimer);
    for (const target of SLA_TARGETS) {
      const timer = current.find((candidate) => candidate.target === target);
      const changed = evolveServiceLevelTimer(timer, target, event, context.lifecycle, this.rules);
      if (changed) rows.put(toTimerRow(changed));
    }
  }
}
