import {
  HardwareReturnProgressedV1,
  TicketDiagnosedV1,
  TicketEventData,
} from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';

export type DiagnosisOutcome = TicketEventData<'TicketDiagnosed'>['outcome'];
/** What a diagnosis can lead to, as the event contract lists them. */
export const DIAGNOSIS_OUTCOMES: readonly DiagnosisOutcome[] =
  TicketDiagnosedV1.data.shape.outcome.options;

export type RmaStep = TicketEventData<'HardwareReturnProgressed'>['step'];
export const RMA_STEPS: readonly RmaStep[] = HardwareReturnProgressedV1.data.shape.step.options;

export interface HardwareReturn {
  readonly rmaNumber: string;
  readonly step: RmaStep;
}

/**
 * What level 2 has done on a ticket so far (from its read model): what its next decision
 * depends on beyond the shared lifecycle (owner, status, assignee).
 */
export interface Level2Case {
  readonly outcome: DiagnosisOutcome | null;
  /** The latest hardware return of the ticket, if any. */
  readonly hardwareReturn: HardwareReturn | null;
  /** The remote session started and not ended yet, if any. */
  readonly openRemoteSession: string | null;
}

export const UNTOUCHED_CASE: Level2Case = {
  outcome: null,
  hardwareReturn: null,
  openRemoteSession: null,
};

/** The technician a decision is taken for. Supervisors act on tickets taken by anyone. */
export interface ActingTechnician {
  readonly id: string;
  readonly supervisor: boolean;
}

/** A resolved ticket waits for the requester to confirm or reopen it: nobody works on it. */
export function assertNotResolved(state: TicketLifecycle): void {
  if (state.status === 'resolved') {
    throw new TicketStateError(
      `ticket ${state.ticketId} is resolved: the requester confirms or reopens it`,
    );
  }
}

/** Work on a ticket is done by the technician who took it (or a supervisor). */
export function assertWorkedBy(state: TicketLifecycle, technician: ActingTechnician): void {
  assertNotResolved(state);
  if (technician.supervisor || state.assignee === technician.id) return;
  throw new TicketStateError(
    state.assignee
      ? `ticket ${state.ticketId} is taken by ${state.assignee}`
      : `take ticket ${state.ticketId} first`,
  );
}

export function assertNoOpenRemoteSession(state: TicketLifecycle, file: Level2Case): void {
  if (file.openRemoteSession) {
    throw new TicketStateError(
      `remote session ${file.openRemoteSession} on ticket ${state.ticketId} is still open: end it first`,
    );
  }
}
