import { randomUUID } from 'node:crypto';
import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, evolveLifecycle } from '@helpdesk/ticket-lifecycle';
import { aTicketEvent, aTicketSubmitted } from '@helpdesk/testing';

/** A ticket's lifecycle after submission and then `drafts`, folded the way every service folds it. */
export function lifecycleOf(...drafts: TicketEventDraft[]): TicketLifecycle {
  const ticketId = randomUUID();
  return drafts.reduce(
    (state, draft, index) => evolveLifecycle(state, aTicketEvent(draft, ticketId, index + 2)),
    evolveLifecycle(undefined, aTicketSubmitted({ ticketId })),
  );
}

export const resolvedDraft: TicketEventDraft<'TicketResolved'> = {
  type: 'TicketResolved',
  data: { level: 'L1', resolution: 'Restarted the VPN client', knowledgeArticleId: null },
};

export function takenDraft(technicianId: string): TicketEventDraft<'TicketTaken'> {
  return { type: 'TicketTaken', data: { level: 'L1', technicianId } };
}
