import { SupportLevel } from '@helpdesk/ticket-events';
import { TicketLifecycle } from './ticket-lifecycle';

/** A level tried to change a ticket that another level owns. */
export class NotTicketOwnerError extends Error {
  override readonly name = 'NotTicketOwnerError';
  constructor(
    readonly ticketId: string,
    readonly owner: SupportLevel,
    readonly attemptedBy: SupportLevel,
  ) {
    super(`ticket ${ticketId} is owned by ${owner}, not ${attemptedBy}`);
  }
}

/** The command does not fit where the ticket stands (already closed, not resolved, ...). */
export class TicketStateError extends Error {
  override readonly name = 'TicketStateError';
}

/** Invariant 2: only the owner changes a ticket, and nobody changes a closed one. */
export function assertOwnedBy(state: TicketLifecycle, level: SupportLevel): void {
  if (state.owner !== level) throw new NotTicketOwnerError(state.ticketId, state.owner, level);
  if (state.status === 'closed') throw new TicketStateError(`ticket ${state.ticketId} is closed`);
}
