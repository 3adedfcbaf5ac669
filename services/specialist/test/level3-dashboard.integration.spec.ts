import { randomUUID } from 'node:crypto';
import { TicketEvent } from '@helpdesk/ticket-events';
import { aTicketEvent, aTicketSubmitted } from '@helpdesk/testing';
import {
  DashboardSession,
  ServiceUnderTest,
  flashCookieOf,
  flashOf,
} from '@helpdesk/tier-desk/testing';

const service = new ServiceUnderTest('specialist', {
  SIGN_IN_URL: 'http://sign-in.example.test/sign-in',
});
const { feed, http, get, issue, signIn, page, submit } = service;

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let network: DashboardSession; // the seeded network specialist
let security: DashboardSession; // the seeded security specialist
let backOffice: DashboardSession; // level 2
let supervisor: DashboardSession; // level 2, supervisor
let apiToken: string; // the network specialist's Bearer token, to check through the JSON API

/** Submitted, escalated by level 1, diagnosed and escalated by level 2 (`at`: when). */
function escalatedToLevel3(
  ticketId: string,
  summary: string,
  priority: 'P1' | 'P2' | 'P3',
  domain: string,
  options: { reason?: string; at?: Date } = {},
): TicketEvent[] {
  const events = [
    aTicketSubmitted({ ticketId, summary }),
    aTicketEvent(
      { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'medium', priority } },
      ticketId,
      2,
    ),
    aTicketEvent(
      {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'beyond the knowledge base', domain: null },
      },
      ticketId,
      3,
    ),
    aTicketEvent(
      {
        type: 'TicketDiagnosed',
        data: { diagnosis: `a ${domain} fault`, outcome: 'remote-session' },
      },
      ticketId,
      4,
    ),
    aTicketEvent(
      {
        type: 'TicketEscalated',
        data: {
          fromLevel: 'L2',
          toLevel: 'L3',
          reason: options.reason ?? `needs a ${domain} specialist`,
          domain,
        },
      },
      ticketId,
      5,
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
  [network, security, backOffice, supervisor] = await Promise.all([
    signIn('specialist-network', 'L3'),
    signIn('specialist-security', 'L3'),
    signIn('tech-l2', 'L2'),
    signIn('boss', 'L2', true),
  ]);
  apiToken = await issue('specialist-network', 'L3');
});

afterAll(() => service.stop());

describe('level 3 dashboard', () => {
  const router = randomUUID(); // network, P2: taken and resolved
  const dns = randomUUID(); // network, P3: taken by the supervisor
  const firewall = randomUUID(); // security, P1: handed back to level 2
  const hostile = randomUUID(); // hardware, P3, waiting for 2 hours, text that tries to be markup
  const onlyAtLevel2 = randomUUID();

  beforeAll(async () => {
    await feed([
      ...escalatedToLevel3(router, 'Site router drops packets', 'P2', 'network'),
      ...escalatedToLevel3(dns, 'Intranet name does not resolve', 'P3', 'network'),
      ...escalatedToLevel3(firewall, 'Firewall blocks the ERP', 'P1', 'security'),
      ...escalatedToLevel3(hostile, HOSTILE, 'P3', 'hardware', {
        reason: `level 2 says ${HOSTILE}`,
        at: new Date(Date.now() - 2 * 3_600_000),
      }),
      aTicketSubmitted({ ticketId: onlyAtLevel2, summary: 'Laptop screen flickers' }),
    ]);
  });

  it('shows every domain queue, most urgent first, with the counts per domain', async () => {
    const response = await page('/dashboard', network).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('Level 3 · Specialists');
    expect(response.text).toContain('<table class="data-table" id="queue"');
    expect(rowIds(response.text)).toEqual([firewall, router, hostile, dns]);
    expect(response.text).not.toContain(onlyAtLevel2);
    const counts = /<ul class="counts" id="queue-counts"[\s\S]*?<\/ul>/
      .exec(response.text)?.[0]
      .replace(/\s+/g, ' ');
    expect(counts).toContain('<strong>4</strong> All domains');
    expect(counts).toContain(
      '<strong>2</strong> network <br /><small>2 unassigned · 1 specialist · yours</small>',
    );
    expect(counts).toContain('<strong>1</strong> security');
    expect(counts).toContain('<strong>0</strong> operating-system');
    expect(counts).toContain('data-domain-count="security"');
    expect(counts).toContain('href="/dashboard?domain=security"');
  });

  it('filters the queues by domain, priority, age and assignee, and sorts them', async () => {
    const networkQueue = await page(
      '/dashboard?domain=network&priority=&status=&assignee=&age=&sort=',
      network,
    ).expect(200);
    expect(rowIds(networkQueue.text)).toEqual([router, dns]);
    expect(networkQueue.text).toContain('Level 3 queue · network');
    const p1 = await page('/dashboard?priority=P1', network).expect(200);
    expect(rowIds(p1.text)).toEqual([firewall]);
    const waiting = await page('/dashboard?age=1h', network).expect(200);
    expect(rowIds(waiting.text)).toEqual([hostile]);
    const oldest = await page('/dashboard?sort=oldest', network).expect(200);
    expect(rowIds(oldest.text)[0]).toBe(hostile);
    const mine = await page('/dashboard?assignee=me', network).expect(200);
    expect(rowIds(mine.text)).toEqual([]);
    const empty = await page('/dashboard?domain=operating-system', network).expect(200);
    expect(empty.text).toContain('No ticket matches these filters.');
    await page('/dashboard?domain=Not%20A%20Domain', network).expect(400);
  });

  it('shows ticket text as text, never as markup', async () => {
    for (const path of ['/dashboard', ticketPath(hostile)]) {
      const response = await page(path, network).expect(200);
      expect(response.text).not.toContain('<script>alert(1)</script>');
      expect(response.text).not.toContain('<img src=x onerror=alert(2)>');
      expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const detail = await page(ticketPath(hostile), network).expect(200);
    expect(detail.text).toContain('Escalated by level 2 because');
    expect(detail.text).toContain('level 2 says &lt;script&gt;');
  });

  it('lets in level 3 technicians and supervisors only', async () => {
    const refused = await page('/dashboard', backOffice).expect(403);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    await page(ticketPath(router), backOffice).expect(403);
    await get('/api/v1/queues', await issue('tech-l2', 'L2')).expect(403);
    const anonymous = await http().get('/dashboard?domain=network').expect(303);
    expect(anonymous.headers['location']).toMatch(
      /^http:\/\/sign-in\.example\.test\/sign-in\?next=http%3A%2F%2F.*%2Fdashboard%3Fdomain%3Dnetwork$/,
    );
    const boss = await page('/dashboard', supervisor).expect(200);
    expect(rowIds(boss.text)).toContain(router);
    await page(ticketPath(router), supervisor).expect(200);
  });

  it('answers a 404 page for a ticket level 3 never had or a malformed id', async () => {
    await page(ticketPath(randomUUID()), network).expect(404);
    await page(ticketPath(onlyAtLevel2), network).expect(404);
    await page('/dashboard/tickets/not-a-ticket', network).expect(404);
  });

  it('shows the ticket with its domain, why level 2 escalated it and what it found', async () => {
    const response = await page(ticketPath(router), network).expect(200);
    expect(response.text).toContain('<h1>Site router drops packets</h1>');
    expect(response.text).toContain('<strong data-domain>network</strong>');
    expect(response.text).toContain('needs a network specialist');
    expect(response.text).toContain('a network fault');
    expect(response.text).toContain('ada@example.com');
    expect(response.text).toContain('Escalated to level 3');
    expect(response.text).toContain(`action="/dashboard/tickets/${router}/take"`);
    expect(response.text).toContain(`action="/dashboard/tickets/${router}/hand-back"`);
    expect(response.text).not.toContain(`action="/dashboard/tickets/${router}/resolve"`);
  });

  it('refuses a form posted without its CSRF token, and changes nothing', async () => {
    await http()
      .post(`${ticketPath(router)}/take`)
      .set('Cookie', network.cookie)
      .type('form')
      .send({})
      .expect(403);
    const detail = await get(`/api/v1/tickets/${router}`, apiToken).expect(200);
    expect(detail.body).toMatchObject({ assignee: null, status: 'new' });
  });

  it("refuses a specialist a ticket outside their skills, saying why on the ticket's page", async () => {
    const before = await page(ticketPath(router), security).expect(200);
    expect(before.text).toContain('Needs a specialist in network: you specialise in security.');
    const refused = await submit(`${ticketPath(router)}/take`, security).expect(303);
    expect(refused.headers['location']).toBe(ticketPath(router));
    expect(flashOf(refused)).toEqual({
      kind: 'error',
      text: `ticket ${router} is in the network queue; specialist-security specialises in security`,
    });
    const shown = await page(ticketPath(router), security, [flashCookieOf(refused) ?? '']);
    expect(shown.text).toContain('class="flash flash-error"');
    const detail = await get(`/api/v1/tickets/${router}`, apiToken).expect(200);
    expect(detail.body.assignee).toBeNull();
  });

  it('takes a ticket of their domain and resolves it from its page', async () => {
    const taken = await submit(`${ticketPath(router)}/take`, network).expect(303);
    expect(taken.headers['location']).toBe(ticketPath(router));
    expect(flashOf(taken)).toEqual({ kind: 'notice', text: 'You took the ticket.' });
    const mine = await page('/dashboard?assignee=me', network).expect(200);
    expect(rowIds(mine.text)).toEqual([router]);
    const working = await page(ticketPath(router), network).expect(200);
    expect(working.text).toContain('Taken by specialist-network');
    expect(working.text).toContain(`action="/dashboard/tickets/${router}/resolve"`);

    await submit(`${ticketPath(router)}/resolve`, network, {
      resolution: 'MTU mismatch fixed on the site router',
    }).expect(303);
    const detail = await get(`/api/v1/tickets/${router}`, apiToken).expect(200);
    expect(detail.body).toMatchObject({ status: 'resolved', assignee: 'specialist-network' });
    expect(detail.body.timeline.at(-1)).toMatchObject({
      type: 'TicketResolved',
      actor: { kind: 'technician', id: 'specialist-network', level: 'L3' },
      data: { level: 'L3', resolution: 'MTU mismatch fixed on the site router' },
    });
    const resolved = await page(ticketPath(router), network).expect(200);
    expect(resolved.text).toContain('Resolved: the requester confirms');
    expect(resolved.text).not.toContain('<form class="action"');
  });

  it('lets a supervisor take a ticket of any domain', async () => {
    const taken = await submit(`${ticketPath(dns)}/take`, supervisor).expect(303);
    expect(flashOf(taken)).toMatchObject({ kind: 'notice' });
    const detail = await get(`/api/v1/tickets/${dns}`, apiToken).expect(200);
    expect(detail.body.assignee).toBe('boss');
    const seen = await page(ticketPath(dns), network).expect(200);
    expect(seen.text).toContain('Take over from boss');
  });

  it('hands a ticket back to level 2, after which level 3 only follows it', async () => {
    const missing = await submit(`${ticketPath(firewall)}/hand-back`, security, {
      reason: '',
    }).expect(303);
    expect(flashOf(missing)).toMatchObject({ kind: 'error' });
    const handedBack = await submit(`${ticketPath(firewall)}/hand-back`, security, {
      reason: 'the firewall is fine: the ERP client is misconfigured',
    }).expect(303);
    expect(flashOf(handedBack)).toEqual({ kind: 'notice', text: 'Handed back to level 2.' });
    const detail = await get(`/api/v1/tickets/${firewall}`, apiToken).expect(200);
    expect(detail.body).toMatchObject({ owner: 'L2', inQueue: false });
    expect(detail.body.timeline.at(-1)).toMatchObject({
      type: 'TicketReturned',
      data: { fromLevel: 'L3', toLevel: 'L2' },
    });
    const after = await page(ticketPath(firewall), security).expect(200);
    expect(after.text).toContain('Level 2 owns this ticket now');
    expect(rowIds((await page('/dashboard', security)).text)).not.toContain(firewall);
  });
});
