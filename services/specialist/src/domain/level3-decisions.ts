import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';

/** The queue of tickets that reached level 3 without a qualified domain. */
export const UNQUALIFIED_DOMAIN = 'unqualified';

/** A technician whose skills do not cover the ticket's domain. */
export class NotQualifiedError extends Error {
  override readonly name = 'NotQualifiedError';
}

/** Who acts at level 3: a technician, the domains they are registered for, or a supervisor. */
export interface ActingSpecialist {
  readonly id: string;
  readonly supervisor: boolean;
  /** The domains of the specialist with this technician's id; null when there is none. */
  readonly skills: readonly string[] | null;
}

/** A specialist takes tickets of the domains they are skilled in; a supervisor takes any. */
export function assertQualified(state: TicketLifecycle, who: ActingSpecialist): void {
  if (who.supervisor) return;
  const domain = state.domain ?? UNQUALIFIED_DOMAIN;
  if (who.skills === null) {
    throw new NotQualifiedError(`technician ${who.id} is not a registered specialist`);
  }
  if (!who.skills.includes(domain)) {
    throw new NotQualifiedError(
      `ticket ${state.ticketId} is in the ${domain} queue; ${who.id} specialises in ${who.skills.join(', ') || 'nothing yet'}`,
    );
  }
}

function assertOpenForWork(state: TicketLifecycle): void {
  if (state.status === 'resolved') {
    throw new TicketStateError(
      `ticket ${state.ticketId} is resolved: the requester confirms or reopens it`,
    );
  }
}

export function decideTake(state: TicketLifecycle, who: ActingSpecialist): TicketEventDraft[] {
  assertOpenForWork(state);
  assertQualified(state, who);
  if (state.assignee === who.id) {
    throw new TicketStateError(`ticket ${state.ticketId} is already taken by ${who.id}`);
  }
  return [
    {
      type: 'TicketTaken',
      data: { level: 'L3', technicianId: who.id },
    } satisfies TicketEventDraft<'TicketTaken'>,
  ];
}

/** The specialist who took the ticket (or a supervisor) resolves it. */
export function decideResolution(
  state: TicketLifecycle,
  who: Pick<ActingSpecialist, 'id' | 'supervisor'>,
  resolution: string,
): TicketEventDraft[] {
  assertOpenForWork(state);
  if (!who.supervisor && state.assignee !== who.id) {
    throw new TicketStateError(
      state.assignee
        ? `ticket ${state.ticketId} is taken by ${state.assignee}`
        : `take ticket ${state.ticketId} first`,
    );
  }
  return [
    {
      type: 'TicketResolved',
      data: { level: 'L3', resolution, knowledgeArticleId: null },
    } satisfies TicketEventDraft<'TicketResolved'>,
  ];
}

/** Back to level 2: misqualified, or level 2 can finish it with what level 3 found. */
export function decideHandBack(state: TicketLifecycle, reason: string): TicketEventDraft[] {
  assertOpenForWork(state);
  return [
    {
      type: 'TicketReturned',
      data: { fromLevel: 'L3', toLevel: 'L2', reason },
    } satisfies TicketEventDraft<'TicketReturned'>,
  ];
}
