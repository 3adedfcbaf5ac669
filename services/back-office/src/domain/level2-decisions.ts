import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { isHardwareReturnUnderway } from './hardware-return';
import {
  ActingTechnician,
  DiagnosisOutcome,
  Level2Case,
  assertNoOpenRemoteSession,
  assertNotResolved,
  assertWorkedBy,
} from './level2-case';

/** A level 2 technician takes the ticket over (from nobody, or from a colleague). */
export function decideTake(
  state: TicketLifecycle,
  technician: ActingTechnician,
): TicketEventDraft[] {
  assertNotResolved(state);
  if (state.assignee === technician.id) {
    throw new TicketStateError(`ticket ${state.ticketId} is already taken by ${technician.id}`);
  }
  return [
    {
      type: 'TicketTaken',
      data: { level: 'L2', technicianId: technician.id },
    } satisfies TicketEventDraft<'TicketTaken'>,
  ];
}

/**
 * Where the problem comes from, and what follows. A diagnosis may be revised, but not while a
 * remote session is open or hardware is on its way.
 */
export function decideDiagnosis(
  state: TicketLifecycle,
  file: Level2Case,
  technician: ActingTechnician,
  input: { readonly diagnosis: string; readonly outcome: DiagnosisOutcome },
): TicketEventDraft[] {
  assertWorkedBy(state, technician);
  assertNoOpenRemoteSession(state, file);
  if (isHardwareReturnUnderway(file.hardwareReturn)) {
    throw new TicketStateError(
      `hardware return ${file.hardwareReturn?.rmaNumber} of ticket ${state.ticketId} is underway (${file.hardwareReturn?.step})`,
    );
  }
  return [
    {
      type: 'TicketDiagnosed',
      data: { diagnosis: input.diagnosis, outcome: input.outcome },
    } satisfies TicketEventDraft<'TicketDiagnosed'>,
  ];
}

/** Notes of the call in which the technician walked the user through the fix. */
export function decidePhoneGuidance(
  state: TicketLifecycle,
  file: Level2Case,
  technician: ActingTechnician,
  notes: string,
): TicketEventDraft[] {
  assertWorkedBy(state, technician);
  if (file.outcome !== 'phone-guidance') {
    throw new TicketStateError(
      `phone guidance needs the diagnosis outcome phone-guidance; ticket ${state.ticketId} has ${file.outcome ?? 'no diagnosis yet'}`,
    );
  }
  return [
    {
      type: 'PhoneGuidanceNoted',
      data: { level: 'L2', notes },
    } satisfies TicketEventDraft<'PhoneGuidanceNoted'>,
  ];
}

export function decideResolution(
  state: TicketLifecycle,
  file: Level2Case,
  technician: ActingTechnician,
  resolution: string,
): TicketEventDraft[] {
  assertWorkedBy(state, technician);
  assertNoOpenRemoteSession(state, file);
  return [
    {
      type: 'TicketResolved',
      data: { level: 'L2', resolution, knowledgeArticleId: null },
    } satisfies TicketEventDraft<'TicketResolved'>,
  ];
}

/** What level 2 cannot solve goes to level 3, with the domain it qualified. */
export function decideEscalation(
  state: TicketLifecycle,
  file: Level2Case,
  input: { readonly reason: string; readonly domain: string },
): TicketEventDraft[] {
  assertNotResolved(state);
  assertNoOpenRemoteSession(state, file);
  return [
    {
      type: 'TicketEscalated',
      data: { fromLevel: 'L2', toLevel: 'L3', reason: input.reason, domain: input.domain },
    } satisfies TicketEventDraft<'TicketEscalated'>,
  ];
}

/** A ticket that level 1 should handle after all goes back there. */
export function decideSendBack(
  state: TicketLifecycle,
  file: Level2Case,
  reason: string,
): TicketEventDraft[] {
  assertNotResolved(state);
  assertNoOpenRemoteSession(state, file);
  return [
    {
      type: 'TicketReturned',
      data: { fromLevel: 'L2', toLevel: 'L1', reason },
    } satisfies TicketEventDraft<'TicketReturned'>,
  ];
}
