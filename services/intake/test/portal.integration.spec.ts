import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { TicketEvent } from '@helpdesk/ticket-events';
import { aTicketEvent, createTestTopic, waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';
import { RequesterAccess } from '../src/portal/requester-access';
import { FakeTier, deadUrl } from './support/fake-tier';

/**
 * The requester portal on PostgreSQL and Kafka: an employee goes through the contact guide to
 * a ticket, follows it behind its tracking link, answers, confirms or reopens; every action
 * goes to the level that owns the ticket (a fake tier here), as the API's do.
 */

const INTERNAL_API_TOKEN = 'internal-token-for-portal-tests';
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let service: ServiceUnderTest;
let triage: FakeTier;
let db: Client;

type Agent = ReturnType<typeof request.agent>;

/** A browser: it keeps the cookies the portal sets (its CSRF cookie, the flash message). */
const browser = (): Agent => request.agent(service.app.getHttpServer());

/** The value of a hidden field of the page's form. */
function hidden(page: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
  if (value === undefined) throw new Error(`no hidden field ${name} on the page`);
  return value;
}

/** The contact guide's form for a category, as a browser gets it. */
async function openForm(agent: Agent, category = 'network-vpn') {
  const response = await agent.get(`/portal/new?category=${category}`).expect(200);
  return {
    page: response.text,
    _csrf: hidden(response.text, '_csrf'),
    nonce: hidden(response.text, 'nonce'),
  };
}

/** What an employee types into the network-vpn form. */
const typed = {
  category: 'network-vpn',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  summary: 'The VPN drops every five minutes',
  'answer-1': 'At home',
  'answer-2': 'The VPN',
  'answer-3': '',
  'answer-4': 'Yes, news sites work',
  'answer-5': '"Connection timed out"',
  details: 'It started on Monday after the update.',
  impact: 'team',
  urgency: 'now',
};

/** Submits the form and answers the tracking link the portal redirects to. */
async function submitTicket(agent: Agent, fields: Record<string, string> = {}): Promise<string> {
  const form = await openForm(agent);
  const response = await agent
    .post('/portal/tickets')
    .type('form')
    .send({ ...typed, ...fields, _csrf: form._csrf, nonce: form.nonce })
    .expect(303);
  return response.headers['location'] as string;
}

function ticketIdOf(link: string): string {
  const id = /^\/portal\/tickets\/([0-9a-f-]{36})\?access=[\w-]+$/.exec(link)?.[1];
  if (!id) throw new Error(`not a tracking link: ${link}`);
  return id;
}

async function outboxOf(ticketId: string): Promise<TicketEvent[]> {
  const { rows } = await db.query<{ event: TicketEvent }>(
    `SELECT event FROM "${service.schema}".outbox WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  return rows.map((row) => row.event);
}

async function ticketCount(): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM "${service.schema}".requester_tickets`,
  );
  return rows[0]!.count;
}

/** What a level puts on the log after intake's own first two events. */
async function onTheLog(ticketId: string, drafts: Parameters<typeof aTicketEvent>[0][]) {
  await waitFor(
    async () => {
      const { rows } = await db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM "${service.schema}".outbox
          WHERE ticket_id = $1 AND published_at IS NULL`,
        [ticketId],
      );
      return rows[0]!.count === 0;
    },
    { description: "intake's own events to reach the log", timeoutMs: 20_000 },
  );
  await service.feed(drafts.map((draft, index) => aTicketEvent(draft, ticketId, 3 + index)));
}

/** The ticket page's form posting to `action`, with the fields it carries. */
function formOn(page: string, action: string): { _csrf: string; access: string } {
  const form = new RegExp(`<form[^>]*action="${action}"[^]*?</form>`).exec(page)?.[0];
  if (!form) throw new Error(`no form posting to ${action}`);
  return { _csrf: hidden(form, '_csrf'), access: hidden(form, 'access') };
}

beforeAll(async () => {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  triage = await FakeTier.start('L1', INTERNAL_API_TOKEN);
  service = new ServiceUnderTest('intake', {
    EVENT_LOG: 'kafka',
    KAFKA_BROKERS: brokers.join(','),
    EVENT_LOG_TOPIC: await createTestTopic(brokers, { partitions: 2, prefix: 'intake-portal' }),
    INTERNAL_API_TOKEN,
    TRIAGE_URL: triage.url,
    BACK_OFFICE_URL: await deadUrl(),
    SPECIALIST_URL: await deadUrl(),
    TIER_TIMEOUT_MS: '3000',
  });
  await service.start(async () => (await import('../src/app.module')).AppModule);
  db = new Client({ connectionString: service.databaseUrl });
  await db.connect();
}, 60_000);

afterAll(async () => {
  await db?.end();
  await service?.stop();
  await triage?.close();
});

describe('the contact guide', () => {
  it("offers the guide's categories, each leading to its own form", async () => {
    const response = await browser().get('/portal').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('<ul class="choices"');
    expect(response.text).toMatch(
      /<a\s+href="\/portal\/new\?category=network-vpn"\s+data-category="network-vpn"/,
    );
    expect(response.text).toContain('data-category="account-password"');
    expect(response.text).toContain('Track a ticket');
    await browser().get('/portal/new?category=coffee-machine').expect(404);
  });

  it('asks the guiding questions and lists what to have at hand', async () => {
    const { page } = await openForm(browser());
    expect(page).toContain('Where are you: at the office, at home or travelling?');
    expect(page).toContain('What does the VPN client say when it fails?');
    expect(page).toContain('Have at hand');
    expect(page).toContain('name="answer-5"');
    expect(page).toContain('<option value="department"');
    expect(page).toMatch(/<button type="submit" class="button">\s*Submit the ticket/);
  });

  it('turns the answers into a well-described ticket and leads to its tracking link', async () => {
    const agent = browser();
    const link = await submitTicket(agent);
    const id = ticketIdOf(link);

    const [submitted, prioritized] = await outboxOf(id);
    expect(submitted).toMatchObject({
      type: 'TicketSubmitted',
      actor: { kind: 'requester', id: 'ada@example.com' },
      data: {
        requester: { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
        channel: 'portal',
        category: 'network-vpn',
        summary: 'The VPN drops every five minutes',
        impact: 'medium',
        urgency: 'high',
      },
    });
    const description = (submitted!.data as { description: string }).description;
    expect(description).toBe(
      [
        'Where are you: at the office, at home or travelling?\nAt home',
        'Is it the VPN, the Wi-Fi or the wired network?\nThe VPN',
        'Do colleagues near you have the same problem?\nYes, news sites work',
        'What does the VPN client say when it fails?\n"Connection timed out"',
        'Further details:\nIt started on Monday after the update.',
      ].join('\n\n'),
    );
    expect(prioritized).toMatchObject({ type: 'TicketPrioritized', data: { priority: 'P2' } });

    const page = (await agent.get(link).expect(200)).text;
    expect(page).toContain('Ticket received');
    expect(page).toContain('<h1>The VPN drops every five minutes</h1>');
    expect(page).toMatch(/data-ticket-status="new"/);
    expect(page).toContain('At home');
    expect(page).toMatch(/id="ticket-timeline" data-live-region/);
    expect(page).toContain('You submitted the ticket');
    // The flash is for the page right after the submit only.
    expect((await agent.get(link).expect(200)).text).not.toContain('Ticket received');
    // The link is the access: another browser, with no cookie at all, follows the ticket too.
    await browser().get(link).expect(200);
  });

  it('shows the form again with a 400 naming what is missing, keeping what was typed', async () => {
    const agent = browser();
    const before = await ticketCount();
    const form = await openForm(agent);
    const response = await agent
      .post('/portal/tickets')
      .type('form')
      .send({
        ...typed,
        summary: '   ',
        impact: '',
        details: '</textarea><script>alert(4)</script>',
        _csrf: form._csrf,
        nonce: form.nonce,
      })
      .expect(400);
    expect(response.text).toContain('Summary is required');
    expect(response.text).toContain('Who is affected: choose one');
    expect(response.text).toContain('href="#field-summary"');
    expect(response.text).toContain('value="Ada Lovelace"');
    expect(response.text).toContain('value="ada@example.com"');
    expect(response.text).toMatch(/name="answer-1"[^>]*>\s*At home<\/textarea>/);
    expect(response.text).toMatch(/<option value="now"\s+selected/);
    expect(response.text).toContain('&lt;/textarea&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(response.text).not.toContain('<script>alert(4)');
    expect(await ticketCount()).toBe(before);

    // Corrected, the same form goes through.
    const corrected = await agent
      .post('/portal/tickets')
      .type('form')
      .send({
        ...typed,
        _csrf: hidden(response.text, '_csrf'),
        nonce: hidden(response.text, 'nonce'),
      })
      .expect(303);
    ticketIdOf(corrected.headers['location'] as string);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('takes an optional callback phone, and shows the form again naming it when it is wrong', async () => {
    const agent = browser();
    const before = await ticketCount();
    const form = await openForm(agent);
    expect(form.page).toMatch(/<input\s+id="field-phone"\s+name="phone"\s+type="tel"/);
    const refused = await agent
      .post('/portal/tickets')
      .type('form')
      .send({
        ...typed,
        phone: '"><script>alert(6)</script>',
        _csrf: form._csrf,
        nonce: form.nonce,
      })
      .expect(400);
    expect(refused.text).toContain(
      'Your phone number may only have digits, spaces and + - ( ) . and at least 3 digits',
    );
    expect(refused.text).toContain('href="#field-phone"');
    expect(refused.text).toContain('value="&quot;&gt;&lt;script&gt;alert(6)&lt;/script&gt;"');
    expect(refused.text).not.toContain('<script>alert(6)');
    expect(await ticketCount()).toBe(before);

    const accepted = await agent
      .post('/portal/tickets')
      .type('form')
      .send({
        ...typed,
        phone: ' +44 20 7946 0958 ',
        _csrf: hidden(refused.text, '_csrf'),
        nonce: hidden(refused.text, 'nonce'),
      })
      .expect(303);
    const [submitted] = await outboxOf(ticketIdOf(accepted.headers['location'] as string));
    expect(submitted).toMatchObject({
      type: 'TicketSubmitted',
      schemaVersion: 2,
      data: {
        requester: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958' },
      },
    });
  });

  it('makes one ticket when the same form is submitted twice', async () => {
    const agent = browser();
    const form = await openForm(agent);
    const body = {
      ...typed,
      summary: `Twice ${randomUUID()}`,
      _csrf: form._csrf,
      nonce: form.nonce,
    };
    const before = await ticketCount();
    const first = await agent.post('/portal/tickets').type('form').send(body).expect(303);
    const [second, third] = await Promise.all([
      agent.post('/portal/tickets').type('form').send(body),
      agent.post('/portal/tickets').type('form').send(body),
    ]);
    expect([second.status, third.status]).toEqual([303, 303]);
    expect(second.headers['location']).toBe(first.headers['location']);
    expect(third.headers['location']).toBe(first.headers['location']);
    expect(await ticketCount()).toBe(before + 1);
    expect(await outboxOf(ticketIdOf(first.headers['location'] as string))).toHaveLength(2);

    // The same form sent again with other words is said, and the next submit is a new ticket.
    const changed = await agent
      .post('/portal/tickets')
      .type('form')
      .send({ ...body, summary: 'Something else' })
      .expect(409);
    expect(changed.text).toContain('already sent with different content');
    expect(hidden(changed.text, 'nonce')).not.toBe(form.nonce);
    expect(await ticketCount()).toBe(before + 1);
  });

  it('refuses a form without its CSRF token (403) and makes no ticket', async () => {
    const agent = browser();
    const form = await openForm(agent);
    const before = await ticketCount();
    const response = await agent
      .post('/portal/tickets')
      .type('form')
      .send({ ...typed, nonce: form.nonce })
      .expect(403);
    expect(response.text).toContain('The form had expired');
    expect(response.text).toContain('value="Ada Lovelace"');
    // A token from another browser's page does not fit this browser's cookie.
    const other = await openForm(browser());
    await agent
      .post('/portal/tickets')
      .type('form')
      .send({ ...typed, _csrf: other._csrf, nonce: form.nonce })
      .expect(403);
    // Nor does a token without the cookie it belongs to.
    await browser()
      .post('/portal/tickets')
      .type('form')
      .send({ ...typed, _csrf: form._csrf, nonce: form.nonce })
      .expect(403);
    expect(await ticketCount()).toBe(before);
  });
});

describe('following a ticket', () => {
  it('shows ticket text escaped, never as markup', async () => {
    const agent = browser();
    const link = await submitTicket(agent, {
      summary: HOSTILE,
      'answer-1': '<img src=x onerror=alert(3)>',
      name: '"><svg onload=alert(5)>',
    });
    const page = (await agent.get(link).expect(200)).text;
    expect(page).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
    expect(page).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toMatch(/<img src=x/);
    expect(page).not.toMatch(/<svg/);
  });

  it('answers 404 for a wrong or missing access token, as for a ticket that does not exist', async () => {
    const agent = browser();
    const link = await submitTicket(agent);
    const id = ticketIdOf(link);
    const other = ticketIdOf(await submitTicket(agent));
    const token = new URL(link, 'http://portal').searchParams.get('access')!;
    const tokens = service.app.get(RequesterAccess);
    const notFound = [
      `/portal/tickets/${id}`,
      `/portal/tickets/${id}?access=`,
      `/portal/tickets/${id}?access=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      `/portal/tickets/${id}?access=${tokens.tokenFor(other)}`,
      `/portal/tickets/${other}?access=${token}`,
      `/portal/tickets/${id}?access=${token}&access=${token}`,
    ];
    const unknown = randomUUID();
    const pages = await Promise.all(
      [
        ...notFound,
        `/portal/tickets/${unknown}?access=${tokens.tokenFor(unknown)}`,
        '/portal/tickets/nope',
      ].map((path) => agent.get(path).expect(404)),
    );
    for (const page of pages) {
      expect(page.text).toContain('There is no ticket at this address');
      expect(page.text).not.toContain('The VPN drops');
    }

    // An action with a wrong token changes nothing and tells nothing either.
    const form = formOn((await agent.get(link).expect(200)).text, `/portal/tickets/${id}/replies`);
    await agent
      .post(`/portal/tickets/${id}/replies`)
      .type('form')
      .send({ ...form, access: tokens.tokenFor(other), message: 'Hello' })
      .expect(404);
    expect(triage.callsFor(id)).toEqual([]);
  });

  it('refuses an action without its CSRF token (403), forwarding nothing', async () => {
    const agent = browser();
    const link = await submitTicket(agent);
    const id = ticketIdOf(link);
    const form = formOn((await agent.get(link).expect(200)).text, `/portal/tickets/${id}/replies`);
    const refused = await agent
      .post(`/portal/tickets/${id}/replies`)
      .type('form')
      .send({ access: form.access, message: 'Any news?' })
      .expect(403);
    expect(refused.text).toContain('The form had expired');
    expect(triage.callsFor(id)).toEqual([]);
  });

  it('asks the question of the level and forwards the answer there, from the portal', async () => {
    const agent = browser();
    const link = await submitTicket(agent);
    const id = ticketIdOf(link);
    await onTheLog(id, [
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-secret-17' } },
      {
        type: 'RequesterInformationRequested',
        data: { level: 'L1', question: 'Which VPN client version do you run?' },
      },
    ]);
    const page = (await agent.get(link).expect(200)).text;
    expect(page).toMatch(/data-ticket-status="waiting-for-requester"/);
    expect(page).toContain('IT support needs your answer');
    expect(page).toContain('Which VPN client version do you run?');
    expect(page).not.toContain('tech-secret');
    expect(page).not.toContain(`action="/portal/tickets/${id}/confirmation"`);

    const form = formOn(page, `/portal/tickets/${id}/replies`);
    const empty = await agent
      .post(`/portal/tickets/${id}/replies`)
      .type('form')
      .send({ ...form, message: '   ' })
      .expect(303);
    expect(empty.headers['location']).toBe(link);
    expect((await agent.get(link)).text).toContain('Write your message first.');
    expect(triage.callsFor(id)).toEqual([]);

    await agent
      .post(`/portal/tickets/${id}/replies`)
      .type('form')
      .set('X-Correlation-Id', 'portal-reply-1')
      .send({ ...form, message: 'Version 5.1.2' })
      .expect(303)
      .expect('Location', link);
    expect(triage.callsFor(id)).toEqual([
      expect.objectContaining({
        path: `/internal/v1/tickets/${id}/requester/replies`,
        headers: expect.objectContaining({
          authorization: `Bearer ${INTERNAL_API_TOKEN}`,
          'x-correlation-id': 'portal-reply-1',
        }),
        body: {
          requester: { email: 'ada@example.com' },
          message: 'Version 5.1.2',
          channel: 'portal',
        },
      }),
    ]);
    expect((await agent.get(link)).text).toContain('Your message was added to the ticket.');

    // The level's refusal is said on the page, as the level words it.
    triage.script(id, {
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'the ticket is closed' },
    });
    await agent
      .post(`/portal/tickets/${id}/replies`)
      .type('form')
      .send({ ...form, message: 'And another thing' })
      .expect(303);
    expect((await agent.get(link)).text).toMatch(/flash-error[^]*the ticket is closed/);
  });

  it('shows a resolved ticket with the confirm form, and confirming goes to the owning level', async () => {
    const agent = browser();
    const link = await submitTicket(agent);
    const id = ticketIdOf(link);
    await onTheLog(id, [
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-secret-17' } },
      {
        type: 'TicketResolved',
        data: {
          level: 'L1',
          resolution: 'Reinstalled the VPN client <b>5.2</b>.',
          knowledgeArticleId: null,
        },
      },
    ]);
    const page = (await agent.get(link).expect(200)).text;
    expect(page).toMatch(/<span data-ticket-status="resolved">[^]*resolved[^]*<\/span>/);
    expect(page).toContain('Reinstalled the VPN client &lt;b&gt;5.2&lt;/b&gt;.');
    expect(page).toContain(`action="/portal/tickets/${id}/confirmation"`);
    expect(page).toMatch(/Yes, it&#39;s solved/);
    expect(page).toContain(`action="/portal/tickets/${id}/reopening"`);
    expect(page).not.toContain(`action="/portal/tickets/${id}/replies"`);

    const confirm = formOn(page, `/portal/tickets/${id}/confirmation`);
    await agent
      .post(`/portal/tickets/${id}/confirmation`)
      .type('form')
      .send(confirm)
      .expect(303)
      .expect('Location', link);
    expect(triage.callsFor(id)).toEqual([
      expect.objectContaining({
        path: `/internal/v1/tickets/${id}/requester/confirmation`,
        body: { requester: { email: 'ada@example.com' } },
      }),
    ]);
    expect((await agent.get(link)).text).toContain('Thank you for confirming');

    const reopen = formOn(page, `/portal/tickets/${id}/reopening`);
    await agent
      .post(`/portal/tickets/${id}/reopening`)
      .type('form')
      .send({ ...reopen, reason: 'It drops again.' })
      .expect(303);
    expect(triage.callsFor(id).map((call) => [call.path.split('/').pop(), call.body])).toEqual([
      ['confirmation', expect.anything()],
      ['reopening', { requester: { email: 'ada@example.com' }, reason: 'It drops again.' }],
    ]);
  });
});
