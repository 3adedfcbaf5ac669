import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { assertWorkable } from './open-ticket';

/** A technician takes a ticket for themselves; taking someone else's ticket is an assignment. */
export function decideTake(state: TicketLifecycle, technicianId: string): TicketEventDraft[] {
  assertWorkable(state);
  if (state.assignee === technicianId) return [];
  if (state.assignee) {
    throw new TicketStateError(
      `ticket ${state.ticketId} is already assigned to ${state.assignee}: assign it instead`,
    );
  }
  return [taken(technicianId)];
}

/** Dispatch: give the ticket to a technician, whoever had it. */
export function decideAssignment(state: TicketLifecycle, technicianId: string): TicketEventDraft[] {
  assertWorkable(state);
  if (state.assignee === technicianId) return [];
  return [taken(technicianId)];
}

function taken(technicianId: string): TicketEventDraft<'TicketTaken'> {
  return { type: 'TicketTaken', data: { level: 'L1', technicianId } };
}
