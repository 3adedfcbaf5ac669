import { TicketEvent } from '@helpdesk/ticket-events';
import { waitFor } from '@helpdesk/testing';
import { Queue } from '../src/read-model/level1-queue.queries';
import { Level2Process } from './support/level2-process';
import { ServiceLevelSite, TestClock, TriageInstance } from './support/service-level-triage';

// Monday 30 November 2026. The default business calendar: Monday to Friday, 08:00-18:00 UTC.
const monday = (time: string) => `2026-11-30T${time}:00.000Z`;

const typesOf = (events: TicketEvent[]) => events.map((event) => event.type);
const slaEventsOf = (events: TicketEvent[]) =>
  events.filter((event) => event.type === 'SlaWarning' || event.type === 'SlaBreached');

describe('service levels at level 1, on Kafka and PostgreSQL, on an injected clock', () => {
  const site = new ServiceLevelSite();
  const clock = new TestClock(monday('09:00'));
  let triage: TriageInstance;
  let technician: string;

  beforeAll(async () => {
    await site.create();
    triage = await site.startTriage(clock);
    technician = await triage.token('ada');
  });

  afterAll(async () => {
    await triage?.close();
    await site.drop();
  });

  async function slaStateInTheQueue(ticketId: string) {
    const response = await triage
      .http()
      .get('/api/v1/queue')
      .set('Authorization', `Bearer ${technician}`)
      .expect(200);
    return (response.body as Queue).items.find((item) => item.ticketId === ticketId)?.slaState;
  }

  it('breaches an untouched P1 once at its first-response target and, by policy, escalates it to level 2', async () => {
    const level2 = await Level2Process.start({
      ...site.secrets,
      DATABASE_URL: site.databaseUrl,
      EVENT_LOG: 'kafka',
      KAFKA_BROKERS: site.brokers.join(','),
      EVENT_LOG_TOPIC: site.topic,
      // Level 2 runs on the real clock: keep its own loop out of the way.
      SLA_CHECK_INTERVAL_MS: '3600000',
    });
    try {
      clock.set(monday('09:00'));
      const ticketId = await triage.submit(monday('09:00'), 'high', 'high');

      // P1 at level 1: first response within 15 business minutes, the warning at 80 %.
      clock.set(monday('09:13'));
      await triage.waitForEmitted(ticketId, 'SlaWarning');
      await triage.watch.checkNow();
      clock.set(monday('09:16'));
      await triage.waitForEmitted(ticketId, 'TicketEscalated');

      // Long past every target of level 1, it has nothing more to say about the ticket.
      clock.set(monday('11:00'));
      await triage.watch.checkNow();

      const logged = await triage.onTheLog(ticketId);
      expect(typesOf(logged)).toEqual([
        'TicketSubmitted',
        'TicketPrioritized',
        'SlaWarning',
        'SlaBreached',
        'TicketEscalated',
      ]);
      const [warning, breach, escalation] = logged.slice(2);
      expect(breach).toMatchObject({
        actor: { kind: 'system', id: 'sla' },
        producer: 'triage',
        occurredAt: monday('09:16'),
        data: {
          level: 'L1',
          target: 'first-response',
          dueAt: monday('09:15'),
          policy: 'P1 critical',
        },
      });
      expect(warning?.data).toMatchObject({ target: 'first-response', dueAt: monday('09:15') });
      expect(escalation).toMatchObject({
        actor: { kind: 'system', id: 'sla' },
        data: { fromLevel: 'L1', toLevel: 'L2', domain: null },
      });
      expect(escalation?.data).toHaveProperty(
        'reason',
        expect.stringMatching(/^SLA breached: the first-response target of P1 critical/),
      );

      // Level 2's read model has it: in its queue, with the reason.
      const level2Token = await triage.token('linus', 'L2');
      await level2.explainedIfFailing(() =>
        waitFor(
          async () => {
            const response = await fetch(level2.url(`/api/v1/tickets/${ticketId}`), {
              headers: { Authorization: `Bearer ${level2Token}` },
            });
            if (!response.ok) return false;
            const ticket = (await response.json()) as { owner: string; inQueue: boolean };
            return ticket.owner === 'L2' && ticket.inQueue;
          },
          { description: 'level 2 to have the escalated ticket in its queue', timeoutMs: 30_000 },
        ),
      );
    } finally {
      await level2.stop();
    }
  });

  it('does not breach while the ticket waits for the requester; once answered, the rest of the time runs', async () => {
    clock.set(monday('09:00'));
    const ticketId = await triage.submit(monday('09:00'), 'high', 'high');
    const as = (path: string, body: object = {}) =>
      triage.http().post(path).set('Authorization', `Bearer ${technician}`).send(body);

    clock.set(monday('09:05'));
    await as(`/api/v1/tickets/${ticketId}/take`).expect(200);
    // 10 of the 60 minutes of a P1's resolution at level 1 are used when the question goes out.
    clock.set(monday('09:10'));
    await as(`/api/v1/tickets/${ticketId}/information-requests`, {
      question: 'Since when exactly, and on which site?',
    }).expect(200);

    // The requester takes all day: far past the target, nothing is due.
    clock.set(monday('17:55'));
    await triage.watch.checkNow();
    expect(slaEventsOf(await triage.emitted(ticketId))).toEqual([]);

    clock.set(monday('17:55'));
    await triage
      .http()
      .post(`/internal/v1/tickets/${ticketId}/requester/replies`)
      .set('Authorization', `Bearer ${site.secrets.INTERNAL_API_TOKEN}`)
      .send({
        requester: { email: 'grace@example.com' },
        message: 'Since 8 this morning, at the Lyon office.',
        channel: 'portal',
      })
      .expect(200);

    // 50 minutes left: 5 today until 18:00, then 45 from 08:00 on Tuesday.
    const [, resolution] = await triage.timers(ticketId);
    expect(resolution).toMatchObject({
      target: 'resolution',
      paused_since: null,
      due_at: new Date('2026-12-01T08:45:00.000Z'),
    });

    clock.set('2026-12-01T08:44:00.000Z');
    await triage.watch.checkNow();
    expect(typesOf(slaEventsOf(await triage.emitted(ticketId)))).toEqual(['SlaWarning']);

    clock.set('2026-12-01T08:45:00.000Z');
    await triage.watch.checkNow();
    const breaches = (await triage.emitted(ticketId)).filter(
      (event) => event.type === 'SlaBreached',
    );
    expect(breaches.map((event) => event.data)).toEqual([
      {
        level: 'L1',
        target: 'resolution',
        dueAt: '2026-12-01T08:45:00.000Z',
        policy: 'P1 critical',
      },
    ]);
  });

  it('neither loses nor doubles a timer across a restart between its warning and its breach', async () => {
    clock.set(monday('09:00'));
    // P3 at level 1: first response within 240 business minutes (13:00), warning at 12:12.
    const ticketId = await triage.submit(monday('09:00'), 'low', 'high');
    expect(await slaStateInTheQueue(ticketId)).toBe('ok');
    clock.set(monday('12:20'));
    await triage.waitForEmitted(ticketId, 'SlaWarning');
    await triage.watch.checkNow();
    expect(await slaStateInTheQueue(ticketId)).toBe('warning');

    // A new instance on the same schema, before the due time: the warning is not said again.
    await triage.close();
    clock.set(monday('12:30'));
    triage = await site.startTriage(clock);
    await triage.watch.checkNow();
    expect(typesOf(slaEventsOf(await triage.emitted(ticketId)))).toEqual(['SlaWarning']);

    // Its loop keeps the timer: the breach comes, once.
    clock.set(monday('13:05'));
    await triage.waitForEmitted(ticketId, 'SlaBreached');
    clock.set(monday('15:00'));
    await triage.watch.checkNow();
    expect(await slaStateInTheQueue(ticketId)).toBe('breached');
    const sla = slaEventsOf(await triage.onTheLog(ticketId));
    expect(sla.map((event) => [event.type, event.data])).toEqual([
      [
        'SlaWarning',
        { level: 'L1', target: 'first-response', dueAt: monday('13:00'), policy: 'P3 medium' },
      ],
      [
        'SlaBreached',
        { level: 'L1', target: 'first-response', dueAt: monday('13:00'), policy: 'P3 medium' },
      ],
    ]);
  });

  it('breaches once when two replicas check the same ticket at the same moment', async () => {
    clock.set(monday('09:00'));
    // P4 at level 1: first response within 480 business minutes (17:00).
    const ticketId = await triage.submit(monday('09:00'), 'low', 'low');
    const replica = await site.startTriage(clock);
    try {
      clock.set(monday('17:30'));
      await Promise.all([triage.watch.checkNow(), replica.watch.checkNow()]);
      await Promise.all([triage.watch.checkNow(), replica.watch.checkNow()]);
    } finally {
      await replica.close();
    }
    const sla = slaEventsOf(await triage.onTheLog(ticketId));
    expect(sla.map((event) => [event.type, event.data.dueAt])).toEqual([
      ['SlaBreached', monday('17:00')],
    ]);
  });
});
