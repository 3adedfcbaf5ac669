import { randomUUID } from 'node:crypto';
import { TicketEvent } from '@helpdesk/ticket-events';
import { aTicketEvent, aTicketSubmitted } from '@helpdesk/testing';
import {
  DashboardSession,
  ServiceUnderTest,
  flashCookieOf,
  flashOf,
} from '@helpdesk/tier-desk/testing';

const TEMPLATE = 'https://rc.example.test/s/{sessionId}?ticket={ticketId}&via=helpdesk';
const service = new ServiceUnderTest('back-office', {
  REMOTE_SESSION_URL_TEMPLATE: TEMPLATE,
  SPECIALIST_DOMAINS: 'network,security,hardware',
  SIGN_IN_URL: 'http://sign-in.example.test/sign-in',
});
const { feed, http, get, issue, signIn, page, submit } = service;

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let ada: DashboardSession; // level 2
let bob: DashboardSession; // level 2
let frontLine: DashboardSession; // level 1
let specialist: DashboardSession; // level 3
let supervisor: DashboardSession; // level 1, supervisor
let adaToken: string; // ada's Bearer token, to check through the JSON API

/** A ticket as level 1 leaves it: submitted, prioritized, escalated to level 2 (`at`: when). */
function escalatedToLevel2(
  ticketId: string,
  summary: string,
  priority: 'P1' | 'P2' | 'P3',
  options: { reason?: string; at?: Date } = {},
): TicketEvent[] {
  const events = [
    aTicketSubmitted({ ticketId, summary }),
    aTicketEvent(
      { type: 'TicketPrioritized', data: { impact: 'medium', urgency: 'high', priority } },
      ticketId,
      2,
    ),
    aTicketEvent(
      {
        type: 'TicketEscalated',
        data: {
          fromLevel: 'L1',
          toLevel: 'L2',
          reason: options.reason ?? 'needs a closer look',
          domain: null,
        },
      },
      ticketId,
      3,
    ),
  ];
  const at = options.at;
  return at
    ? events.map((event, index) => ({
        ...event,
        occurredAt: new Date(at.getTime() + index * 1_000).toISOString(),
      }))
    : events;
}

/** The ticket ids of the queue table's rows, in order. */
function rowIds(markup: string): string[] {
  return [...markup.matchAll(/<tr data-row-link="[^"]*"\s+data-ticket-id="([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
}

const ticketPath = (ticketId: string) => `/dashboard/tickets/${ticketId}`;

beforeAll(async () => {
  await service.start(async () => (await import('../src/app.module')).AppModule);
  [ada, bob, frontLine, specialist, supervisor] = await Promise.all([
    signIn('tech-ada', 'L2'),
    signIn('tech-bob', 'L2'),
    signIn('tech-l1', 'L1'),
    signIn('tech-l3', 'L3'),
    signIn('boss', 'L1', true),
  ]);
  adaToken = await issue('tech-ada', 'L2');
});

afterAll(() => service.stop());

describe('level 2 dashboard', () => {
  const vpn = randomUUID(); // P2: remote session, hardware return, escalated to level 3
  const printer = randomUUID(); // P1: sent back to level 1
  const outlook = randomUUID(); // P3: phone guidance, resolved
  const hostile = randomUUID(); // P3, waiting for 2 hours, text that tries to be markup
  const stillAtLevel1 = randomUUID();

  beforeAll(async () => {
    await feed([
      ...escalatedToLevel2(vpn, 'VPN does not connect', 'P2'),
      ...escalatedToLevel2(printer, 'Printer prints blank pages', 'P1'),
      ...escalatedToLevel2(outlook, 'Outlook keeps asking for a password', 'P3'),
      ...escalatedToLevel2(hostile, HOSTILE, 'P3', {
        reason: `level 1 says ${HOSTILE}`,
        at: new Date(Date.now() - 2 * 3_600_000),
      }),
      aTicketSubmitted({ ticketId: stillAtLevel1, summary: 'Mouse is slow' }),
    ]);
  });

  it('shows the queue, most urgent first, with the counts per priority', async () => {
    const response = await page('/dashboard', ada).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<table class="data-table" id="queue"');
    expect(rowIds(response.text)).toEqual([printer, vpn, hostile, outlook]);
    expect(response.text).not.toContain(stillAtLevel1);
    expect(response.text).toContain('Level 2 · Back office');
    const counts = /<ul class="counts" id="queue-counts" data-live-region[\s\S]*?<\/ul>/.exec(
      response.text,
    )?.[0];
    expect(counts?.replace(/\s+/g, ' ')).toMatch(/<strong>4<\/strong> In the queue/);
    expect(counts?.replace(/\s+/g, ' ')).toMatch(/<strong>2<\/strong> <span[^>]*>P3<\/span>/);
    expect(counts).toContain('data-priority-count="P1"');
    expect(counts).toContain('href="/dashboard?priority=P2"');
  });

  it('filters the queue by priority, age and assignee, and sorts it', async () => {
    const p1 = await page('/dashboard?priority=P1&status=&assignee=&age=&sort=', ada).expect(200);
    expect(rowIds(p1.text)).toEqual([printer]);
    const waiting = await page('/dashboard?age=1h', ada).expect(200);
    expect(rowIds(waiting.text)).toEqual([hostile]);
    const oldest = await page('/dashboard?sort=oldest', ada).expect(200);
    expect(rowIds(oldest.text)[0]).toBe(hostile);
    const newest = await page('/dashboard?sort=newest', ada).expect(200);
    expect(rowIds(newest.text).at(-1)).toBe(hostile);
    const mine = await page('/dashboard?assignee=me', ada).expect(200);
    expect(rowIds(mine.text)).toEqual([]);
    expect(mine.text).toContain('No ticket matches these filters.');
    await page('/dashboard?priority=P9', ada).expect(400);
  });

  it('shows ticket text as text, never as markup', async () => {
    for (const path of ['/dashboard', ticketPath(hostile)]) {
      const response = await page(path, ada).expect(200);
      expect(response.text).not.toContain('<script>alert(1)</script>');
      expect(response.text).not.toContain('<img src=x onerror=alert(2)>');
      expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const detail = await page(ticketPath(hostile), ada).expect(200);
    expect(detail.text).toContain('level 1 says &lt;script&gt;');
    expect(detail.text).toContain('Escalated by level 1 because');
  });

  it('lets in level 2 technicians and supervisors only', async () => {
    const refused = await page('/dashboard', frontLine).expect(403);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    await page(ticketPath(vpn), specialist).expect(403);
    await get('/api/v1/queue', await issue('tech-l1', 'L1')).expect(403);
    await get('/api/v1/queue', await issue('tech-l3', 'L3')).expect(403);
    const anonymous = await http().get('/dashboard?priority=P1').expect(303);
    expect(anonymous.headers['location']).toMatch(
      /^http:\/\/sign-in\.example\.test\/sign-in\?next=http%3A%2F%2F.*%2Fdashboard%3Fpriority%3DP1$/,
    );
    await http().get(ticketPath(vpn)).expect(303);
    const boss = await page('/dashboard', supervisor).expect(200);
    expect(rowIds(boss.text)).toContain(vpn);
    await page(ticketPath(vpn), supervisor).expect(200);
  });

  it('answers a 404 page for a ticket level 2 never had or a malformed id', async () => {
    await page(ticketPath(randomUUID()), ada).expect(404);
    await page(ticketPath(stillAtLevel1), ada).expect(404);
    const malformed = await page('/dashboard/tickets/not-a-ticket', ada).expect(404);
    expect(malformed.text).toContain('Not found');
  });

  it('refuses a form posted without its CSRF token, and changes nothing', async () => {
    await http()
      .post(`${ticketPath(vpn)}/take`)
      .set('Cookie', ada.cookie)
      .type('form')
      .send({})
      .expect(403);
    await http()
      .post(`${ticketPath(vpn)}/take`)
      .set('Cookie', ada.cookie)
      .type('form')
      .send({ _csrf: bob.csrfToken })
      .expect(403);
    const detail = await get(`/api/v1/tickets/${vpn}`, adaToken).expect(200);
    expect(detail.body).toMatchObject({ assignee: null, status: 'new' });
    expect(detail.body.timeline).toHaveLength(3);
  });

  it('takes a ticket from its page, then shows the notice and the timeline', async () => {
    const before = await page(ticketPath(vpn), ada).expect(200);
    expect(before.text).toContain(`action="/dashboard/tickets/${vpn}/take"`);
    expect(before.text).toContain('Escalated by level 1 because');

    const taken = await submit(`${ticketPath(vpn)}/take`, ada).expect(303);
    expect(taken.headers['location']).toBe(ticketPath(vpn));
    expect(flashOf(taken)).toEqual({ kind: 'notice', text: 'You took the ticket.' });

    const after = await page(ticketPath(vpn), ada, [flashCookieOf(taken) ?? '']).expect(200);
    expect(after.text).toContain('You took the ticket.');
    expect(after.text).toContain('Taken by tech-ada');
    expect(after.text).not.toContain(`action="/dashboard/tickets/${vpn}/take"`);
    expect(after.text).toContain(`action="/dashboard/tickets/${vpn}/diagnosis"`);
    const mine = await page('/dashboard?assignee=me', ada).expect(200);
    expect(rowIds(mine.text)).toEqual([vpn]);
  });

  it('runs a remote session from the page, which must end before resolving', async () => {
    await submit(`${ticketPath(vpn)}/diagnosis`, ada, {
      diagnosis: 'The VPN client profile is corrupt.',
      outcome: 'remote-session',
    }).expect(303);
    const diagnosed = await page(ticketPath(vpn), ada).expect(200);
    expect(diagnosed.text).toContain(`action="/dashboard/tickets/${vpn}/remote-sessions"`);
    expect(diagnosed.text).toContain('The VPN client profile is corrupt.');

    await submit(`${ticketPath(vpn)}/remote-sessions`, ada).expect(303);
    const { body } = await get(`/api/v1/tickets/${vpn}`, adaToken).expect(200);
    const { sessionId, link } = body.remoteSession;
    expect(link).toBe(`https://rc.example.test/s/${sessionId}?ticket=${vpn}&via=helpdesk`);

    const open = await page(ticketPath(vpn), ada).expect(200);
    expect(open.text).toContain('Remote session open');
    expect(open.text).toContain(
      `href="https://rc.example.test/s/${sessionId}?ticket=${vpn}&amp;via=helpdesk"`,
    );
    expect(open.text).toContain(
      `action="/dashboard/tickets/${vpn}/remote-sessions/${sessionId}/end"`,
    );
    expect(open.text).not.toContain(`action="/dashboard/tickets/${vpn}/resolve"`);
    expect(open.text).not.toContain(`action="/dashboard/tickets/${vpn}/escalate"`);

    const refused = await submit(`${ticketPath(vpn)}/resolve`, ada, {
      resolution: 'too early',
    }).expect(303);
    expect(refused.headers['location']).toBe(ticketPath(vpn));
    expect(flashOf(refused)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('is still open: end it first'),
    });

    await submit(`${ticketPath(vpn)}/remote-sessions/${sessionId}/end`, ada, {
      notes: 'profile re-imported, still fails on the hotel Wi-Fi',
    }).expect(303);
    const ended = await page(ticketPath(vpn), ada).expect(200);
    expect(ended.text).not.toContain('Remote session open');
    expect(ended.text).toContain('Remote session ended');
    expect(ended.text).toContain('profile re-imported, still fails on the hotel Wi-Fi');
    expect(ended.text).toContain(`action="/dashboard/tickets/${vpn}/resolve"`);
  });

  it('records hardware return steps in order, refusing one out of order', async () => {
    await submit(`${ticketPath(vpn)}/diagnosis`, ada, {
      diagnosis: 'The Wi-Fi adapter is failing.',
      outcome: 'hardware-return',
    }).expect(303);
    const early = await submit(`${ticketPath(vpn)}/hardware-return`, ada, {
      step: 'shipped',
      note: '',
    }).expect(303);
    expect(flashOf(early)).toMatchObject({ kind: 'error' });

    await submit(`${ticketPath(vpn)}/hardware-return`, ada, {
      step: 'requested',
      note: 'laptop, serial 42',
    }).expect(303);
    const requested = await page(ticketPath(vpn), ada).expect(200);
    const rmaNumber = /data-rma-number>(RMA-\d{8}-[0-9A-F]{8})</.exec(requested.text)?.[1];
    expect(rmaNumber).toBeDefined();
    expect(requested.text).toContain('laptop, serial 42');
    expect(requested.text).toContain('<option value="shipped"');
    expect(requested.text).not.toContain(`action="/dashboard/tickets/${vpn}/diagnosis"`);

    await submit(`${ticketPath(vpn)}/hardware-return`, ada, { step: 'shipped', note: '' }).expect(
      303,
    );
    const detail = await get(`/api/v1/tickets/${vpn}`, adaToken).expect(200);
    expect(detail.body.hardwareReturn).toMatchObject({ rmaNumber, step: 'shipped' });
    expect(detail.body.timeline.at(-1).data).toEqual({ rmaNumber, step: 'shipped', note: null });
  });

  it('escalates to level 3 with a configured domain only', async () => {
    const page1 = await page(ticketPath(vpn), bob).expect(200);
    expect(page1.text).toContain('<option value="network"');
    expect(page1.text).toContain('<option value="hardware"');
    expect(page1.text).not.toContain('<option value="business-application"');

    const wrong = await submit(`${ticketPath(vpn)}/escalate`, bob, {
      reason: 'needs a plumber',
      domain: 'plumbing',
    }).expect(303);
    expect(flashOf(wrong)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('domain must be one of network, security, hardware'),
    });
    expect((await get(`/api/v1/tickets/${vpn}`, adaToken)).body.owner).toBe('L2');

    const escalated = await submit(`${ticketPath(vpn)}/escalate`, bob, {
      reason: 'the new adapter drops packets too: the site network is suspect',
      domain: 'network',
    }).expect(303);
    expect(escalated.headers['location']).toBe(ticketPath(vpn));
    const detail = await get(`/api/v1/tickets/${vpn}`, adaToken).expect(200);
    expect(detail.body).toMatchObject({ owner: 'L3', inQueue: false });
    expect(detail.body.timeline.at(-1)).toMatchObject({
      type: 'TicketEscalated',
      actor: { kind: 'technician', id: 'tech-bob', level: 'L2' },
      data: { toLevel: 'L3', domain: 'network' },
    });
    const after = await page(ticketPath(vpn), ada).expect(200);
    expect(after.text).toContain('Level 3 owns this ticket now');
    expect(after.text).not.toContain('<form class="action"');
    expect(rowIds((await page('/dashboard', ada)).text)).not.toContain(vpn);
  });

  it('sends a ticket back to level 1', async () => {
    const sent = await submit(`${ticketPath(printer)}/send-back`, bob, {
      reason: 'the toner was empty: level 1 can handle it',
    }).expect(303);
    expect(flashOf(sent)).toEqual({ kind: 'notice', text: 'Sent back to level 1.' });
    const detail = await get(`/api/v1/tickets/${printer}`, adaToken).expect(200);
    expect(detail.body.owner).toBe('L1');
    const refused = await submit(`${ticketPath(printer)}/take`, bob).expect(303);
    expect(flashOf(refused)).toMatchObject({ kind: 'error' });
  });

  it('notes phone guidance and resolves; the supervisor sees it all', async () => {
    await submit(`${ticketPath(outlook)}/take`, bob).expect(303);
    await submit(`${ticketPath(outlook)}/diagnosis`, bob, {
      diagnosis: 'A stale credential in the Windows vault.',
      outcome: 'phone-guidance',
    }).expect(303);
    await submit(`${ticketPath(outlook)}/phone-guidance`, bob, {
      notes: 'walked the user through removing the stale credential',
    }).expect(303);
    const resolved = await submit(`${ticketPath(outlook)}/resolve`, bob, {
      resolution: 'stale credential removed',
    }).expect(303);
    expect(flashOf(resolved)).toMatchObject({ kind: 'notice' });

    const boss = await page(ticketPath(outlook), supervisor).expect(200);
    for (const text of [
      'Phone guidance',
      'walked the user through removing the stale credential',
      'Resolved at level 2',
      'stale credential removed',
      'Resolved: the requester confirms',
    ]) {
      expect(boss.text).toContain(text);
    }
    const detail = await get(`/api/v1/tickets/${outlook}`, adaToken).expect(200);
    expect(detail.body.timeline.map((line: { type: string }) => line.type)).toEqual([
      'TicketSubmitted',
      'TicketPrioritized',
      'TicketEscalated',
      'TicketTaken',
      'TicketDiagnosed',
      'PhoneGuidanceNoted',
      'TicketResolved',
    ]);
  });
});
