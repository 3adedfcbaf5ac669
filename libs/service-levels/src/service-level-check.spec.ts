import { TicketStateError } from '@helpdesk/ticket-lifecycle';
import { TicketStory, defaultRules } from '../test/support/ticket-story';
import {
  EscalationDecision,
  decideServiceLevelCheck,
  escalateWhileOpen,
} from './service-level-check';
import { DEFAULT_SERVICE_LEVEL_POLICY } from './service-level-policy';

const monday = (time: string) => `2026-11-30T${time}:00.000Z`;
const policy = DEFAULT_SERVICE_LEVEL_POLICY;

/** The drafts a check at `now` decides for the story's ticket. */
function checkAt(now: string, story: TicketStory, escalate?: EscalationDecision) {
  return decideServiceLevelCheck(
    story.lifecycle,
    story.allTimers(),
    new Date(now),
    policy,
    escalate,
  );
}

describe('the service-level check', () => {
  const untouchedP1 = () => new TicketStory(defaultRules('L1'), monday('09:00'));

  it('has nothing to say before a warning point', () => {
    expect(checkAt(monday('09:11'), untouchedP1())).toEqual([]);
  });

  it('warns at the warning point', () => {
    expect(checkAt(monday('09:12'), untouchedP1())).toEqual([
      {
        type: 'SlaWarning',
        data: {
          level: 'L1',
          target: 'first-response',
          dueAt: monday('09:15'),
          policy: 'P1 critical',
        },
      },
    ]);
  });

  it('declares the breach, and escalates when the policy says so', () => {
    expect(checkAt(monday('09:15'), untouchedP1())).toEqual([
      {
        type: 'SlaBreached',
        data: {
          level: 'L1',
          target: 'first-response',
          dueAt: monday('09:15'),
          policy: 'P1 critical',
        },
      },
      {
        type: 'TicketEscalated',
        data: {
          fromLevel: 'L1',
          toLevel: 'L2',
          reason: `SLA breached: the first-response target of P1 critical at L1 was due ${monday('09:15')}`,
          domain: null,
        },
      },
    ]);
  });

  it('breaches without escalating when the policy keeps the ticket at the level', () => {
    const p3 = new TicketStory(defaultRules('L1'), monday('09:00'), 'low', 'high');
    expect(checkAt(monday('13:00'), p3).map((draft) => draft.type)).toEqual(['SlaBreached']);
  });

  it('says each thing once: a warned target is not warned again, a breached one is done', () => {
    const story = untouchedP1().happen(monday('09:12'), {
      type: 'SlaWarning',
      data: {
        level: 'L1',
        target: 'first-response',
        dueAt: monday('09:15'),
        policy: 'P1 critical',
      },
    });
    expect(checkAt(monday('09:14'), story)).toEqual([]);

    story.happen(monday('09:15'), {
      type: 'SlaBreached',
      data: {
        level: 'L1',
        target: 'first-response',
        dueAt: monday('09:15'),
        policy: 'P1 critical',
      },
    });
    // The resolution target's warning point (09:48) has not come yet.
    expect(checkAt(monday('09:40'), story)).toEqual([]);
  });

  it('leaves a ticket that waits for the requester alone, however late it is', () => {
    const story = untouchedP1().happen(monday('09:05'), {
      type: 'RequesterInformationRequested',
      data: { level: 'L1', question: 'Which profile?' },
    });
    expect(checkAt(monday('17:59'), story)).toEqual([]);
  });

  it("escalates by the level's own rule, and only breaches when that rule refuses", () => {
    const refuse: EscalationDecision = () => {
      throw new TicketStateError('a remote session is open');
    };
    expect(checkAt(monday('09:20'), untouchedP1(), refuse).map((draft) => draft.type)).toEqual([
      'SlaBreached',
    ]);
    expect(() =>
      escalateWhileOpen(
        {
          ...untouchedP1().lifecycle,
          status: 'resolved',
        },
        { toLevel: 'L2', reason: 'SLA breached' },
      ),
    ).toThrow(TicketStateError);
  });

  it('checks only the timers of the level that owns the ticket', () => {
    const story = untouchedP1();
    const elsewhere = { ...story.lifecycle, owner: 'L2' as const };
    expect(decideServiceLevelCheck(elsewhere, story.allTimers(), new Date(), policy)).toEqual([]);
  });
});
