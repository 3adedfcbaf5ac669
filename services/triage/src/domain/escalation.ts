import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { assertWorkable } from './open-ticket';

/** What level 1 cannot solve goes to level 2, which qualifies the domain itself. */
export function decideEscalation(state: TicketLifecycle, reason: string): TicketEventDraft[] {
  assertWorkable(state);
  return [
    {
      type: 'TicketEscalated',
      data: { fromLevel: 'L1', toLevel: 'L2', reason, domain: null },
    },
  ];
}
