import fc from 'fast-check';
import { TicketStory, defaultRules } from '../test/support/ticket-story';
import { DEFAULT_BUSINESS_CALENDAR, businessTimeBetween } from './business-calendar';
import { SlaTarget } from './service-level-policy';
import { slaStateOf } from './service-level-timer';

// Monday 30 November 2026; the default calendar is Monday to Friday, 08:00 to 18:00 UTC.
const monday = (time: string) => `2026-11-30T${time}:00.000Z`;
const tuesday = (time: string) => `2026-12-01T${time}:00.000Z`;
const minutes = (count: number) => count * 60_000;

const question = {
  type: 'RequesterInformationRequested',
  data: { level: 'L1', question: 'Which VPN profile?' },
} as const;
const answer = {
  type: 'RequesterInformationAdded',
  data: { message: 'The office one', channel: 'portal' },
} as const;

describe('service-level timers', () => {
  it('start when the level gets the ticket, due after the policy of its priority', () => {
    // P1 at level 1: first response in 15 minutes, resolution in 60, warnings at 80 %.
    const story = new TicketStory(defaultRules('L1'), monday('09:00'));
    expect(story.timer('first-response')).toMatchObject({
      level: 'L1',
      startedAt: monday('09:00'),
      priority: 'P1',
      policy: 'P1 critical',
      dueAt: monday('09:15'),
      warnAt: monday('09:12'),
      pausedSince: null,
      metAt: null,
    });
    expect(story.timer('resolution')).toMatchObject({
      dueAt: monday('10:00'),
      warnAt: monday('09:48'),
    });
  });

  it('do not exist at a level that has not had the ticket', () => {
    const story = new TicketStory(defaultRules('L2'), monday('09:00'));
    expect(story.allTimers()).toEqual([]);
  });

  it('meet the first response when the level takes the ticket; resolution goes on', () => {
    const story = new TicketStory(defaultRules('L1'), monday('09:00')).happen(monday('09:05'), {
      type: 'TicketTaken',
      data: { level: 'L1', technicianId: 'ada' },
    });
    expect(story.timer('first-response')).toMatchObject({ metAt: monday('09:05'), dueAt: null });
    expect(story.timer('resolution')).toMatchObject({ metAt: null, dueAt: monday('10:00') });
  });

  it('pause the resolution while the ticket waits for the requester (a question is a first response)', () => {
    const story = new TicketStory(defaultRules('L1'), monday('09:00')).happen(
      monday('09:10'),
      question,
    );
    expect(story.timer('first-response')?.metAt).toBe(monday('09:10'));
    expect(story.timer('resolution')).toMatchObject({
      pausedSince: monday('09:10'),
      dueAt: null,
      warnAt: null,
    });

    // The requester answers at 14:00: 50 of the 60 minutes are left.
    story.happen(monday('14:00'), answer);
    expect(story.timer('resolution')).toMatchObject({
      pausedSince: null,
      pausedBusinessMs: minutes(290),
      dueAt: monday('14:50'),
    });
  });

  it('count only business time as paused', () => {
    const story = new TicketStory(defaultRules('L1'), monday('17:00'))
      .happen(monday('17:50'), question)
      .happen(tuesday('09:00'), answer);
    // Paused from 17:50 to 18:00 and from 08:00 to 09:00 on Tuesday: 70 business minutes.
    expect(story.timer('resolution')).toMatchObject({
      pausedBusinessMs: minutes(70),
      // 50 of 60 minutes were used on Monday: due 10 minutes after 09:00 on Tuesday.
      dueAt: tuesday('09:10'),
    });
  });

  it('stop at escalation and start at the next level, which has its own targets', () => {
    const escalated = {
      type: 'TicketEscalated',
      data: { fromLevel: 'L1', toLevel: 'L2', reason: 'needs remote access', domain: null },
    } as const;
    const atLevel1 = new TicketStory(defaultRules('L1'), monday('09:00')).happen(
      monday('09:30'),
      escalated,
    );
    expect(atLevel1.timer('resolution')).toMatchObject({
      pausedSince: monday('09:30'),
      dueAt: null,
    });

    const atLevel2 = new TicketStory(defaultRules('L2'), monday('09:00')).happen(
      monday('09:30'),
      escalated,
    );
    // P1 at level 2: first response in 30 minutes, resolution in 240.
    expect(atLevel2.timer('first-response')).toMatchObject({
      startedAt: monday('09:30'),
      dueAt: monday('10:00'),
    });
    expect(atLevel2.timer('resolution')?.dueAt).toBe(monday('13:30'));
  });

  it('go on where they stopped when the ticket comes back to the level', () => {
    const story = new TicketStory(defaultRules('L1'), monday('09:00'))
      .happen(monday('09:20'), {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'remote access', domain: null },
      })
      .happen(monday('11:00'), {
        type: 'TicketReturned',
        data: { fromLevel: 'L2', toLevel: 'L1', reason: 'a level-1 matter after all' },
      });
    // 20 of the 60 resolution minutes were used before the escalation.
    expect(story.timer('resolution')).toMatchObject({
      pausedSince: null,
      dueAt: monday('11:40'),
    });
  });

  it("meet the resolution when the level resolves, and count again if it's reopened", () => {
    const story = new TicketStory(defaultRules('L1'), monday('09:00')).happen(monday('09:40'), {
      type: 'TicketResolved',
      data: { level: 'L1', resolution: 'Restarted the VPN', knowledgeArticleId: null },
    });
    expect(story.timer('resolution')).toMatchObject({ metAt: monday('09:40'), dueAt: null });

    story.happen(monday('13:00'), {
      type: 'TicketReopened',
      data: { toLevel: 'L1', reason: 'It drops again' },
    });
    expect(story.timer('resolution')).toMatchObject({ metAt: null, dueAt: monday('13:20') });
    expect(story.timer('first-response')?.metAt).toBe(monday('09:40'));
  });

  it('move their due times when the priority changes', () => {
    const story = new TicketStory(defaultRules('L1'), monday('09:00')).happen(monday('09:05'), {
      type: 'TicketPrioritized',
      data: { impact: 'medium', urgency: 'medium', priority: 'P3' },
    });
    // P3 at level 1: first response in 240 minutes, from when the ticket came.
    expect(story.timer('first-response')).toMatchObject({
      priority: 'P3',
      policy: 'P3 medium',
      dueAt: monday('13:00'),
    });
  });

  it('note their warning and breach once, from the events of their level and target', () => {
    const sla = (type: 'SlaWarning' | 'SlaBreached', level: 'L1' | 'L2', target: SlaTarget) =>
      ({
        type,
        data: { level, target, dueAt: monday('09:15'), policy: 'P1 critical' },
      }) as const;
    const story = new TicketStory(defaultRules('L1'), monday('09:00'))
      .happen(monday('09:12'), sla('SlaWarning', 'L1', 'first-response'))
      .happen(monday('09:13'), sla('SlaWarning', 'L2', 'resolution'));
    expect(story.timer('first-response')?.warnedAt).toBe(monday('09:12'));
    expect(story.timer('resolution')?.warnedAt).toBeNull();
    expect(slaStateOf(story.allTimers())).toBe('warning');

    story
      .happen(monday('09:15'), sla('SlaBreached', 'L1', 'first-response'))
      .happen(monday('09:16'), sla('SlaBreached', 'L1', 'first-response'));
    expect(story.timer('first-response')?.breachedAt).toBe(monday('09:15'));
    expect(slaStateOf(story.allTimers())).toBe('breached');
  });

  it('shift the due time by exactly the business time paused, wherever the pause falls', () => {
    const hour = 60;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 1, max: 5 * 24 * hour }),
        (pauseAfter, pauseLength) => {
          const start = Date.parse(monday('09:00'));
          const pausedAt = new Date(start + minutes(pauseAfter)).toISOString();
          const resumedAt = new Date(start + minutes(pauseAfter + pauseLength)).toISOString();
          const unpaused = new TicketStory(defaultRules('L1'), monday('09:00'));
          const paused = new TicketStory(defaultRules('L1'), monday('09:00'))
            .happen(pausedAt, question)
            .happen(resumedAt, answer);

          const before = new Date(unpaused.timer('resolution')!.dueAt!);
          const after = new Date(paused.timer('resolution')!.dueAt!);
          const pausedBusinessTime = businessTimeBetween(
            DEFAULT_BUSINESS_CALENDAR,
            new Date(pausedAt),
            new Date(resumedAt),
          );
          expect(paused.timer('resolution')!.pausedBusinessMs).toBe(pausedBusinessTime);
          expect(businessTimeBetween(DEFAULT_BUSINESS_CALENDAR, before, after)).toBe(
            pausedBusinessTime,
          );
        },
      ),
    );
  });
});
