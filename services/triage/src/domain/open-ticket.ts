import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';

/**
 * The bus already refuses a closed ticket or one another level owns. A resolved ticket is
 * still owned by level 1, but waits for the requester to confirm or reopen it: level 1 does
 * not work on it meanwhile.
 */
export function assertWorkable(state: TicketLifecycle): void {
  if (state.status === 'resolved') {
    throw new TicketStateError(
      `ticket ${state.ticketId} is already resolved: it waits for the requester to confirm or reopen it`,
    );
  }
}
