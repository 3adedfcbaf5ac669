import { Channel, TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketStateError } from './ownership';
import { TicketLifecycle } from './ticket-lifecycle';

/**
 * What the requester may do on their ticket, whichever level owns it. The owning level
 * decides (and emits), so a requester's action never bypasses ownership.
 */
export function decideRequesterReply(
  state: TicketLifecycle,
  message: string,
  channel: Channel,
): TicketEventDraft[] {
  if (state.status === 'resolved') {
    throw new TicketStateError('the ticket is resolved: confirm or reopen it instead');
  }
  return [{ type: 'RequesterInformationAdded', data: { message, channel } }];
}

export function decideConfirmation(state: TicketLifecycle): TicketEventDraft[] {
  if (state.status !== 'resolved')
    throw new TicketStateError('only a resolved ticket can be confirmed');
  return [{ type: 'TicketClosed', data: { reason: 'confirmed-by-requester' } }];
}

/** A resolved ticket goes back to the level that resolved it, within the reopen window. */
export function decideReopening(
  state: TicketLifecycle,
  reason: string,
  now: Date,
  reopenWindowMs: number,
): TicketEventDraft[] {
  if (state.status !== 'resolved' || !state.resolvedBy || !state.resolvedAt) {
    throw new TicketStateError('only a resolved ticket can be reopened');
  }
  if (now.getTime() - Date.parse(state.resolvedAt) > reopenWindowMs) {
    throw new TicketStateError('the reopen window has passed: submit a new ticket');
  }
  return [{ type: 'TicketReopened', data: { toLevel: state.resolvedBy, reason } }];
}
