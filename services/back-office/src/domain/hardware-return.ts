import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import {
  ActingTechnician,
  HardwareReturn,
  Level2Case,
  RmaStep,
  assertWorkedBy,
} from './level2-case';

/** Which steps may follow which: a finished return (repaired or replaced) may start another. */
const FOLLOWING_STEPS: Readonly<Record<RmaStep, readonly RmaStep[]>> = {
  requested: ['shipped'],
  shipped: ['received'],
  received: ['repaired', 'replaced'],
  repaired: ['requested'],
  replaced: ['requested'],
};

export function nextHardwareReturnSteps(current: HardwareReturn | null): readonly RmaStep[] {
  return current ? FOLLOWING_STEPS[current.step] : ['requested'];
}

/** Between 'requested' and 'repaired'/'replaced': the hardware is on its way or in repair. */
export function isHardwareReturnUnderway(current: HardwareReturn | null): boolean {
  return current !== null && current.step !== 'repaired' && current.step !== 'replaced';
}

/** `RMA-20261124-5F1E0B7C`: the day the return was requested (UTC) and a short random id. */
export function rmaNumber(requestedAt: Date, shortId: string): string {
  const day = requestedAt.toISOString().slice(0, 10).replace(/-/g, '');
  return `RMA-${day}-${shortId.toUpperCase()}`;
}

export interface HardwareReturnStep {
  readonly step: RmaStep;
  readonly note: string | null;
  /** The number a return gets if this step starts one ('requested'). */
  readonly newRmaNumber: string;
}

/** One step of a hardware return, in order, once the diagnosis chose a hardware return. */
export function decideHardwareReturnStep(
  state: TicketLifecycle,
  file: Level2Case,
  technician: ActingTechnician,
  input: HardwareReturnStep,
): TicketEventDraft[] {
  assertWorkedBy(state, technician);
  if (file.outcome !== 'hardware-return') {
    throw new TicketStateError(
      `a hardware return needs the diagnosis outcome hardware-return; ticket ${state.ticketId} has ${file.outcome ?? 'no diagnosis yet'}`,
    );
  }
  const current = file.hardwareReturn;
  const allowed = nextHardwareReturnSteps(current);
  if (!allowed.includes(input.step)) {
    throw new TicketStateError(
      current
        ? `hardware return step '${input.step}' is out of order: ${current.rmaNumber} is '${current.step}', next is ${allowed.map((step) => `'${step}'`).join(' or ')}`
        : `hardware return step '${input.step}' is out of order: a return starts with 'requested'`,
    );
  }
  const number = input.step === 'requested' || !current ? input.newRmaNumber : current.rmaNumber;
  return [
    {
      type: 'HardwareReturnProgressed',
      data: { rmaNumber: number, step: input.step, note: input.note },
    } satisfies TicketEventDraft<'HardwareReturnProgressed'>,
  ];
}
