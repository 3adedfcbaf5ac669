import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { EventLog, ProjectionRunner } from '@helpdesk/event-log';
import {
  EVENT_LOG,
  TechnicianTokens,
  TicketEventStream,
  configureHttp,
} from '@helpdesk/event-log-nest';
import { TicketEvent, TicketEventDraft, stampTicketEvent } from '@helpdesk/ticket-events';
import { uniqueName, waitFor } from '@helpdesk/testing';
import { FakeTier, deadUrl } from './support/fake-tier';

const INTERNAL_API_TOKEN = 'internal-token-for-intake-tests';
const ADMIN_API_TOKEN = 'admin-token-for-intake-tests';
const AUTH_SECRET = 'auth-secret-for-intake-tests-0123456789abcdef';

const databaseUrl = process.env['DATABASE_URL'] ?? '';
const schema = uniqueName('intake').replace(/-/g, '_');
const logSchema = uniqueName('intake_log').replace(/-/g, '_');

const admin = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };

const aRequest = {
  requester: { name: 'Ada Lovelace', email: 'ada@example.com' },
  channel: 'api',
  category: 'network-vpn',
  summary: 'VPN drops every five minutes',
  description: 'Since this morning the VPN client drops the connection every five minutes.',
  impact: 'high',
  urgency: 'medium',
};

describe('intake on PostgreSQL and the PostgreSQL log', () => {
  let app: NestExpressApplication;
  let db: Client;
  let triage: FakeTier;
  let backOffice: FakeTier;
  let previousEnv: NodeJS.ProcessEnv;
  let keyA: { id: string; key: string };
  let keyB: { id: string; key: string };

  const http = () => request(app.getHttpServer());

  async function outbox(ticketId?: string): Promise<TicketEvent[]> {
    const { rows } = await db.query<{ event: TicketEvent }>(
      `SELECT event FROM "${schema}".outbox ${ticketId ? 'WHERE ticket_id = $1' : ''} ORDER BY id`,
      ticketId ? [ticketId] : [],
    );
    return rows.map((row) => row.event);
  }

  async function newKey(name: string): Promise<{ id: string; key: string }> {
    const response = await http()
      .post('/api/v1/admin/integrator-keys')
      .set(admin)
      .send({ name })
      .expect(201);
    return { id: response.body.id, key: response.body.key };
  }

  async function submit(key: string, body: object = aRequest): Promise<string> {
    const response = await http().post('/api/v1/tickets').set('X-Api-Key', key).send(body);
    expect(response.status).toBe(201);
    return response.body.id;
  }

  /** Events another tier would have put on the log for a ticket. */
  async function appendToLog(ticketId: string, from: number, drafts: TicketEventDraft[]) {
    await waitFor(async () => (await relayBacklog()) === 0, {
      description: "intake's own events to reach the log",
    });
    const events = drafts.map((draft, index) =>
      stampTicketEvent(draft, {
        eventId: randomUUID(),
        ticketId,
        sequence: from + index,
        occurredAt: new Date().toISOString(),
        producer: 'triage',
        correlationId: 'test',
        causationId: null,
        actor: { kind: 'technician', id: 'tech-secret-17', level: 'L1' },
      }),
    );
    await app.get<EventLog>(EVENT_LOG).append(events);
  }

  async function relayBacklog(): Promise<number> {
    const { rows } = await db.query<{ count: string }>(
      `SELECT count(*) FROM "${schema}".outbox WHERE published_at IS NULL`,
    );
    return Number(rows[0]?.count);
  }

  beforeAll(async () => {
    triage = await FakeTier.start('L1', INTERNAL_API_TOKEN);
    backOffice = await FakeTier.start('L2', INTERNAL_API_TOKEN);
    previousEnv = { ...process.env };
    Object.assign(process.env, {
      DATABASE_SCHEMA: schema,
      EVENT_LOG: 'postgres',
      EVENT_LOG_SCHEMA: logSchema,
      EVENT_LOG_PARTITIONS: '2',
      INTERNAL_API_TOKEN,
      AUTH_SECRET,
      ADMIN_API_TOKEN,
      TRIAGE_URL: triage.url,
      BACK_OFFICE_URL: backOffice.url,
      SPECIALIST_URL: await deadUrl(),
      // A deployment where high impact with medium urgency is already P1 (ITIL says P2).
      PRIORITY_MATRIX: '{"high":{"medium":"P1"}}',
      TIER_TIMEOUT_MS: '3000',
    });
    // The module reads the environment when it is defined: import it once the env is set.
    const { AppModule } = await import('../src/app.module');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: ['error'],
    });
    configureHttp(app);
    await app.init();
    app.connectMicroservice({ strategy: app.get(TicketEventStream) });
    await app.startAllMicroservices();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    keyA = await newKey('Customer portal');
    keyB = await newKey('Monitoring');
  });

  afterAll(async () => {
    await app?.close();
    await triage?.close();
    await backOffice?.close();
    if (db) {
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.query(`DROP SCHEMA IF EXISTS "${logSchema}" CASCADE`);
      await db.end();
    }
    process.env = previousEnv;
  });

  describe('integrator keys', () => {
    it('are issued once in plain text, listed without secrets, and need the admin token', async () => {
      expect(keyA.key).toMatch(/^hd_[A-Za-z0-9_-]{43}$/);
      await http().post('/api/v1/admin/integrator-keys').send({ name: 'x' }).expect(401);
      await http()
        .get('/api/v1/admin/integrator-keys')
        .set({ Authorization: 'Bearer not-the-admin-token' })
        .expect(401);
      const list = await http().get('/api/v1/admin/integrator-keys').set(admin).expect(200);
      const listed = list.body.find((key: { id: string }) => key.id === keyA.id);
      expect(listed).toEqual({
        id: keyA.id,
        name: 'Customer portal',
        prefix: keyA.key.slice(0, 9),
        createdAt: expect.any(String),
        revokedAt: null,
      });
      expect(JSON.stringify(list.body)).not.toContain(keyA.key);
      const { rows } = await db.query(`SELECT key_hash FROM "${schema}".integrator_keys`);
      expect(JSON.stringify(rows)).not.toContain(keyA.key);
    });

    it('refuses a wrong key and a revoked key alike', async () => {
      const revoked = await newKey('Old integration');
      await submit(revoked.key);
      await http().delete(`/api/v1/admin/integrator-keys/${revoked.id}`).set(admin).expect(204);
      const wrong = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', `hd_${'x'.repeat(43)}`)
        .send(aRequest)
        .expect(401);
      const afterRevocation = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', revoked.key)
        .send(aRequest)
        .expect(401);
      expect(afterRevocation.body.message).toBe(wrong.body.message);
      await http().post('/api/v1/tickets').send(aRequest).expect(401);
      await http().delete(`/api/v1/admin/integrator-keys/${randomUUID()}`).set(admin).expect(404);
    });
  });

  describe('submitting a ticket', () => {
    it('answers 201 with the priority of the configured matrix and stores two events', async () => {
      const response = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', keyA.key)
        .set('X-Correlation-Id', 'req-submit-1')
        .send(aRequest)
        .expect(201);
      const id: string = response.body.id;
      expect(response.body).toEqual({
        id,
        status: 'new',
        level: 'L1',
        priority: 'P1',
        links: { self: `/api/v1/tickets/${id}` },
      });
      const events = await outbox(id);
      expect(events.map((event) => [event.type, event.sequence])).toEqual([
        ['TicketSubmitted', 1],
        ['TicketPrioritized', 2],
      ]);
      expect(events[0]).toMatchObject({
        producer: 'intake',
        correlationId: 'req-submit-1',
        actor: { kind: 'integrator', id: keyA.id },
        data: { ...aRequest },
      });
      expect(events[1]!.data).toEqual({ impact: 'high', urgency: 'medium', priority: 'P1' });
    });

    it("shows the integrator its own ticket with the public timeline, and nobody else's", async () => {
      const id = await submit(keyA.key);
      const response = await http()
        .get(`/api/v1/tickets/${id}`)
        .set('X-Api-Key', keyA.key)
        .expect(200);
      expect(response.body).toMatchObject({
        id,
        summary: aRequest.summary,
        category: 'network-vpn',
        status: 'new',
        level: 'L1',
        priority: 'P1',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(
        response.body.timeline.map((entry: { type: string; sequence: number }) => [
          entry.type,
          entry.sequence,
        ]),
      ).toEqual([
        ['TicketSubmitted', 1],
        ['TicketPrioritized', 2],
      ]);
      const other = await http()
        .get(`/api/v1/tickets/${id}`)
        .set('X-Api-Key', keyB.key)
        .expect(404);
      const unknown = await http()
        .get(`/api/v1/tickets/${randomUUID()}`)
        .set('X-Api-Key', keyA.key)
        .expect(404);
      expect(other.body.message).toContain('not found');
      expect(unknown.body.message).toContain('not found');
      await http().get('/api/v1/tickets/not-a-uuid').set('X-Api-Key', keyA.key).expect(404);
      await http()
        .post(`/api/v1/tickets/${id}/replies`)
        .set('X-Api-Key', keyB.key)
        .send({ message: 'hello' })
        .expect(404);
      expect(triage.callsFor(id)).toEqual([]);
    });

    it('refuses a malformed body, an unknown field and an unknown category, naming them', async () => {
      const send = (body: object) =>
        http().post('/api/v1/tickets').set('X-Api-Key', keyA.key).send(body).expect(400);
      const before = (await outbox()).length;

      const malformed = await send({
        ...aRequest,
        requester: { name: 'Ada', email: 'not-an-email' },
      });
      expect(malformed.body.message).toEqual([expect.stringContaining('requester.email')]);

      const tooLong = await send({ ...aRequest, summary: 'x'.repeat(201) });
      expect(tooLong.body.message.join()).toContain('summary');

      const wrongUrgency = await send({ ...aRequest, urgency: 'asap' });
      expect(wrongUrgency.body.message.join()).toContain('urgency');

      const unknownField = await send({ ...aRequest, assignee: 'tech-1' });
      expect(unknownField.body.message).toEqual(['property assignee should not exist']);

      const nestedUnknown = await send({
        ...aRequest,
        requester: { ...aRequest.requester, mobile: '+44 20 7946 0958' },
      });
      expect(nestedUnknown.body.message.join()).toContain('mobile should not exist');

      const unknownCategory = await send({ ...aRequest, category: 'coffee-machine' });
      expect(unknownCategory.body.message.join()).toMatch(/^category must be one of .*network-vpn/);

      expect((await outbox()).length).toBe(before);
    });

    it("carries the requester's callback phone into TicketSubmitted, null when there is none", async () => {
      const withPhone = await submit(keyA.key, {
        ...aRequest,
        requester: { ...aRequest.requester, phone: ' +44 20 7946 0958 ' },
      });
      const withNull = await submit(keyA.key, {
        ...aRequest,
        requester: { ...aRequest.requester, phone: null },
      });
      const without = await submit(keyA.key);
      const requesterOf = async (id: string) => {
        const [submitted] = await outbox(id);
        expect(submitted).toMatchObject({ type: 'TicketSubmitted', schemaVersion: 2 });
        return (submitted!.data as { requester: unknown }).requester;
      };
      expect(await requesterOf(withPhone)).toEqual({
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0958',
      });
      expect(await requesterOf(withNull)).toEqual({ ...aRequest.requester, phone: null });
      expect(await requesterOf(without)).toEqual({ ...aRequest.requester, phone: null });
    });

    it('refuses a callback phone that is no phone number with a 400 naming requester.phone', async () => {
      const before = (await outbox()).length;
      for (const phone of ['call me after 5', '12', '1'.repeat(41), '', 4711, { number: '4711' }]) {
        const refused = await http()
          .post('/api/v1/tickets')
          .set('X-Api-Key', keyA.key)
          .send({ ...aRequest, requester: { ...aRequest.requester, phone } });
        expect({ phone, status: refused.status }).toEqual({ phone, status: 400 });
        expect(refused.body.message).toContainEqual(
          expect.stringMatching(/^requester\.phone must /),
        );
        expect(
          (refused.body.message as string[]).every((message) =>
            message.startsWith('requester.phone '),
          ),
        ).toBe(true);
      }
      expect((await outbox()).length).toBe(before);
    });

    it('makes one ticket per Idempotency-Key, refuses the key with another body', async () => {
      const key = `order-${randomUUID()}`;
      const first = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', keyA.key)
        .set('Idempotency-Key', key)
        .send(aRequest)
        .expect(201);
      const reordered = {
        urgency: aRequest.urgency,
        impact: aRequest.impact,
        description: aRequest.description,
        summary: aRequest.summary,
        category: aRequest.category,
        channel: aRequest.channel,
        requester: { email: aRequest.requester.email, name: aRequest.requester.name },
      };
      const replay = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', keyA.key)
        .set('Idempotency-Key', key)
        .send(reordered)
        .expect(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await outbox(first.body.id)).toHaveLength(2);

      const before = (await outbox()).length;
      const conflict = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', keyA.key)
        .set('Idempotency-Key', key)
        .send({ ...aRequest, urgency: 'high' })
        .expect(422);
      expect(conflict.body.message).toContain('different request body');
      expect((await outbox()).length).toBe(before);

      // Keys are per integrator: another one's same key is another request.
      const other = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', keyB.key)
        .set('Idempotency-Key', key)
        .send(aRequest)
        .expect(201);
      expect(other.body.id).not.toBe(first.body.id);

      const tooLong = await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', keyA.key)
        .set('Idempotency-Key', 'k'.repeat(201))
        .send(aRequest)
        .expect(400);
      expect(tooLong.body.message.join()).toContain('Idempotency-Key');
    });

    it('makes one ticket when the same request races with itself', async () => {
      const key = `race-${randomUUID()}`;
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          http()
            .post('/api/v1/tickets')
            .set('X-Api-Key', keyA.key)
            .set('Idempotency-Key', key)
            .send(aRequest),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
      const ids = new Set(responses.map((response) => response.body.id as string));
      expect(ids.size).toBe(1);
      expect(await outbox([...ids][0])).toHaveLength(2);
    });
  });

  describe('following the log', () => {
    it('shows what other levels did, without their internal notes', async () => {
      const id = await submit(keyA.key);
      await appendToLog(id, 3, [
        { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-secret-17' } },
        { type: 'PhoneGuidanceNoted', data: { level: 'L1', notes: 'secret phone notes' } },
        {
          type: 'TicketEscalated',
          data: {
            fromLevel: 'L1',
            toLevel: 'L2',
            reason: 'secret escalation reason',
            domain: null,
          },
        },
        {
          type: 'TicketDiagnosed',
          data: { diagnosis: 'secret diagnosis', outcome: 'remote-session' },
        },
        {
          type: 'RemoteSessionStarted',
          data: { sessionId: 'rs-1', link: 'https://remote.example.com/secret-session' },
        },
        {
          type: 'RequesterInformationRequested',
          data: { level: 'L2', question: 'Which VPN client version do you run?' },
        },
      ]);
      let body: Record<string, any> = {};
      await waitFor(
        async () => {
          body = (await http().get(`/api/v1/tickets/${id}`).set('X-Api-Key', keyA.key)).body;
          return body['status'] === 'waiting-for-requester';
        },
        { description: 'intake to project the events of the log', timeoutMs: 20_000 },
      );
      expect(body['level']).toBe('L2');
      expect(body['timeline'].map((entry: { type: string }) => entry.type)).toEqual([
        'TicketSubmitted',
        'TicketPrioritized',
        'TicketTaken',
        'TicketEscalated',
        'RequesterInformationRequested',
      ]);
      expect(body['timeline'][3]).toMatchObject({ details: { fromLevel: 'L1', toLevel: 'L2' } });
      expect(body['timeline'][4].text).toBe('Which VPN client version do you run?');
      expect(JSON.stringify(body)).not.toMatch(/secret/);

      // The ticket now belongs to level 2: the requester's answer goes there.
      await http()
        .post(`/api/v1/tickets/${id}/replies`)
        .set('X-Api-Key', keyA.key)
        .send({ message: '5.1.2' })
        .expect(200);
      expect(backOffice.callsFor(id)).toHaveLength(1);
      expect(triage.callsFor(id)).toHaveLength(0);
    });
  });

  describe("the requester's actions", () => {
    it('forwards a reply to the owning level with the internal token and correlation id', async () => {
      const id = await submit(keyA.key);
      const response = await http()
        .post(`/api/v1/tickets/${id}/replies`)
        .set('X-Api-Key', keyA.key)
        .set('X-Correlation-Id', 'req-reply-1')
        .send({ message: 'It happens on Wi-Fi only.' })
        .expect(200);
      expect(response.body).toEqual({
        id,
        status: 'in-progress',
        level: 'L1',
        priority: 'P3',
        links: { self: `/api/v1/tickets/${id}` },
      });
      expect(JSON.stringify(response.body)).not.toContain('tech-secret');
      const [call, ...more] = triage.callsFor(id);
      expect(more).toEqual([]);
      expect(call).toMatchObject({
        path: `/internal/v1/tickets/${id}/requester/replies`,
        headers: {
          authorization: `Bearer ${INTERNAL_API_TOKEN}`,
          'x-correlation-id': 'req-reply-1',
        },
        body: {
          requester: { email: 'ada@example.com' },
          message: 'It happens on Wi-Fi only.',
          channel: 'api',
        },
      });

      await http()
        .post(`/api/v1/tickets/${id}/confirmation`)
        .set('X-Api-Key', keyA.key)
        .expect(200);
      await http()
        .post(`/api/v1/tickets/${id}/reopening`)
        .set('X-Api-Key', keyA.key)
        .send({ reason: 'It is back.' })
        .expect(200);
      expect(triage.callsFor(id).map((c) => [c.path.split('/').pop(), c.body])).toEqual([
        ['replies', expect.anything()],
        ['confirmation', { requester: { email: 'ada@example.com' } }],
        ['reopening', { requester: { email: 'ada@example.com' }, reason: 'It is back.' }],
      ]);
      await http()
        .post(`/api/v1/tickets/${id}/replies`)
        .set('X-Api-Key', keyA.key)
        .send({ message: 'x', extra: true })
        .expect(400);
      await http()
        .post(`/api/v1/tickets/${id}/confirmation`)
        .set('X-Api-Key', keyA.key)
        .send({ force: true })
        .expect(400);
      expect(triage.callsFor(id)).toHaveLength(3);
    });

    it('tries once more at the owner a 409 names, when intake was behind the log', async () => {
      const id = await submit(keyA.key);
      triage.script(id, {
        status: 409,
        body: {
          statusCode: 409,
          error: 'Conflict',
          message: `ticket ${id} is owned by L2, not L1`,
          owner: 'L2',
        },
      });
      const response = await http()
        .post(`/api/v1/tickets/${id}/replies`)
        .set('X-Api-Key', keyA.key)
        .send({ message: 'Any news?' })
        .expect(200);
      expect(response.body.level).toBe('L2');
      expect(triage.callsFor(id)).toHaveLength(1);
      expect(backOffice.callsFor(id)).toHaveLength(1);
      expect(backOffice.callsFor(id)[0]!.body).toMatchObject({ message: 'Any news?' });
    });

    it("passes the level's refusal through", async () => {
      const id = await submit(keyA.key);
      triage.script(id, {
        status: 409,
        body: {
          statusCode: 409,
          error: 'Conflict',
          message: 'only a resolved ticket can be confirmed',
        },
      });
      const response = await http()
        .post(`/api/v1/tickets/${id}/confirmation`)
        .set('X-Api-Key', keyA.key)
        .expect(409);
      expect(response.body.message).toBe('only a resolved ticket can be confirmed');
      expect(backOffice.callsFor(id)).toHaveLength(0);
    });

    it('answers 503 when the owning level is down, having changed nothing', async () => {
      const id = await submit(keyA.key);
      await appendToLog(id, 3, [
        {
          type: 'TicketEscalated',
          data: { fromLevel: 'L1', toLevel: 'L2', reason: 'r', domain: null },
        },
        {
          type: 'TicketEscalated',
          data: { fromLevel: 'L2', toLevel: 'L3', reason: 'r', domain: 'network' },
        },
      ]);
      await waitFor(
        async () =>
          (await http().get(`/api/v1/tickets/${id}`).set('X-Api-Key', keyA.key)).body.level ===
          'L3',
        { description: 'the escalation to level 3 to reach intake', timeoutMs: 20_000 },
      );
      const before = (await outbox()).length;
      const response = await http()
        .post(`/api/v1/tickets/${id}/replies`)
        .set('X-Api-Key', keyA.key)
        .send({ message: 'Hello?' })
        .expect(503);
      expect(response.body.message).toMatch(/level 3 .* unavailable .*nothing was changed/);
      expect((await outbox()).length).toBe(before);
    });
  });

  describe('email in', () => {
    const email = (headers: string, text: string) => `${headers}\r\n\r\n${text}\r\n`;

    it('opens a ticket from a message, once per Message-ID', async () => {
      const raw = email(
        [
          'From: Grace Hopper <grace@example.com>',
          'To: helpdesk@example.com',
          'Subject: Printer on floor 2 jams',
          `Message-ID: <${randomUUID()}@mail.example.com>`,
          'Content-Type: text/plain; charset=utf-8',
        ].join('\r\n'),
        'Every second page jams since yesterday.',
      );
      const response = await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .set('Content-Type', 'message/rfc822')
        .send(raw)
        .expect(201);
      expect(response.body).toMatchObject({
        outcome: 'opened',
        ticket: { status: 'new', level: 'L1', priority: 'P3' },
      });
      const events = await outbox(response.body.ticket.id);
      expect(events[0]).toMatchObject({
        type: 'TicketSubmitted',
        actor: { kind: 'system', id: 'email-gateway' },
        data: {
          requester: { name: 'Grace Hopper', email: 'grace@example.com' },
          channel: 'email',
          category: 'other',
          summary: 'Printer on floor 2 jams',
          description: 'Every second page jams since yesterday.',
          impact: 'medium',
          urgency: 'medium',
        },
      });

      const redelivered = await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .set('Content-Type', 'message/rfc822')
        .send(raw)
        .expect(201);
      expect(redelivered.body).toMatchObject({ replayed: true, ticket: response.body.ticket });
      expect(await outbox(response.body.ticket.id)).toHaveLength(2);

      await http()
        .post('/api/v1/inbound-email')
        .set('Content-Type', 'message/rfc822')
        .send(raw)
        .expect(401);
    });

    it('forwards a reply referring to a ticket to the level that owns it', async () => {
      const opened = await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .set('Content-Type', 'text/plain')
        .send(email('From: grace@example.com\r\nSubject: Scanner offline', 'The scanner is off.'))
        .expect(201);
      const id: string = opened.body.ticket.id;
      const reply = await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .set('Content-Type', 'message/rfc822')
        .set('X-Correlation-Id', 'mail-reply-1')
        .send(
          email(
            `From: Grace Hopper <GRACE@example.com>\r\nSubject: Re: Scanner offline [#${id}]`,
            'It is the one next to the kitchen.',
          ),
        )
        .expect(200);
      expect(reply.body).toMatchObject({ outcome: 'replied', ticket: { id } });
      expect(triage.callsFor(id)).toEqual([
        expect.objectContaining({
          path: `/internal/v1/tickets/${id}/requester/replies`,
          headers: expect.objectContaining({
            authorization: `Bearer ${INTERNAL_API_TOKEN}`,
            'x-correlation-id': 'mail-reply-1',
          }),
          body: {
            requester: { email: 'grace@example.com' },
            message: 'It is the one next to the kitchen.',
            channel: 'email',
          },
        }),
      ]);
      expect(await outbox(id)).toHaveLength(2);

      // Someone else quoting the reference does not write into Grace's ticket.
      const stranger = await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .set('Content-Type', 'message/rfc822')
        .send(email(`From: eve@example.com\r\nSubject: Re: [#${id}]`, 'Me too.'))
        .expect(201);
      expect(stranger.body.ticket.id).not.toBe(id);
      expect(triage.callsFor(id)).toHaveLength(1);
    });

    it('refuses a message without sender or without text, saying why', async () => {
      const noFrom = await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .set('Content-Type', 'message/rfc822')
        .send(email('Subject: Hello', 'Anyone?'))
        .expect(422);
      expect(noFrom.body.message).toBe('the message has no From address');
      const noText = await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .set('Content-Type', 'message/rfc822')
        .send(email('From: grace@example.com\r\nSubject: Hello', ''))
        .expect(422);
      expect(noText.body.message).toBe('the message has no text');
      await http()
        .post('/api/v1/inbound-email')
        .set(admin)
        .send({ raw: 'json is not a message' })
        .expect(415);
    });
  });

  describe('phone calls', () => {
    it('are logged by level 1 technicians (and supervisors) as phone tickets', async () => {
      const tokens = app.get(TechnicianTokens);
      const l1 = await tokens.issue({
        id: 'tech-l1-7',
        name: 'Lin',
        level: 'L1',
        supervisor: false,
      });
      const l2 = await tokens.issue({
        id: 'tech-l2-3',
        name: 'Bo',
        level: 'L2',
        supervisor: false,
      });
      const boss = await tokens.issue({ id: 'sup-1', name: 'Sam', level: 'L3', supervisor: true });
      const { channel: _channel, ...call } = aRequest;

      const response = await http()
        .post('/api/v1/phone-calls')
        .set('Authorization', `Bearer ${l1}`)
        .send({ ...call, impact: 'low', urgency: 'low' })
        .expect(201);
      expect(response.body).toMatchObject({ status: 'new', level: 'L1', priority: 'P4' });
      expect((await outbox(response.body.id))[0]).toMatchObject({
        actor: { kind: 'technician', id: 'tech-l1-7', level: 'L1' },
        data: { channel: 'phone' },
      });

      await http()
        .post('/api/v1/phone-calls')
        .set('Authorization', `Bearer ${boss}`)
        .send(call)
        .expect(201);
      await http()
        .post('/api/v1/phone-calls')
        .set('Authorization', `Bearer ${l2}`)
        .send(call)
        .expect(403);
      await http().post('/api/v1/phone-calls').send(call).expect(401);
      const withChannel = await http()
        .post('/api/v1/phone-calls')
        .set('Authorization', `Bearer ${l1}`)
        .send(aRequest)
        .expect(400);
      expect(withChannel.body.message).toEqual(['property channel should not exist']);
    });

    it("take the caller's callback phone, and refuse one that is no phone number naming it", async () => {
      const l1 = await app.get(TechnicianTokens).issue({
        id: 'tech-l1-8',
        name: 'Kim',
        level: 'L1',
        supervisor: false,
      });
      const { channel: _channel, ...call } = aRequest;
      const logged = await http()
        .post('/api/v1/phone-calls')
        .set('Authorization', `Bearer ${l1}`)
        .send({ ...call, requester: { ...call.requester, phone: '(555) 010-4477' } })
        .expect(201);
      expect((await outbox(logged.body.id))[0]).toMatchObject({
        schemaVersion: 2,
        data: { channel: 'phone', requester: { ...call.requester, phone: '(555) 010-4477' } },
      });
      const refused = await http()
        .post('/api/v1/phone-calls')
        .set('Authorization', `Bearer ${l1}`)
        .send({ ...call, requester: { ...call.requester, phone: 'ask reception' } })
        .expect(400);
      expect(refused.body.message).toEqual([
        'requester.phone must be a phone number: digits, spaces and + - ( ) . only, at least 3 digits',
      ]);
    });
  });

  describe('the contact guide', () => {
    it('lists the categories with their questions and what to have at hand', async () => {
      const response = await http().get('/api/v1/contact-guide').expect(200);
      const ids = response.body.categories.map((category: { id: string }) => category.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          'account-password',
          'email-calendar',
          'network-vpn',
          'printing',
          'hardware',
          'software-applications',
          'security-incident',
          'phone-mobile',
          'other',
        ]),
      );
      for (const category of response.body.categories) {
        expect(category.questions.length).toBeGreaterThanOrEqual(3);
        expect(category.questions.length).toBeLessThanOrEqual(5);
        expect(category.haveAtHand.length).toBeGreaterThan(0);
      }
    });

    it('is maintained by admins, and a new category is accepted at once', async () => {
      const category = {
        name: 'Coffee machine',
        description: 'The one in the kitchen.',
        questions: ['Which floor?', 'What does the display say?', 'Is there water?'],
        haveAtHand: ['A photo of the display'],
      };
      const path = '/api/v1/admin/contact-guide/categories/coffee-machine';
      await http().put(path).send(category).expect(401);
      await http()
        .put(path)
        .set(admin)
        .send({ ...category, questions: [] })
        .expect(400);
      await http().put(path).set(admin).send(category).expect(201);
      await http()
        .put(path)
        .set(admin)
        .send({ ...category, name: 'Coffee' })
        .expect(200);
      await submit(keyA.key, { ...aRequest, category: 'coffee-machine' });
      await http().delete(path).set(admin).expect(204);
      await http().delete(path).set(admin).expect(404);
      await http().delete('/api/v1/admin/contact-guide/categories/other').set(admin).expect(409);
      await http()
        .post('/api/v1/tickets')
        .set('X-Api-Key', keyA.key)
        .send({ ...aRequest, category: 'coffee-machine' })
        .expect(400);
    });
  });

  describe('rebuilding the read model', () => {
    it('gives back the same tickets, owners and timelines from the log alone', async () => {
      const id = await submit(keyB.key);
      await appendToLog(id, 3, [
        { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-secret-17' } },
        {
          type: 'TicketResolved',
          data: { level: 'L1', resolution: 'Restarted the router.', knowledgeArticleId: null },
        },
      ]);
      const view = async () =>
        (await http().get(`/api/v1/tickets/${id}`).set('X-Api-Key', keyB.key)).body;
      await waitFor(async () => (await view()).status === 'resolved', {
        description: 'the resolution to reach intake',
        timeoutMs: 20_000,
      });
      const before = await view();
      await waitFor(async () => (await relayBacklog()) === 0, {
        description: "intake's own events to reach the log",
      });

      const runner = app.get(ProjectionRunner);
      await runner.rebuildFromStart();
      await waitFor(async () => (await runner.status()).state === 'running', {
        description: 'the rebuild to finish',
        timeoutMs: 30_000,
      });

      expect(await view()).toEqual(before);
      expect(before.timeline.at(-1)).toMatchObject({
        type: 'TicketResolved',
        text: 'Restarted the router.',
      });
      // The integrator came back from the TicketSubmitted actor: still nobody else's.
      await http().get(`/api/v1/tickets/${id}`).set('X-Api-Key', keyA.key).expect(404);
    });
  });

  it('documents the API at /api/docs', async () => {
    const response = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tickets',
        '/api/v1/tickets/{id}',
        '/api/v1/tickets/{id}/replies',
        '/api/v1/contact-guide',
        '/api/v1/admin/integrator-keys',
        '/api/v1/inbound-email',
        '/api/v1/phone-calls',
      ]),
    );
  });
});
