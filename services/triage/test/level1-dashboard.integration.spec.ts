import { CsrfTokens } from '@helpdesk/event-log-nest';
import { TicketView } from '../src/read-model/level1-queue.queries';
import {
  TriageUnderTest,
  TicketWording,
  aSubmittedTicket,
  startTriage,
} from './support/triage-app';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
const HOSTILE_SUMMARY = '<script>alert(1)</script><img src=x onerror=alert(2)>';

interface Served {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The `helpdesk_flash` cookie a form's redirect leaves for the next page, as sent back. */
function flashCookie(response: Served): string | undefined {
  const cookies = response.headers['set-cookie'];
  const list = Array.isArray(cookies) ? cookies : cookies ? [cookies] : [];
  return list.find((cookie) => cookie.startsWith('helpdesk_flash='))?.split(';')[0];
}

/** The ids of the queue table's rows, top to bottom. */
function queueRows(page: string): string[] {
  return [...page.matchAll(/<tr data-row-link="[^"]*" data-ticket-id="([0-9a-f-]{36})"/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('the level 1 dashboard, on PostgreSQL and the event log', () => {
  let triage: TriageUnderTest;
  /** Session cookies, as the shared sign-in leaves them in the browser. */
  let ada: string;
  let alan: string;
  let linus: string;
  let grace: string;
  let csrf: CsrfTokens;

  beforeAll(async () => {
    triage = await startTriage();
    csrf = triage.app.get(CsrfTokens);
    ada = await triage.token({ id: 'ada', level: 'L1' });
    alan = await triage.token({ id: 'alan', level: 'L1' });
    linus = await triage.token({ id: 'linus', level: 'L2' });
    grace = await triage.token({ id: 'grace', level: 'L2', supervisor: true });
  });

  afterAll(async () => {
    await triage?.close();
  });

  const session = (token: string, ...more: (string | undefined)[]) =>
    [`helpdesk_session=${token}`, ...more].filter(Boolean).join('; ');

  /** A page, as a signed-in technician's browser asks for it. */
  const open = (path: string, token = ada, flash?: string): Promise<Served> =>
    triage.http().get(path).set('Cookie', session(token, flash)).redirects(0);

  /** A dashboard form, posted with its CSRF field (unless `withCsrf` is false). */
  const submit = (
    path: string,
    fields: Record<string, string> = {},
    { token = ada, withCsrf = true }: { token?: string; withCsrf?: boolean } = {},
  ): Promise<Served> =>
    triage
      .http()
      .post(path)
      .set('Cookie', session(token))
      .type('form')
      .send(withCsrf ? { _csrf: csrf.for(token), ...fields } : fields)
      .redirects(0);

  /** Where a form's 303 leads, with the notice it left. */
  const follow = (response: Served, token = ada) => {
    expect(response.status).toBe(303);
    return open(String(response.headers['location']), token, flashCookie(response));
  };

  async function aTicketInTheQueue(wording: TicketWording = {}): Promise<string> {
    const submitted = aSubmittedTicket(wording);
    await triage.publish(submitted);
    return submitted.ticketId;
  }

  async function ticketAsTheApiShowsIt(ticketId: string): Promise<TicketView> {
    const response = await triage
      .http()
      .get(`/api/v1/tickets/${ticketId}`)
      .set('Authorization', `Bearer ${ada}`)
      .expect(200);
    return response.body as TicketView;
  }

  const eventTypes = async (ticketId: string) =>
    (await ticketAsTheApiShowsIt(ticketId)).timeline.map((entry) => entry.type);

  describe('the queue page', () => {
    it('lists submitted tickets P1 first, then oldest, with counts per priority', async () => {
      const p3 = await aTicketInTheQueue({
        summary: 'Second screen flickers',
        impact: 'low',
        urgency: 'high',
        submittedAt: minutesAgo(90),
      });
      const p1 = await aTicketInTheQueue({
        summary: 'Whole accounting team cannot sign in',
        impact: 'high',
        urgency: 'high',
        submittedAt: minutesAgo(5),
      });

      const page = await open('/dashboard');

      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<table class="data-table" id="queue">');
      const rows = queueRows(page.text);
      expect(rows).toEqual(expect.arrayContaining([p1, p3]));
      expect(rows.indexOf(p1)).toBeLessThan(rows.indexOf(p3));
      expect(page.text).toContain('Whole accounting team cannot sign in');
      expect(page.text).toContain(`href="/dashboard/tickets/${p1}"`);
      expect(page.text).toMatch(/data-priority-count="P1">[\s\S]*?<strong>\d+<\/strong>/);
      // Live: the counts and the table refresh in place; "/" reaches the knowledge-base search.
      expect(page.text).toMatch(/id="queue-counts" data-live-region/);
      expect(page.text).toMatch(/id="queue-results" data-live-region/);
      expect(page.text).toContain('data-live-updates="/dashboard/live"');
      expect(page.text).toMatch(/action="\/dashboard\/knowledge-base"[\s\S]*?data-search/);
    });

    it('filters by priority, assignee and age, and sorts oldest or newest first', async () => {
      const old = await aTicketInTheQueue({
        impact: 'medium',
        urgency: 'medium',
        submittedAt: minutesAgo(5 * 60),
      });
      const recent = await aTicketInTheQueue({
        impact: 'medium',
        urgency: 'medium',
        submittedAt: minutesAgo(2),
      });
      await submit(`/dashboard/tickets/${recent}/take`, {}, { token: alan });

      const olderThan4h = queueRows((await open('/dashboard?age=4h')).text);
      expect(olderThan4h).toContain(old);
      expect(olderThan4h).not.toContain(recent);

      const alans = queueRows((await open('/dashboard?assignee=me', alan)).text);
      expect(alans).toContain(recent);
      expect(alans).not.toContain(old);
      const unassigned = queueRows((await open('/dashboard?assignee=unassigned')).text);
      expect(unassigned).toContain(old);
      expect(unassigned).not.toContain(recent);

      const p3 = queueRows((await open('/dashboard?priority=P3')).text);
      expect(p3).toEqual(expect.arrayContaining([old, recent]));
      const p1 = queueRows((await open('/dashboard?priority=P1')).text);
      expect(p1).not.toContain(old);

      const newest = queueRows((await open('/dashboard?sort=newest')).text);
      expect(newest.indexOf(recent)).toBeLessThan(newest.indexOf(old));
      const oldest = queueRows((await open('/dashboard?sort=oldest')).text);
      expect(oldest.indexOf(old)).toBeLessThan(oldest.indexOf(recent));

      // The filter form sends every field, "any" as an empty value.
      const anything = await open('/dashboard?priority=&status=&assignee=&age=&sort=priority');
      expect(anything.status).toBe(200);
      expect(queueRows(anything.text)).toEqual(expect.arrayContaining([old, recent]));
      expect((await open('/dashboard?priority=P9')).status).toBe(400);
    });
  });

  describe('ticket text', () => {
    it('is shown as text, never as markup, on the queue and the ticket page', async () => {
      const ticketId = await aTicketInTheQueue({
        summary: HOSTILE_SUMMARY,
        description: `${HOSTILE_SUMMARY}\n"quoted" & <b>bold</b>`,
      });

      for (const path of ['/dashboard', `/dashboard/tickets/${ticketId}`]) {
        const page = await open(path);
        expect(page.status).toBe(200);
        expect(page.text).not.toContain('<script>alert(1)');
        expect(page.text).not.toContain('<img src=x');
        expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
      const ticket = await open(`/dashboard/tickets/${ticketId}`);
      expect(ticket.text).not.toContain('<b>bold</b>');
      expect(ticket.text).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
    });
  });

  describe('a ticket page', () => {
    it('shows the facts, the description, the timeline, suggested articles and the actions', async () => {
      const ticketId = await aTicketInTheQueue({
        summary: 'Printer on the 2nd floor is offline',
        description:
          'Nothing comes out of the printer; my documents stay stuck in the print queue.',
        category: 'printing',
      });

      const page = await open(`/dashboard/tickets/${ticketId}`);

      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<h1>Printer on the 2nd floor is offline<\/h1>/);
      expect(page.text).toContain('Grace Hopper');
      expect(page.text).toContain('href="mailto:grace@example.com"');
      expect(page.text).toContain('printing');
      expect(page.text).toContain('class="description">Nothing comes out of the printer');
      expect(page.text).toMatch(/id="ticket-timeline" data-live-region[\s\S]*Submitted by phone/);
      expect(page.text).toContain(`data-live-ticket="${ticketId}"`);
      // The printer article comes first, with its solution and a one-click resolution.
      const suggestions = [...page.text.matchAll(/data-article-id="([^"]+)"/g)].map((m) => m[1]);
      expect(suggestions[0]).toBe('kb-printer-offline');
      expect(page.text).toContain('Restart the Print Spooler');
      expect(page.text).toMatch(
        /name="knowledgeArticleId" value="kb-printer-offline"[\s\S]*?>\s*Resolve with this article\s*</,
      );
      expect(page.text).toMatch(/action="\/dashboard\/knowledge-base"[\s\S]*?name="ticket"/);
      for (const [action, label] of [
        ['take', 'Take'],
        ['assign', 'Assign'],
        ['priority', 'Set priority'],
        ['information-requests', 'Ask the requester'],
        ['resolve', 'Resolve'],
        ['escalate', 'Escalate to level 2'],
      ]) {
        expect(page.text).toMatch(
          new RegExp(
            `action="/dashboard/tickets/${ticketId}/${action}"[^]*?name="_csrf"[^]*?>\\s*${label}\\s*</button>`,
          ),
        );
      }
    });

    it('is a 404 page for an unknown ticket or an id that is no ticket id', async () => {
      const unknown = await open('/dashboard/tickets/6f1c2c7e-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('Not found');
      expect((await open('/dashboard/tickets/not-a-ticket')).status).toBe(404);
    });
  });

  describe('who may see it', () => {
    it('sends a browser without a session to the sign-in page, and back here after', async () => {
      const response = await triage.http().get('/dashboard?priority=P1').redirects(0);
      expect(response.status).toBe(303);
      const location = new URL(String(response.headers['location']));
      expect(location.pathname).toBe('/sign-in');
      expect(location.searchParams.get('next')).toMatch(/\/dashboard\?priority=P1$/);
    });

    it('refuses a level 2 technician, on the pages and on the JSON API (403)', async () => {
      const ticketId = await aTicketInTheQueue();
      const queue = await open('/dashboard', linus);
      expect(queue.status).toBe(403);
      expect(queue.text).toContain('Not allowed');
      expect((await open(`/dashboard/tickets/${ticketId}`, linus)).status).toBe(403);
      expect((await open('/dashboard/knowledge-base?q=vpn', linus)).status).toBe(403);
      const take = await submit(`/dashboard/tickets/${ticketId}/take`, {}, { token: linus });
      expect(take.status).toBe(403);
      await triage.http().get('/api/v1/queue').set('Authorization', `Bearer ${linus}`).expect(403);
      expect(await eventTypes(ticketId)).toEqual(['TicketSubmitted']);
    });

    it('lets a supervisor of another tier see the queue and act on a ticket', async () => {
      const ticketId = await aTicketInTheQueue({ summary: 'Seen by the supervisor' });
      const queue = await open('/dashboard', grace);
      expect(queue.status).toBe(200);
      expect(queueRows(queue.text)).toContain(ticketId);
      expect(queue.text).toContain('Supervisor');
      const page = await open(`/dashboard/tickets/${ticketId}`, grace);
      expect(page.status).toBe(200);
      await follow(
        await submit(`/dashboard/tickets/${ticketId}/take`, {}, { token: grace }),
        grace,
      );
      expect((await ticketAsTheApiShowsIt(ticketId)).assignee).toBe('grace');
    });
  });

  describe('the actions', () => {
    it('refuses a form without its CSRF token (403) and changes nothing', async () => {
      const ticketId = await aTicketInTheQueue();
      const forged = await submit(`/dashboard/tickets/${ticketId}/take`, {}, { withCsrf: false });
      expect(forged.status).toBe(403);
      const wrong = await triage
        .http()
        .post(`/dashboard/tickets/${ticketId}/escalate`)
        .set('Cookie', session(ada))
        .type('form')
        .send({ _csrf: csrf.for(alan), reason: 'forged' })
        .redirects(0);
      expect(wrong.status).toBe(403);
      expect(await eventTypes(ticketId)).toEqual(['TicketSubmitted']);
    });

    it('takes a ticket: TicketTaken, then back to the ticket page with a notice', async () => {
      const ticketId = await aTicketInTheQueue();

      const response = await submit(`/dashboard/tickets/${ticketId}/take`);

      expect(response.status).toBe(303);
      expect(response.headers['location']).toBe(`/dashboard/tickets/${ticketId}`);
      expect(await eventTypes(ticketId)).toEqual(['TicketSubmitted', 'TicketTaken']);
      const page = await follow(response);
      expect(page.text).toContain('You took the ticket.');
      expect(page.text).toContain('Taken by ada');
      expect(page.text).toContain('data-assignee="ada"');
      // Taken: no Take button any more, the other actions stay.
      expect(page.text).not.toMatch(/>\s*Take\s*<\/button>/);
      expect(page.text).toMatch(/>\s*Assign\s*<\/button>/);
    });

    it('leaves the notice for the page when a live refresh asks for it first', async () => {
      const ticketId = await aTicketInTheQueue();
      const response = await submit(`/dashboard/tickets/${ticketId}/take`);
      const notice = flashCookie(response);

      // live.js refreshing the old page as the browser follows the redirect.
      const refresh = await triage
        .http()
        .get(`/dashboard/tickets/${ticketId}`)
        .set('Cookie', session(ada, notice))
        .set('X-Live-Refresh', '1')
        .expect(200);
      expect(refresh.text).not.toContain('You took the ticket.');
      expect(String(refresh.headers['set-cookie'] ?? '')).not.toContain('helpdesk_flash');

      expect((await follow(response)).text).toContain('You took the ticket.');
    });

    it('assigns, sets the priority from the matrix and asks the requester', async () => {
      const ticketId = await aTicketInTheQueue({ impact: 'low', urgency: 'low' });

      await follow(await submit(`/dashboard/tickets/${ticketId}/assign`, { technicianId: 'alan' }));
      const prioritized = await follow(
        await submit(`/dashboard/tickets/${ticketId}/priority`, {
          impact: 'high',
          urgency: 'medium',
        }),
      );
      expect(prioritized.text).toContain('Priority set to P2');
      await follow(
        await submit(`/dashboard/tickets/${ticketId}/information-requests`, {
          question: 'Which printer is it?',
        }),
      );

      const ticket = await ticketAsTheApiShowsIt(ticketId);
      expect(ticket).toMatchObject({
        assignee: 'alan',
        priority: 'P2',
        priorityAssessed: true,
        status: 'waiting-for-requester',
      });
      expect(ticket.timeline.map((entry) => entry.type)).toEqual([
        'TicketSubmitted',
        'TicketTaken',
        'TicketPrioritized',
        'RequesterInformationRequested',
      ]);
      expect(ticket.timeline[3]?.actor).toEqual({ kind: 'technician', id: 'ada', level: 'L1' });
    });

    it('resolves with a suggested article: its solution becomes the resolution', async () => {
      const ticketId = await aTicketInTheQueue({ summary: 'VPN times out at the hotel' });

      const page = await follow(
        await submit(`/dashboard/tickets/${ticketId}/resolve`, {
          knowledgeArticleId: 'kb-vpn-wont-connect',
        }),
      );

      expect(page.text).toContain('Resolved at level 1 with kb-vpn-wont-connect.');
      const ticket = await ticketAsTheApiShowsIt(ticketId);
      expect(ticket.status).toBe('resolved');
      expect(ticket.timeline[1]).toMatchObject({
        type: 'TicketResolved',
        data: { level: 'L1', knowledgeArticleId: 'kb-vpn-wont-connect' },
      });
      // Resolved: it waits for the requester, so level 1 has nothing to do on it.
      expect(page.text).toContain('data-read-only');
      expect(page.text).not.toMatch(/>\s*Resolve\s*<\/button>/);
    });

    it('resolves in its own words, with the optional article field left empty', async () => {
      const ticketId = await aTicketInTheQueue();
      await follow(
        await submit(`/dashboard/tickets/${ticketId}/resolve`, {
          resolution: 'Removed the old password from Credential Manager',
          knowledgeArticleId: '',
        }),
      );
      const ticket = await ticketAsTheApiShowsIt(ticketId);
      expect(ticket.timeline[1]?.data).toMatchObject({
        resolution: 'Removed the old password from Credential Manager',
        knowledgeArticleId: null,
      });
    });

    it('says why a refused action did nothing, on the page the form was on', async () => {
      const ticketId = await aTicketInTheQueue();

      const empty = await submit(`/dashboard/tickets/${ticketId}/resolve`, {
        resolution: '',
        knowledgeArticleId: '',
      });
      const page = await follow(empty);
      expect(page.text).toMatch(/class="flash flash-error"[\s\S]*describe the resolution/);

      const unknownArticle = await follow(
        await submit(`/dashboard/tickets/${ticketId}/resolve`, {
          knowledgeArticleId: 'kb-no-such-article',
        }),
      );
      expect(unknownArticle.text).toMatch(/flash-error[\s\S]*kb-no-such-article/);
      const noReason = await follow(
        await submit(`/dashboard/tickets/${ticketId}/escalate`, { reason: '' }),
      );
      expect(noReason.text).toMatch(/flash-error[\s\S]*reason should not be empty/);
      expect(await eventTypes(ticketId)).toEqual(['TicketSubmitted']);
    });

    it('escalates to level 2: the page then shows who owns it, read-only, with its history', async () => {
      const ticketId = await aTicketInTheQueue();

      const page = await follow(
        await submit(`/dashboard/tickets/${ticketId}/escalate`, {
          reason: 'Needs a remote session',
        }),
      );

      expect(page.text).toContain('Escalated to level 2: it has left the level 1 queue.');
      expect(page.text).toContain('Owned by Level 2 (back office)');
      expect(page.text).toMatch(/Escalated to level 2[\s\S]*Needs a remote session/);
      for (const label of ['Take', 'Assign', 'Set priority', 'Resolve', 'Escalate to level 2']) {
        expect(page.text).not.toMatch(new RegExp(`>\\s*${label}\\s*</button>`));
      }
      expect(page.text).not.toContain('Resolve with this article');
      expect(queueRows((await open('/dashboard')).text)).not.toContain(ticketId);

      // A form left open in another tab: the command still refuses.
      const late = await follow(await submit(`/dashboard/tickets/${ticketId}/take`));
      expect(late.text).toMatch(/flash-error[\s\S]*owned by L2/);
    });
  });

  describe('the knowledge base page', () => {
    it('finds articles with their symptoms and solution', async () => {
      const page = await open('/dashboard/knowledge-base?q=vpn%20timeout');
      expect(page.status).toBe(200);
      const ids = [...page.text.matchAll(/<article class="article" data-article-id="([^"]+)"/g)];
      expect(ids[0]?.[1]).toBe('kb-vpn-wont-connect');
      expect(page.text).toContain('VPN won&#39;t connect: timeout or authentication failure');
      expect(page.text).toContain('GlobalProtect, AnyConnect');
      expect(page.text).toContain('Hotel, guest or mobile networks often block VPN ports');
      expect(page.text).toMatch(/value="vpn timeout"[^>]*data-search/);
      expect(page.text).not.toContain('Resolve with this article');
    });

    it('escapes what was searched for', async () => {
      const page = await open(
        `/dashboard/knowledge-base?q=${encodeURIComponent('<script>alert(1)</script>')}`,
      );
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert(1)');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('searched from a ticket, resolves that ticket with the article found', async () => {
      const ticketId = await aTicketInTheQueue({ summary: 'Cannot reach the S: drive' });
      const results = await open(`/dashboard/knowledge-base?q=network%20drive&ticket=${ticketId}`);
      expect(results.text).toContain(`data-for-ticket="${ticketId}"`);
      expect(results.text).toMatch(
        new RegExp(
          `action="/dashboard/tickets/${ticketId}/resolve"[^]*?value="kb-shared-drive-not-mapped"`,
        ),
      );

      const resolved = await submit(`/dashboard/tickets/${ticketId}/resolve`, {
        knowledgeArticleId: 'kb-shared-drive-not-mapped',
      });
      expect(resolved.headers['location']).toBe(`/dashboard/tickets/${ticketId}`);
      expect((await ticketAsTheApiShowsIt(ticketId)).status).toBe('resolved');
    });
  });
});
