import { ProjectionRunner } from '@helpdesk/event-log';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Priority, SupportLevel, TicketEvent, TicketEventDraft } from '@helpdesk/ticket-events';
import { aTicketEvent, aTicketSubmitted, createTestTopic, waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';
import { deadUrl } from './support/fake-tier';

/**
 * The support manager's reports on Kafka and PostgreSQL: a scenario of tickets with known
 * times goes on the log, and every figure is checked against the count made by hand below.
 *
 * Times are hours before NOW (submission) and hours after submission (each step).
 *
 * | ticket | prio | submitted | story (hours after submission)                         | now                     |
 * | ------ | ---- | --------- | ------------------------------------------------------ | ----------------------- |
 * | A      | P1   | 50 h ago  | taken +0.1, resolved at L1 +0.5, closed +2             | closed                  |
 * | B      | P3   | 30 h ago  | taken +0.1, resolved at L1 +2                          | resolved at L1          |
 * | C      | P2   | 100 h ago | → L2 +1, resolved at L2 +5, reopened to L2 +6,         | resolved at L2          |
 * |        |      |           | resolved at L2 +7                                      |                         |
 * | D      | P2   | 200 h ago | → L2 +1, → L3 +3, resolved at L3 +9                    | resolved at L3          |
 * | E      | P4   | 10 h ago  | taken +1, SlaWarning L1 resolution +8                  | open at L1 (<1 d)       |
 * | F      | P3   | 60 h ago  | asks the requester +1, SlaBreached L1 resolution +8    | waiting, L1 (1–3 d)     |
 * |        |      |           | (policy: the hostile label)                            |                         |
 * | H      | P2   | 120 h ago | → L2 +2, taken at L2 +3                                | open at L2 (3–7 d)      |
 * | I      | P1   | 216 h ago | → L2 +1, → L3 +2, SlaBreached L3 first-response +6     | open at L3 (>7 d)       |
 * |        |      |           | (policy "P1 gold")                                     |                         |
 * | J      | P4   | 40 h ago  | → L2 +1, returned to L1 +2, resolved at L1 +3          | resolved at L1          |
 * | G      | P3   | 480 h ago | resolved at L1 +24, closed +48                         | closed, before period   |
 *
 * Period: NOW − 10 days to NOW + 1 minute. Submitted in it: A B C D E F H I J (9; G is not).
 *
 * | figure                          | hand count                                                   |
 * | ------------------------------- | ------------------------------------------------------------ |
 * | backlog L1                      | E (<1 d), F (1–3 d): 2, oldest F (60 h); awaiting: B, J = 2  |
 * | backlog L2                      | H (3–7 d): 1, oldest H (120 h); awaiting: C = 1              |
 * | backlog L3                      | I (>7 d): 1, oldest I (216 h); awaiting: D = 1               |
 * | backlog overall                 | 4 open (1 per age bucket), 4 awaiting confirmation           |
 * | resolved in the period          | A B C D J = 5 (G's resolution is before the period)          |
 * | first-contact resolution        | A, B (J was resolved at L1 but had been escalated) = 2/5     |
 * | escalation L1 → L2              | C D H I J of the 9 = 5/9                                     |
 * | escalation L2 → L3              | D, I of the 5 that reached L2 = 2/5                          |
 * | MTTR P1                         | A 0.5 h: 1, mean 0.5 h, median 0.5 h                         |
 * | MTTR P2                         | C 7 h (last resolution), D 9 h: 2, mean 8 h, median 8 h      |
 * | MTTR P3                         | B 2 h: 1, mean = median = 2 h                                |
 * | MTTR P4                         | J 3 h: 1, mean = median = 3 h                                |
 * | MTTR overall                    | 0.5, 2, 3, 7, 9 h: 5, mean 4.3 h, median 3 h                 |
 * | at L1, since arrival            | A 0.5 h, B 2 h, J 1 h (back at L1 +2): 3, mean 3.5/3 h, 1 h  |
 * | at L2, since arrival            | C 1 h (reopened at L2 +6, resolved +7): 1, mean = median 1 h |
 * | at L3, since arrival            | D 6 h (+3 to +9): 1, mean = median 6 h                       |
 * | SLA L1 (9 reached it)           | first response 9/9, resolution 8/9 (F), 1 warned (E)         |
 * | SLA L2 (C D H I J)              | 5/5 and 5/5                                                  |
 * | SLA L3 (D I)                    | first response 1/2 (I), resolution 2/2                       |
 * | SLA overall (9)                 | first response 8/9, resolution 8/9                           |
 * | breaches per policy             | the hostile label 1, "P1 gold" 1                             |
 */

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const INTERNAL_API_TOKEN = 'internal-token-for-reports-tests';

const NOW = Date.now();
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();
const PERIOD = { from: at(240), to: new Date(NOW + 60_000).toISOString() };
const query = `from=${encodeURIComponent(PERIOD.from)}&to=${encodeURIComponent(PERIOD.to)}`;

type Step = [hoursAfterSubmission: number, draft: TicketEventDraft];

const prioritized = (priority: Priority): TicketEventDraft<'TicketPrioritized'> => ({
  type: 'TicketPrioritized',
  data: { impact: 'medium', urgency: 'medium', priority },
});
const taken = (level: SupportLevel): TicketEventDraft<'TicketTaken'> => ({
  type: 'TicketTaken',
  data: { level, technicianId: `tech-${level}` },
});
const escalated = (fromLevel: SupportLevel, toLevel: SupportLevel): TicketEventDraft => ({
  type: 'TicketEscalated',
  data: { fromLevel, toLevel, reason: 'Needs more', domain: toLevel === 'L3' ? 'network' : null },
});
const returned = (fromLevel: SupportLevel, toLevel: SupportLevel): TicketEventDraft => ({
  type: 'TicketReturned',
  data: { fromLevel, toLevel, reason: 'Level 1 can do it' },
});
const resolved = (level: SupportLevel): TicketEventDraft => ({
  type: 'TicketResolved',
  data: { level, resolution: 'Fixed.', knowledgeArticleId: null },
});
const reopened = (toLevel: SupportLevel): TicketEventDraft => ({
  type: 'TicketReopened',
  data: { toLevel, reason: 'Still broken' },
});
const closed: TicketEventDraft = {
  type: 'TicketClosed',
  data: { reason: 'confirmed-by-requester' },
};
const asked: TicketEventDraft = {
  type: 'RequesterInformationRequested',
  data: { level: 'L1', question: 'Which laptop is it?' },
};
const sla = (
  type: 'SlaWarning' | 'SlaBreached',
  level: SupportLevel,
  target: 'first-response' | 'resolution',
  policy: string,
): TicketEventDraft => ({ type, data: { level, target, policy, dueAt: at(0) } });

/** A ticket's events, submitted `hoursAgo` and prioritized at once, then its steps. */
function ticket(hoursAgo: number, priority: Priority, steps: Step[]): TicketEvent[] {
  const submitted = { ...aTicketSubmitted(), occurredAt: at(hoursAgo) };
  return [[0, prioritized(priority)] as Step, ...steps].reduce<TicketEvent[]>(
    (events, [after, draft], index) => [
      ...events,
      { ...aTicketEvent(draft, submitted.ticketId, index + 2), occurredAt: at(hoursAgo - after) },
    ],
    [submitted],
  );
}

const scenario = {
  A: ticket(50, 'P1', [
    [0.1, taken('L1')],
    [0.5, resolved('L1')],
    [2, closed],
  ]),
  B: ticket(30, 'P3', [
    [0.1, taken('L1')],
    [2, resolved('L1')],
  ]),
  C: ticket(100, 'P2', [
    [1, escalated('L1', 'L2')],
    [5, resolved('L2')],
    [6, reopened('L2')],
    [7, resolved('L2')],
  ]),
  D: ticket(200, 'P2', [
    [1, escalated('L1', 'L2')],
    [3, escalated('L2', 'L3')],
    [9, resolved('L3')],
  ]),
  E: ticket(10, 'P4', [
    [1, taken('L1')],
    [8, sla('SlaWarning', 'L1', 'resolution', 'standard')],
  ]),
  F: ticket(60, 'P3', [
    [1, asked],
    [8, sla('SlaBreached', 'L1', 'resolution', HOSTILE)],
  ]),
  H: ticket(120, 'P2', [
    [2, escalated('L1', 'L2')],
    [3, taken('L2')],
  ]),
  I: ticket(216, 'P1', [
    [1, escalated('L1', 'L2')],
    [2, escalated('L2', 'L3')],
    [6, sla('SlaBreached', 'L3', 'first-response', 'P1 gold')],
  ]),
  J: ticket(40, 'P4', [
    [1, escalated('L1', 'L2')],
    [2, returned('L2', 'L1')],
    [3, resolved('L1')],
  ]),
  G: ticket(480, 'P3', [
    [24, resolved('L1')],
    [48, closed],
  ]),
};
const id = (name: keyof typeof scenario) => scenario[name][0]!.ticketId;

const hours = (count: number) => Math.round(count * 3600);
const share = (count: number, of: number) => ({ count, of, rate: count / of });
const noAges = { under1d: 0, from1dTo3d: 0, from3dTo7d: 0, over7d: 0 };

let service: ServiceUnderTest;
let supervisor: string;

const reports = (path = `/api/v1/reports?${query}`) =>
  service.http().get(path).set('Authorization', `Bearer ${supervisor}`);

/** The report without what moves with the clock (when the backlog was counted, ages). */
async function steadyReport(): Promise<unknown> {
  const body = (await reports().expect(200)).body as {
    backlog: { at?: string; tiers: { oldest: { ageSeconds?: number } | null }[] };
  };
  delete body.backlog.at;
  for (const tier of body.backlog.tiers) delete tier.oldest?.ageSeconds;
  return body;
}

beforeAll(async () => {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  service = new ServiceUnderTest('intake', {
    EVENT_LOG: 'kafka',
    KAFKA_BROKERS: brokers.join(','),
    EVENT_LOG_TOPIC: await createTestTopic(brokers, { partitions: 2, prefix: 'intake-reports' }),
    INTERNAL_API_TOKEN,
    TRIAGE_URL: await deadUrl(),
    BACK_OFFICE_URL: await deadUrl(),
    SPECIALIST_URL: await deadUrl(),
  });
  await service.start(async () => (await import('../src/app.module')).AppModule);
  supervisor = await service.issue('sam.supervisor', 'L1', true);
  await service.feed(Object.values(scenario).flat());
}, 60_000);

afterAll(async () => {
  await service?.stop();
});

describe('the reports API', () => {
  it('gives the backlog per tier now, by age, with the oldest ticket and those awaiting confirmation', async () => {
    const { backlog } = (await reports().expect(200)).body;

    expect(backlog).toMatchObject({
      open: 4,
      ages: { under1d: 1, from1dTo3d: 1, from3dTo7d: 1, over7d: 1 },
      awaitingConfirmation: 4,
      tiers: [
        {
          level: 'L1',
          open: 2,
          ages: { ...noAges, under1d: 1, from1dTo3d: 1 },
          oldest: { ticketId: id('F'), submittedAt: at(60) },
          awaitingConfirmation: 2,
        },
        {
          level: 'L2',
          open: 1,
          ages: { ...noAges, from3dTo7d: 1 },
          oldest: { ticketId: id('H'), submittedAt: at(120) },
          awaitingConfirmation: 1,
        },
        {
          level: 'L3',
          open: 1,
          ages: { ...noAges, over7d: 1 },
          oldest: { ticketId: id('I'), submittedAt: at(216) },
          awaitingConfirmation: 1,
        },
      ],
    });
    expect(backlog.tiers[2].oldest.ageSeconds).toBeGreaterThanOrEqual(hours(216));
    expect(backlog.tiers[2].oldest.ageSeconds).toBeLessThan(hours(217));
  });

  it('gives first-contact resolution and the escalation rates of the period', async () => {
    const { period, firstContactResolution, escalation } = (await reports().expect(200)).body;

    expect(period).toEqual(PERIOD);
    expect(firstContactResolution).toEqual(share(2, 5));
    expect(escalation).toEqual({ l1ToL2: share(5, 9), l2ToL3: share(2, 5) });
  });

  it('gives the mean and median time to resolve per priority, overall and at each tier', async () => {
    const { mttr } = (await reports().expect(200)).body;

    const durations = (resolvedCount: number, mean: number, median: number) => ({
      resolved: resolvedCount,
      meanSeconds: hours(mean),
      medianSeconds: hours(median),
    });
    expect(mttr).toEqual({
      overall: durations(5, 4.3, 3),
      byPriority: [
        { priority: 'P1', ...durations(1, 0.5, 0.5) },
        { priority: 'P2', ...durations(2, 8, 8) },
        { priority: 'P3', ...durations(1, 2, 2) },
        { priority: 'P4', ...durations(1, 3, 3) },
      ],
      byTier: [
        { level: 'L1', ...durations(3, 3.5 / 3, 1) },
        { level: 'L2', ...durations(1, 1, 1) },
        { level: 'L3', ...durations(1, 6, 6) },
      ],
    });
  });

  it('gives SLA compliance per tier and target, counting a ticket without a breach as compliant', async () => {
    const { sla } = (await reports().expect(200)).body;

    const target = (tickets: number, breached: number, warned = 0) => ({
      tickets,
      breached,
      compliance: (tickets - breached) / tickets,
      warned,
    });
    expect(sla).toEqual({
      firstResponse: target(9, 1),
      resolution: target(9, 1, 1),
      tiers: [
        { level: 'L1', firstResponse: target(9, 0), resolution: target(9, 1, 1) },
        { level: 'L2', firstResponse: target(5, 0), resolution: target(5, 0) },
        { level: 'L3', firstResponse: target(2, 1), resolution: target(2, 0) },
      ],
      breachesByPolicy: [
        { policy: HOSTILE, breaches: 1 },
        { policy: 'P1 gold', breaches: 1 },
      ],
    });
  });

  it('gives back the same figures after the read model is rebuilt from the log alone', async () => {
    const before = await steadyReport();
    const runner = service.app.get(ProjectionRunner);
    // A row the log does not have: the rebuild must start from empty tables.
    const db = service.app.get(DataSource);
    await db.query(
      `INSERT INTO "${service.schema}".report_tickets (ticket_id, submitted_at, owner)
       VALUES ($1, $2, 'L2')`,
      [randomUUID(), at(1)],
    );
    expect(await steadyReport()).not.toEqual(before);

    await runner.rebuildFromStart();
    await waitFor(async () => (await runner.status()).state === 'running', {
      description: 'the rebuild to finish',
      timeoutMs: 30_000,
    });

    expect(await steadyReport()).toEqual(before);
  });

  it('covers the last 30 days by default, and a date alone for `to` includes that day', async () => {
    const byDefault = (await reports('/api/v1/reports').expect(200)).body;
    const to = Date.parse(byDefault.period.to);
    expect(Date.parse(byDefault.period.from)).toBe(to - 30 * DAY);
    expect(to).toBeGreaterThanOrEqual(NOW);

    const november = (await reports('/api/v1/reports?from=2026-11-01&to=2026-11-30').expect(200))
      .body;
    expect(november.period).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });

  it('answers 400 naming the field when the period is wrong', async () => {
    const notADate = await reports('/api/v1/reports?from=last-tuesday').expect(400);
    expect(notADate.body.message).toEqual([
      'from must be a date (2026-11-01) or a date-time with its offset (2026-11-01T08:00:00Z)',
    ]);

    const noSuchDay = await reports('/api/v1/reports?to=2026-02-30').expect(400);
    expect(noSuchDay.body.message).toEqual([
      'to must be a date (2026-11-01) or a date-time with its offset (2026-11-01T08:00:00Z)',
    ]);

    const backwards = await reports('/api/v1/reports?from=2026-11-30&to=2026-11-01').expect(400);
    expect(backwards.body.message).toEqual(['from must be before to']);
  });

  it('is for supervisors only', async () => {
    const technician = await service.issue('alex.l1', 'L1');
    const refused = await service.get(`/api/v1/reports?${query}`, technician).expect(403);
    expect(JSON.stringify(refused.body)).not.toContain('backlog');
    await service.http().get('/api/v1/reports').expect(401);
  });

  it("documents every figure's definition in the OpenAPI document", async () => {
    const document = (await service.http().get('/api/docs-json').expect(200)).body;
    expect(document.paths['/api/v1/reports'].get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'from', in: 'query' }),
        expect.objectContaining({ name: 'to', in: 'query' }),
      ]),
    );
    const report = document.components.schemas.ReportView.properties;
    expect(report.firstContactResolution.description).toMatch(/resolved at L1|was at L1/);
    expect(report.backlog.description).toMatch(/neither resolved nor closed/);
    expect(report.sla.description).toMatch(/SlaBreached/);
    expect(document.components.schemas.MttrView.properties.byTier.description).toMatch(
      /arrival at that tier/,
    );
  });
});

describe('the reports page', () => {
  const page = (path: string, token: string) =>
    service.http().get(path).set('Cookie', `helpdesk_session=${token}`).set('Accept', 'text/html');

  /** The number the page shows under a key such as `backlog.L1.open`. */
  const figure = (html: string, key: string) =>
    new RegExp(`data-figure="${key.replace(/\./g, '\\.')}">([^<]*)<`).exec(html)?.[1];

  it('shows a supervisor the figures in tables and charts', async () => {
    const response = await page(`/reports?${query}`, supervisor);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.text;

    expect(figure(html, 'backlog.L1.open')).toBe('2');
    expect(figure(html, 'backlog.L2.from3dTo7d')).toBe('1');
    expect(figure(html, 'backlog.L3.oldest')).toBe('9 d');
    expect(figure(html, 'backlog.all.awaiting')).toBe('4');
    expect(figure(html, 'fcr.rate')).toBe('40 %');
    expect(figure(html, 'l1-to-l2.rate')).toBe('55.6 %');
    expect(figure(html, 'l2-to-l3.rate')).toBe('40 %');
    expect(figure(html, 'mttr.P1.mean')).toBe('30 min');
    expect(figure(html, 'mttr.overall.mean')).toBe('4 h 18 min');
    expect(figure(html, 'mttr.L1.median')).toBe('1 h');
    expect(figure(html, 'sla.L1.resolution')).toBe('88.9 %');
    expect(figure(html, 'sla.L3.first-response')).toBe('50 %');
    for (const chart of ['backlog-chart', 'escalation-chart', 'mttr-chart', 'breaches-by-policy']) {
      expect(html).toMatch(new RegExp(`<svg\\s+id="${chart}"[^>]*role="img"`));
    }
    expect(html).toMatch(/<g data-bar="Level 1">/);
    expect(html).not.toMatch(/<script(?! src="\/assets\/live\.js")/);
  });

  it("escapes the labels that come from events, such as an SLA policy's name", async () => {
    const html = (await page(`/reports?${query}`, supervisor).expect(200)).text;

    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(
      'data-bar="&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"',
    );
  });

  it('links the tier dashboards and itself', async () => {
    const html = (await page('/reports', supervisor).expect(200)).text;
    const nav = /<nav aria-label="Sections">([^]*?)<\/nav>/.exec(html)?.[1] ?? '';

    expect(nav).toContain('href="http://localhost:3001/dashboard"');
    expect(nav).toContain('href="http://localhost:3002/dashboard"');
    expect(nav).toContain('href="http://localhost:3003/dashboard"');
    expect(nav).toMatch(/href="\/reports"\s+aria-current="page"/);
  });

  it('refuses a technician who is not a supervisor, and sends a stranger to sign in', async () => {
    const technician = await service.issue('bea.l2', 'L2');
    const refused = await page('/reports', technician);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('data-figure');

    const stranger = await service.http().get('/reports').expect(303);
    expect(stranger.headers['location']).toMatch(/\/sign-in\?next=/);
  });

  it('says which field is wrong when the period is', async () => {
    const response = await page('/reports?from=yesterday', supervisor);
    expect(response.status).toBe(400);
    expect(response.text).toContain('from must be a date');
  });
});
