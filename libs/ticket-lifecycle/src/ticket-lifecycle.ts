import { Priority, SupportLevel, TicketEvent } from '@helpdesk/ticket-events';

export type TicketStatus = 'new' | 'in-progress' | 'waiting-for-requester' | 'resolved' | 'closed';

/**
 * What every service knows of every ticket, folded from the log: who owns it, where it stands.
 * It is the protocol between the tiers (ownership moves only with these events), not the
 * business of one tier.
 */
export interface TicketLifecycle {
  readonly ticketId: string;
  readonly sequence: number;
  readonly owner: SupportLevel;
  readonly status: TicketStatus;
  readonly priority: Priority | null;
  readonly assignee: string | null;
  /** The domain level 2 qualified, for level 3. */
  readonly domain: string | null;
  readonly resolvedBy: SupportLevel | null;
  readonly resolvedAt: string | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
}

export function evolveLifecycle(
  state: TicketLifecycle | undefined,
  event: TicketEvent,
): TicketLifecycle {
  if (event.type === 'TicketSubmitted') {
    return {
      ticketId: event.ticketId,
      sequence: event.sequence,
      owner: 'L1',
      status: 'new',
      priority: null,
      assignee: null,
      domain: null,
      resolvedBy: null,
      resolvedAt: null,
      submittedAt: event.occurredAt,
      updatedAt: event.occurredAt,
    };
  }
  if (!state) {
    throw new Error(
      `${event.type} #${event.sequence} for ticket ${event.ticketId} before it was submitted`,
    );
  }
  const next = { ...state, sequence: event.sequence, updatedAt: event.occurredAt };
  switch (event.type) {
    case 'TicketPrioritized':
      return { ...next, priority: event.data.priority };
    case 'TicketTaken':
      return { ...next, assignee: event.data.technicianId, status: 'in-progress' };
    case 'TicketEscalated':
      return {
        ...next,
        owner: event.data.toLevel,
        assignee: null,
        status: 'new',
        domain: event.data.domain ?? state.domain,
      };
    case 'TicketReturned':
      return { ...next, owner: event.data.toLevel, assignee: null, status: 'new' };
    case 'TicketResolved':
      return {
        ...next,
        status: 'resolved',
        resolvedBy: event.data.level,
        resolvedAt: event.occurredAt,
      };
    case 'TicketReopened':
      return {
        ...next,
        owner: event.data.toLevel,
        status: state.assignee ? 'in-progress' : 'new',
        resolvedBy: null,
        resolvedAt: null,
      };
    case 'TicketClosed':
      return { ...next, status: 'closed' };
    case 'RequesterInformationRequested':
      return { ...next, status: 'waiting-for-requester' };
    case 'RequesterInformationAdded':
      return {
        ...next,
        status: state.status === 'waiting-for-requester' ? workingStatus(state) : state.status,
      };
    case 'TicketDiagnosed':
    case 'HardwareReturnProgressed':
    case 'PhoneGuidanceNoted':
    case 'RemoteSessionStarted':
    case 'RemoteSessionEnded':
      return { ...next, status: state.status === 'new' ? 'in-progress' : state.status };
    case 'SlaWarning':
    case 'SlaBreached':
      // Facts about time, not about the work: ownership and status stay.
      return next;
    default:
      return assertNever(event);
  }
}

function workingStatus(state: TicketLifecycle): TicketStatus {
  return state.assignee ? 'in-progress' : 'new';
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
