import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import {
  decideHardwareReturnStep,
  isHardwareReturnUnderway,
  nextHardwareReturnSteps,
  rmaNumber,
} from './hardware-return';
import { Level2Case, RmaStep, UNTOUCHED_CASE } from './level2-case';

const ada = { id: 'tech-ada', supervisor: false };
const state: TicketLifecycle = {
  ticketId: '5f1e0b7c-0000-4000-8000-000000000001',
  sequence: 6,
  owner: 'L2',
  status: 'in-progress',
  priority: 'P3',
  assignee: 'tech-ada',
  domain: null,
  resolvedBy: null,
  resolvedAt: null,
  submittedAt: '2026-11-24T09:00:00.000Z',
  updatedAt: '2026-11-24T09:30:00.000Z',
};
const diagnosed: Level2Case = { ...UNTOUCHED_CASE, outcome: 'hardware-return' };

function at(step: RmaStep): Level2Case {
  return { ...diagnosed, hardwareReturn: { rmaNumber: 'RMA-20261124-AAAA0001', step } };
}

function step(file: Level2Case, next: RmaStep, note: string | null = null) {
  return decideHardwareReturnStep(state, file, ada, {
    step: next,
    note,
    newRmaNumber: 'RMA-20261125-BBBB0002',
  });
}

describe('RMA numbers', () => {
  it('carry the UTC day of the request and the short id in upper case', () => {
    expect(rmaNumber(new Date('2026-11-24T23:59:59.000-02:00'), '5f1e0b7c')).toBe(
      'RMA-20261125-5F1E0B7C',
    );
  });
});

describe('the steps of a hardware return', () => {
  it('starts with requested, which gives the return its number', () => {
    expect(step(diagnosed, 'requested', 'laptop, serial 42')).toEqual([
      {
        type: 'HardwareReturnProgressed',
        data: { rmaNumber: 'RMA-20261125-BBBB0002', step: 'requested', note: 'laptop, serial 42' },
      },
    ]);
  });

  it('goes requested → shipped → received → repaired or replaced, keeping its number', () => {
    expect(step(at('requested'), 'shipped')[0]?.data).toMatchObject({
      rmaNumber: 'RMA-20261124-AAAA0001',
      step: 'shipped',
    });
    expect(step(at('shipped'), 'received')).toHaveLength(1);
    expect(step(at('received'), 'repaired')).toHaveLength(1);
    expect(step(at('received'), 'replaced')).toHaveLength(1);
  });

  it('refuses a step out of order, saying which step comes next', () => {
    expect(() => step(diagnosed, 'shipped')).toThrow(
      "hardware return step 'shipped' is out of order: a return starts with 'requested'",
    );
    expect(() => step(at('requested'), 'received')).toThrow("next is 'shipped'");
    expect(() => step(at('received'), 'shipped')).toThrow("next is 'repaired' or 'replaced'");
    expect(() => step(at('requested'), 'requested')).toThrow(TicketStateError);
  });

  it('may start a new return once the previous one is over, with a new number', () => {
    expect(step(at('replaced'), 'requested')[0]?.data).toMatchObject({
      rmaNumber: 'RMA-20261125-BBBB0002',
    });
    expect(nextHardwareReturnSteps(null)).toEqual(['requested']);
    expect(isHardwareReturnUnderway(at('received').hardwareReturn)).toBe(true);
    expect(isHardwareReturnUnderway(at('repaired').hardwareReturn)).toBe(false);
  });

  it('needs the diagnosis outcome hardware-return and the technician who took the ticket', () => {
    expect(() => step({ ...UNTOUCHED_CASE, outcome: 'phone-guidance' }, 'requested')).toThrow(
      'needs the diagnosis outcome hardware-return; ticket 5f1e0b7c-0000-4000-8000-000000000001 has phone-guidance',
    );
    expect(() =>
      decideHardwareReturnStep(
        state,
        diagnosed,
        { id: 'tech-bob', supervisor: false },
        {
          step: 'requested',
          note: null,
          newRmaNumber: 'RMA-X',
        },
      ),
    ).toThrow('taken by tech-ada');
  });
});
