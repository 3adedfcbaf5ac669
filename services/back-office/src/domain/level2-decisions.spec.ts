import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { Level2Case, UNTOUCHED_CASE } from './level2-case';
import {
  decideDiagnosis,
  decideEscalation,
  decidePhoneGuidance,
  decideResolution,
  decideSendBack,
  decideTake,
} from './level2-decisions';

const ada = { id: 'tech-ada', supervisor: false };
const bob = { id: 'tech-bob', supervisor: false };
const boss = { id: 'boss', supervisor: true };

function atLevel2(overrides: Partial<TicketLifecycle> = {}): TicketLifecycle {
  return {
    ticketId: '5f1e0b7c-0000-4000-8000-000000000001',
    sequence: 4,
    owner: 'L2',
    status: 'new',
    priority: 'P2',
    assignee: null,
    domain: null,
    resolvedBy: null,
    resolvedAt: null,
    submittedAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:30:00.000Z',
    ...overrides,
  };
}

const takenByAda = atLevel2({ assignee: 'tech-ada', status: 'in-progress' });
const withOpenSession: Level2Case = {
  ...UNTOUCHED_CASE,
  outcome: 'remote-session',
  openRemoteSession: 'session-1',
};

describe('taking a ticket at level 2', () => {
  it('assigns it to the technician', () => {
    expect(decideTake(atLevel2(), ada)).toEqual([
      { type: 'TicketTaken', data: { level: 'L2', technicianId: 'tech-ada' } },
    ]);
  });

  it('lets a colleague take it over', () => {
    expect(decideTake(takenByAda, bob)).toHaveLength(1);
  });

  it('refuses the technician who already has it, and a resolved ticket', () => {
    expect(() => decideTake(takenByAda, ada)).toThrow('already taken by tech-ada');
    expect(() => decideTake(atLevel2({ status: 'resolved' }), ada)).toThrow(TicketStateError);
  });
});

describe('diagnosing', () => {
  const input = { diagnosis: 'the Wi-Fi adapter is dead', outcome: 'hardware-return' } as const;

  it('records the diagnosis and the outcome chosen', () => {
    expect(decideDiagnosis(takenByAda, UNTOUCHED_CASE, ada, input)).toEqual([
      { type: 'TicketDiagnosed', data: input },
    ]);
  });

  it('is the work of the technician who took the ticket, or of a supervisor', () => {
    expect(() => decideDiagnosis(atLevel2(), UNTOUCHED_CASE, ada, input)).toThrow(
      'take ticket 5f1e0b7c-0000-4000-8000-000000000001 first',
    );
    expect(() => decideDiagnosis(takenByAda, UNTOUCHED_CASE, bob, input)).toThrow(
      'is taken by tech-ada',
    );
    expect(decideDiagnosis(takenByAda, UNTOUCHED_CASE, boss, input)).toHaveLength(1);
  });

  it('may be revised, but not during a remote session or while hardware is away', () => {
    const diagnosed: Level2Case = { ...UNTOUCHED_CASE, outcome: 'phone-guidance' };
    expect(decideDiagnosis(takenByAda, diagnosed, ada, input)).toHaveLength(1);
    expect(() => decideDiagnosis(takenByAda, withOpenSession, ada, input)).toThrow(
      'remote session session-1',
    );
    const shipped: Level2Case = {
      ...UNTOUCHED_CASE,
      outcome: 'hardware-return',
      hardwareReturn: { rmaNumber: 'RMA-1', step: 'shipped' },
    };
    expect(() => decideDiagnosis(takenByAda, shipped, ada, input)).toThrow('hardware return RMA-1');
    const repaired: Level2Case = {
      ...shipped,
      hardwareReturn: { rmaNumber: 'RMA-1', step: 'repaired' },
    };
    expect(decideDiagnosis(takenByAda, repaired, ada, input)).toHaveLength(1);
  });
});

describe('phone guidance', () => {
  it('notes the call at level 2 once the diagnosis chose it', () => {
    const file: Level2Case = { ...UNTOUCHED_CASE, outcome: 'phone-guidance' };
    expect(decidePhoneGuidance(takenByAda, file, ada, 'reset the router')).toEqual([
      { type: 'PhoneGuidanceNoted', data: { level: 'L2', notes: 'reset the router' } },
    ]);
  });

  it('is refused for another outcome', () => {
    expect(() =>
      decidePhoneGuidance(takenByAda, { ...UNTOUCHED_CASE, outcome: 'remote-session' }, ada, 'x'),
    ).toThrow('needs the diagnosis outcome phone-guidance');
    expect(() => decidePhoneGuidance(takenByAda, UNTOUCHED_CASE, ada, 'x')).toThrow(
      'no diagnosis yet',
    );
  });
});

describe('resolving at level 2', () => {
  it('resolves with the resolution and no knowledge article', () => {
    expect(decideResolution(takenByAda, UNTOUCHED_CASE, ada, 'driver reinstalled')).toEqual([
      {
        type: 'TicketResolved',
        data: { level: 'L2', resolution: 'driver reinstalled', knowledgeArticleId: null },
      },
    ]);
  });

  it('waits for the remote session to end, and does not resolve twice', () => {
    expect(() => decideResolution(takenByAda, withOpenSession, ada, 'done')).toThrow(
      'end it first',
    );
    const resolved = atLevel2({ status: 'resolved', assignee: 'tech-ada' });
    expect(() => decideResolution(resolved, UNTOUCHED_CASE, ada, 'done')).toThrow('is resolved');
  });
});

describe('escalating to level 3 and sending back to level 1', () => {
  it('escalates with the qualified domain', () => {
    expect(
      decideEscalation(atLevel2(), UNTOUCHED_CASE, { reason: 'BGP flaps', domain: 'network' }),
    ).toEqual([
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L2', toLevel: 'L3', reason: 'BGP flaps', domain: 'network' },
      },
    ]);
  });

  it('sends back to level 1', () => {
    expect(decideSendBack(atLevel2(), UNTOUCHED_CASE, 'a password reset')).toEqual([
      {
        type: 'TicketReturned',
        data: { fromLevel: 'L2', toLevel: 'L1', reason: 'a password reset' },
      },
    ]);
  });

  it('refuses both for a resolved ticket or during a remote session', () => {
    const resolved = atLevel2({ status: 'resolved' });
    const escalation = { reason: 'r', domain: 'network' };
    expect(() => decideEscalation(resolved, UNTOUCHED_CASE, escalation)).toThrow(TicketStateError);
    expect(() => decideSendBack(resolved, UNTOUCHED_CASE, 'r')).toThrow(TicketStateError);
    expect(() => decideEscalation(takenByAda, withOpenSession, escalation)).toThrow(
      TicketStateError,
    );
    expect(() => decideSendBack(takenByAda, withOpenSession, 'r')).toThrow(TicketStateError);
  });
});
