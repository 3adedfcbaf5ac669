import { aTicketEvent, aTicketSubmittedV1 } from '@helpdesk/testing';
import { TicketEvent } from '@helpdesk/ticket-events';
import { Queue, TicketView } from '../src/read-model/level1-queue.queries';
import { TriageUnderTest, aSubmittedTicket, startTriage } from './support/triage-app';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

// What supertest parses is untyped; these name the shape each assertion expects.
const itemsOf = (response: { body: unknown }) => (response.body as Queue).items;
const ticketIds = (response: { body: unknown }) => itemsOf(response).map((item) => item.ticketId);
const messagesOf = (response: { body: unknown }) =>
  (response.body as { message: string[] }).message.join('; ');

describe('triage (level 1) over HTTP, on PostgreSQL and the event log', () => {
  let triage: TriageUnderTest;
  let ada: string;
  let alan: string;
  let supervisor: string;

  beforeAll(async () => {
    // A deployment whose matrix ranks low impact × low urgency P3 instead of ITIL's P4.
    triage = await startTriage({ PRIORITY_MATRIX: '{"low":{"low":"P3"}}' });
    ada = await triage.token({ id: 'ada', level: 'L1' });
    alan = await triage.token({ id: 'alan', level: 'L1' });
    supervisor = await triage.token({ id: 'grace', level: 'L2', supervisor: true });
  });

  afterAll(async () => {
    await triage?.close();
  });

  const get = (path: string, token = ada) =>
    triage.http().get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body: object = {}, token = ada) =>
    triage.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  async function aTicketInTheQueue(wording: Parameters<typeof aSubmittedTicket>[0] = {}) {
    const submitted = aSubmittedTicket(wording);
    await triage.publish(submitted);
    return submitted.ticketId;
  }

  async function outboxSequences(ticketId: string): Promise<number[]> {
    const rows: { sequence: number }[] = await triage.dataSource.query(
      `SELECT sequence FROM ${triage.schema}.outbox WHERE ticket_id = $1 ORDER BY id`,
      [ticketId],
    );
    return rows.map((row) => row.sequence);
  }

  async function eventsOnTheLog(ticketId: string): Promise<TicketEvent[]> {
    const rows: { value: string }[] = await triage.dataSource.query(
      `SELECT value FROM ${triage.logSchema}.events WHERE key = $1 ORDER BY position`,
      [ticketId],
    );
    return rows.map((row) => JSON.parse(row.value) as TicketEvent);
  }

  describe('the queue', () => {
    it('lists submitted tickets with their priority, P1 first, then oldest first', async () => {
      const p2Oldest = await aTicketInTheQueue({
        impact: 'medium',
        urgency: 'high',
        submittedAt: minutesAgo(30),
      });
      const p1Recent = await aTicketInTheQueue({
        impact: 'high',
        urgency: 'high',
        submittedAt: minutesAgo(5),
      });
      const p1Older = await aTicketInTheQueue({
        impact: 'high',
        urgency: 'high',
        submittedAt: minutesAgo(10),
      });
      const p3 = await aTicketInTheQueue({
        impact: 'low',
        urgency: 'low',
        submittedAt: minutesAgo(60),
      });

      const response = await get('/api/v1/queue').expect(200);

      const ids: string[] = ticketIds(response);
      const mine = ids.filter((id) => [p2Oldest, p1Recent, p1Older, p3].includes(id));
      expect(mine).toEqual([p1Older, p1Recent, p2Oldest, p3]);
      expect(itemsOf(response).find((item) => item.ticketId === p3)).toMatchObject({
        summary: 'Outlook keeps asking for my password',
        channel: 'phone',
        requester: { name: 'Grace Hopper', email: 'grace@example.com' },
        impact: 'low',
        urgency: 'low',
        priority: 'P3', // from PRIORITY_MATRIX, not ITIL's P4
        priorityAssessed: false,
        status: 'new',
        assignee: null,
      });
      expect(response.body.counts.P1).toBeGreaterThanOrEqual(2);
      expect(Object.keys(response.body.counts).sort()).toEqual(['P1', 'P2', 'P3', 'P4']);

      const p1Only = await get('/api/v1/queue?priority=P1').expect(200);
      const p1Ids = ticketIds(p1Only);
      expect(p1Ids).toEqual(expect.arrayContaining([p1Older, p1Recent]));
      expect(p1Ids).not.toContain(p2Oldest);
      expect(p1Only.body.counts).toEqual(response.body.counts);
    });

    it('filters my tickets and the unassigned ones', async () => {
      const ticketId = await aTicketInTheQueue();
      await post(`/api/v1/tickets/${ticketId}/take`).expect(200);

      const mine = await get('/api/v1/queue?assignee=me').expect(200);
      expect(ticketIds(mine)).toContain(ticketId);
      const alans = await get('/api/v1/queue?assignee=me', alan).expect(200);
      expect(ticketIds(alans)).not.toContain(ticketId);
      const unassigned = await get('/api/v1/queue?assignee=unassigned').expect(200);
      expect(ticketIds(unassigned)).not.toContain(ticketId);
      const inProgress = await get('/api/v1/queue?status=in-progress').expect(200);
      expect(itemsOf(inProgress).map((item) => item.status)).toEqual(
        itemsOf(inProgress).map(() => 'in-progress'),
      );
    });
  });

  describe('a ticket', () => {
    it('is shown with its timeline, or 404', async () => {
      const ticketId = await aTicketInTheQueue({ summary: 'Monitor says no signal' });
      const response = await get(`/api/v1/tickets/${ticketId}`).expect(200);
      expect(response.body).toMatchObject({
        ticketId,
        summary: 'Monitor says no signal',
        description: 'Since the password change this morning Outlook prompts again.',
        owner: 'L1',
        inQueue: true,
        timeline: [{ sequence: 1, type: 'TicketSubmitted', producer: 'test' }],
      });

      await get('/api/v1/tickets/6f1c2c7e-0000-4000-8000-000000000000').expect(404);
      await post('/api/v1/tickets/6f1c2c7e-0000-4000-8000-000000000000/take').expect(404);
    });

    it("shows the requester's callback phone, and none for a ticket submitted at version 1", async () => {
      const submitted = aSubmittedTicket({ summary: 'Headset crackles' });
      if (submitted.type !== 'TicketSubmitted') throw new Error('not a TicketSubmitted');
      const requester = { name: 'Grace Hopper', email: 'grace@example.com' };
      const withPhone = {
        ...submitted,
        data: { ...submitted.data, requester: { ...requester, phone: '(555) 010-4477' } },
      };
      // As an intake deployed before TicketSubmitted v2 wrote it: upcast on the way in.
      const fromV1 = aTicketSubmittedV1({ summary: 'Headset crackles too' });
      await triage.publish(withPhone, fromV1 as unknown as TicketEvent);

      const shown = await get(`/api/v1/tickets/${withPhone.ticketId}`).expect(200);
      expect(shown.body.requester).toEqual({ ...requester, phone: '(555) 010-4477' });
      const shownV1 = await get(`/api/v1/tickets/${fromV1.ticketId}`).expect(200);
      const requesterV1 = { ...fromV1.data.requester, phone: null };
      expect(shownV1.body.requester).toEqual(requesterV1);
      expect(shownV1.body.timeline).toMatchObject([
        { type: 'TicketSubmitted', data: { requester: requesterV1 } },
      ]);
      const queue = itemsOf(await get('/api/v1/queue?limit=100').expect(200));
      expect(queue.find((item) => item.ticketId === withPhone.ticketId)?.requester).toEqual({
        ...requester,
        phone: '(555) 010-4477',
      });

      const page = (path: string) =>
        triage.http().get(path).set('Cookie', `helpdesk_session=${ada}`).expect(200);
      expect((await page(`/dashboard/tickets/${withPhone.ticketId}`)).text).toContain(
        '<a href="tel:5550104477">(555) 010-4477</a>',
      );
      expect((await page(`/dashboard/tickets/${fromV1.ticketId}`)).text).not.toContain(
        'href="tel:',
      );
    });
  });

  describe('commands', () => {
    it('takes a ticket: TicketTaken by the technician, at level 1', async () => {
      const ticketId = await aTicketInTheQueue();

      const response = await post(`/api/v1/tickets/${ticketId}/take`)
        .set('X-Correlation-Id', 'call-4711')
        .expect(200);

      expect(response.body.events).toEqual([
        expect.objectContaining({
          type: 'TicketTaken',
          sequence: 2,
          producer: 'triage',
          correlationId: 'call-4711',
          actor: { kind: 'technician', id: 'ada', level: 'L1' },
          data: { level: 'L1', technicianId: 'ada' },
        }),
      ]);
      expect(response.body.state).toMatchObject({ assignee: 'ada', status: 'in-progress' });
      const ticket = await get(`/api/v1/tickets/${ticketId}`).expect(200);
      expect(ticket.body.assignee).toBe('ada');
      expect((ticket.body as TicketView).timeline.map((entry) => entry.type)).toEqual([
        'TicketSubmitted',
        'TicketTaken',
      ]);

      // Taking it again changes nothing; another technician cannot take it from ada.
      const again = await post(`/api/v1/tickets/${ticketId}/take`).expect(200);
      expect(again.body.events).toEqual([]);
      const refused = await post(`/api/v1/tickets/${ticketId}/take`, {}, alan).expect(409);
      expect(refused.body.message).toMatch(/already assigned to ada/);
    });

    it('assigns a ticket to another technician', async () => {
      const ticketId = await aTicketInTheQueue();
      await post(`/api/v1/tickets/${ticketId}/take`).expect(200);

      const response = await post(`/api/v1/tickets/${ticketId}/assign`, {
        technicianId: 'alan',
      }).expect(200);

      expect(response.body.events[0].data).toEqual({ level: 'L1', technicianId: 'alan' });
      const alans = await get('/api/v1/queue?assignee=me', alan).expect(200);
      expect(ticketIds(alans)).toContain(ticketId);
    });

    it("prioritizes with the deployment's matrix", async () => {
      const ticketId = await aTicketInTheQueue({ impact: 'high', urgency: 'high' });

      const response = await post(`/api/v1/tickets/${ticketId}/priority`, {
        impact: 'low',
        urgency: 'low',
      }).expect(200);

      expect(response.body.events[0]).toMatchObject({
        type: 'TicketPrioritized',
        data: { impact: 'low', urgency: 'low', priority: 'P3' },
      });
      const ticket = await get(`/api/v1/tickets/${ticketId}`).expect(200);
      expect(ticket.body).toMatchObject({ priority: 'P3', priorityAssessed: true, impact: 'low' });
    });

    it('resolves at first contact with a knowledge-base article', async () => {
      const ticketId = await aTicketInTheQueue({ summary: 'VPN times out at the hotel' });
      const article = await get('/api/v1/knowledge-base/kb-vpn-wont-connect').expect(200);

      const response = await post(`/api/v1/tickets/${ticketId}/resolve`, {
        knowledgeArticleId: 'kb-vpn-wont-connect',
      }).expect(200);

      expect(response.body.events[0]).toMatchObject({
        type: 'TicketResolved',
        data: {
          level: 'L1',
          resolution: article.body.solution,
          knowledgeArticleId: 'kb-vpn-wont-connect',
        },
      });
      const ticket = await get(`/api/v1/tickets/${ticketId}`).expect(200);
      expect(ticket.body.status).toBe('resolved');

      const again = await post(`/api/v1/tickets/${ticketId}/resolve`, {
        resolution: 'Again',
      }).expect(409);
      expect(again.body.message).toMatch(/already resolved/);
    });

    it('refuses to cite an article that does not exist', async () => {
      const ticketId = await aTicketInTheQueue();
      const response = await post(`/api/v1/tickets/${ticketId}/resolve`, {
        knowledgeArticleId: 'kb-no-such-article',
      }).expect(422);
      expect(response.body.message).toMatch(/kb-no-such-article/);
      const ticket = await get(`/api/v1/tickets/${ticketId}`).expect(200);
      expect(ticket.body.status).toBe('new');
    });

    it('asks the requester for information', async () => {
      const ticketId = await aTicketInTheQueue();
      const response = await post(`/api/v1/tickets/${ticketId}/information-requests`, {
        question: 'Which printer is it, and what does its display say?',
      }).expect(200);
      expect(response.body.events[0]).toMatchObject({
        type: 'RequesterInformationRequested',
        data: { level: 'L1', question: 'Which printer is it, and what does its display say?' },
      });
      const queue = await get('/api/v1/queue?status=waiting-for-requester').expect(200);
      expect(ticketIds(queue)).toContain(ticketId);
    });

    it('escalates to level 2: the ticket leaves the queue and level 1 can no longer change it', async () => {
      const ticketId = await aTicketInTheQueue();
      await post(`/api/v1/tickets/${ticketId}/take`).expect(200);

      const response = await post(`/api/v1/tickets/${ticketId}/escalate`, {
        reason: 'Needs a remote session',
      }).expect(200);

      expect(response.body.events[0]).toMatchObject({
        type: 'TicketEscalated',
        sequence: 3,
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'Needs a remote session', domain: null },
      });
      const queue = await get('/api/v1/queue').expect(200);
      expect(ticketIds(queue)).not.toContain(ticketId);
      const ticket = await get(`/api/v1/tickets/${ticketId}`).expect(200);
      expect(ticket.body).toMatchObject({ owner: 'L2', inQueue: false, assignee: null });

      const refused = await post(`/api/v1/tickets/${ticketId}/take`).expect(409);
      expect(refused.body).toMatchObject({ owner: 'L2' });
      expect(refused.body.message).toMatch(/owned by L2/);

      // Level 2 hands it back: it is in the level-1 queue again.
      await triage.relayed();
      await triage.publish(
        aTicketEvent(
          {
            type: 'TicketReturned',
            data: { fromLevel: 'L2', toLevel: 'L1', reason: 'User error, advice is enough' },
          },
          ticketId,
          4,
        ),
      );
      const back = await get('/api/v1/queue').expect(200);
      expect(back.body.items).toContainEqual(
        expect.objectContaining({ ticketId, status: 'new', assignee: null }),
      );
      await post(`/api/v1/tickets/${ticketId}/take`).expect(200);
    });
  });

  describe('who may act', () => {
    it('needs a technician token (401) of level 1 or a supervisor (403 otherwise)', async () => {
      const ticketId = await aTicketInTheQueue();
      await triage.http().get('/api/v1/queue').expect(401);
      await triage.http().post(`/api/v1/tickets/${ticketId}/take`).expect(401);
      await get('/api/v1/queue', 'not-a-token').expect(401);

      const level2 = await triage.token({ id: 'linus', level: 'L2' });
      await get('/api/v1/queue', level2).expect(403);
      await post(`/api/v1/tickets/${ticketId}/take`, {}, level2).expect(403);
      await get('/api/v1/knowledge-base?q=vpn', level2).expect(403);

      await get('/api/v1/queue', supervisor).expect(200);
    });

    it('answers a malformed body with a 400 that names the field', async () => {
      const ticketId = await aTicketInTheQueue();
      const badImpact = await post(`/api/v1/tickets/${ticketId}/priority`, {
        impact: 'catastrophic',
        urgency: 'high',
      }).expect(400);
      expect(badImpact.body.message).toEqual([expect.stringMatching(/^impact must be one of/)]);

      const unknown = await post(`/api/v1/tickets/${ticketId}/escalate`, {
        reason: 'x',
        colour: 'red',
      }).expect(400);
      expect(unknown.body.message).toEqual(['property colour should not exist']);

      const empty = await post(`/api/v1/tickets/${ticketId}/resolve`, {}).expect(400);
      expect(messagesOf(empty)).toMatch(/resolution/);

      const tooLong = await post(`/api/v1/tickets/${ticketId}/escalate`, {
        reason: 'x'.repeat(2_001),
      }).expect(400);
      expect(messagesOf(tooLong)).toMatch(/reason must be shorter than or equal to 2000/);

      await get('/api/v1/queue?priority=P9').expect(400);
      await post('/api/v1/tickets/not-a-uuid/take').expect(400);
    });
  });

  describe('the knowledge base', () => {
    it('finds the VPN article for "vpn timeout"', async () => {
      const response = await get('/api/v1/knowledge-base?q=vpn%20timeout').expect(200);
      expect(response.body.match).toBe('all');
      expect(response.body.items[0]).toMatchObject({ id: 'kb-vpn-wont-connect' });
      for (const item of response.body.items) expect(item.title + item.symptoms).toMatch(/VPN/);
    });

    it('falls back to any word when no article has them all', async () => {
      const response = await get('/api/v1/knowledge-base?q=printer%20zeppelin').expect(200);
      expect(response.body.match).toBe('any');
      expect(response.body.items[0]).toMatchObject({ id: 'kb-printer-offline' });
    });

    it('has at least a dozen level-1 articles to start with', async () => {
      const response = await get('/api/v1/knowledge-base?limit=50').expect(200);
      expect(response.body.items.length).toBeGreaterThanOrEqual(12);
      await get('/api/v1/knowledge-base/kb-nothing-here').expect(404);
    });

    it('suggests the printer article first for a ticket about a printer', async () => {
      const ticketId = await aTicketInTheQueue({
        summary: 'Printer on the 2nd floor is offline',
        description:
          'Nothing comes out of the printer; my documents stay stuck in the print queue.',
        category: 'printing',
      });
      const response = await get(`/api/v1/tickets/${ticketId}/suggested-articles`).expect(200);
      expect(response.body.items[0]).toMatchObject({ id: 'kb-printer-offline' });
      expect(response.body.items.length).toBeLessThanOrEqual(5);

      await get('/api/v1/tickets/6f1c2c7e-0000-4000-8000-000000000000/suggested-articles').expect(
        404,
      );
    });

    it('takes new articles from supervisors only', async () => {
      const article = {
        title: 'Webcam not detected in Teams',
        symptoms: 'Teams shows "No camera available" although the laptop webcam is built in.',
        solution: '1. Open the privacy shutter.\n2. Allow camera access in Windows settings.',
        tags: ['teams', 'webcam'],
      };
      await post('/api/v1/knowledge-base', article).expect(403);
      await post('/api/v1/knowledge-base', { ...article, title: 'x' }, supervisor).expect(400);

      const created = await post('/api/v1/knowledge-base', article, supervisor).expect(201);
      expect(created.body).toMatchObject({ ...article, author: 'grace' });
      expect(created.body.id).toMatch(/^kb-webcam-not-detected-in-teams-[0-9a-f]{6}$/);

      const found = await get('/api/v1/knowledge-base?q=webcam').expect(200);
      expect(found.body.items[0]).toMatchObject({ id: created.body.id });
      await get(`/api/v1/knowledge-base/${created.body.id}`).expect(200);
    });
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const docs = await triage.http().get('/api/docs-json').expect(200);
    expect(Object.keys((docs.body as { paths: object }).paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/queue',
        '/api/v1/tickets/{id}',
        '/api/v1/tickets/{id}/suggested-articles',
        '/api/v1/tickets/{id}/take',
        '/api/v1/tickets/{id}/assign',
        '/api/v1/tickets/{id}/priority',
        '/api/v1/tickets/{id}/resolve',
        '/api/v1/tickets/{id}/information-requests',
        '/api/v1/tickets/{id}/escalate',
        '/api/v1/knowledge-base',
        '/api/v1/knowledge-base/{id}',
      ]),
    );
  });

  describe('concurrent commands on one ticket', () => {
    it('never give two events one sequence number', async () => {
      const contested = await aTicketInTheQueue();
      const technicians = ['t1', 't2', 't3', 't4', 't5'];
      const tokens = await Promise.all(technicians.map((id) => triage.token({ id, level: 'L1' })));

      const takes = await Promise.all(
        tokens.map((token) => post(`/api/v1/tickets/${contested}/take`, {}, token)),
      );
      expect(takes.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409]);

      const reassessments = await Promise.all(
        (['low', 'medium', 'high', 'medium', 'low'] as const).map((urgency) =>
          post(`/api/v1/tickets/${contested}/priority`, { impact: 'medium', urgency }),
        ),
      );
      expect(reassessments.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);

      const raced = await aTicketInTheQueue();
      const [take, escalation] = await Promise.all([
        post(`/api/v1/tickets/${raced}/take`),
        post(`/api/v1/tickets/${raced}/escalate`, { reason: 'Needs level 2' }),
      ]);
      expect(escalation.status).toBe(200);
      // The take either came first, or found the ticket already at level 2.
      expect([200, 409]).toContain(take.status);

      expect(await outboxSequences(contested)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(await outboxSequences(raced)).toEqual(take.status === 200 ? [2, 3] : [2]);

      await triage.relayed();
      const logged = await eventsOnTheLog(contested);
      expect(logged.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(logged.map((event) => event.type)).toEqual([
        'TicketSubmitted',
        'TicketTaken',
        ...Array<string>(5).fill('TicketPrioritized'),
      ]);
      const racedOnLog = await eventsOnTheLog(raced);
      expect(racedOnLog.map((event) => event.sequence)).toEqual(
        racedOnLog.map((_event, index) => index + 1),
      );
      expect(await triage.log.readDeadLetters()).toEqual([]);
    });
  });
});
