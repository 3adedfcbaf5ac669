import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { assertWorkable } from './open-ticket';

/** Level 1 asks the requester something; the ticket waits for the answer. */
export function decideInformationRequest(
  state: TicketLifecycle,
  question: string,
): TicketEventDraft[] {
  assertWorkable(state);
  return [{ type: 'RequesterInformationRequested', data: { level: 'L1', question } }];
}
