import { Priority, SupportLevel } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStatus } from '@helpdesk/ticket-lifecycle';

/** What intake answers about a ticket it just opened or acted on. */
export interface TicketSummary {
  id: string;
  status: TicketStatus;
  /** The level that owns the ticket. */
  level: SupportLevel;
  priority: Priority | null;
  links: { self: string };
}

export function ticketLink(ticketId: string): string {
  return `/api/v1/tickets/${ticketId}`;
}

/** Only the public part of a lifecycle: never the assignee or the qualified domain. */
export function summaryOf(
  state: Pick<TicketLifecycle, 'ticketId' | 'status' | 'owner' | 'priority'>,
): TicketSummary {
  return {
    id: state.ticketId,
    status: state.status,
    level: state.owner,
    priority: state.priority,
    links: { self: ticketLink(state.ticketId) },
  };
}
