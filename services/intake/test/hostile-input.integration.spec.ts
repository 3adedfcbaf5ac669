import { ConsoleLogger } from '@nestjs/common';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import { Response } from 'supertest';
import { EventLog, ProjectionRunner } from '@helpdesk/event-log';
import { EVENT_LOG } from '@helpdesk/event-log-nest';
import { createTestTopic, waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';
import { ticketRequestFromEmail } from '../src/domain/inbound-email';
import { MAX_JSON_DEPTH } from '@helpdesk/event-log-nest';
import { FakeTier, deadUrl } from './support/fake-tier';
import { HostileEmail, hostileEmail } from './support/hostile-email';
import {
  Body,
  RawJson,
  deepNesting,
  hostileText,
  isUnstorable,
  percentEncoded,
  judgeTicketBody,
  malformedJson,
  ticketBody,
  toJson,
} from './support/hostile-input';

/**
 * Hostile input at intake's doors, on PostgreSQL and Kafka: whatever comes in, the answer is
 * a 2xx or a 4xx with a clear JSON message (naming the field, for a wrong field), never a 5xx;
 * a refusal stores nothing, an acceptance stores the text exactly as accepted.
 */

const INTERNAL_API_TOKEN = 'internal-token-for-hostile-input-tests';
const ADMIN_API_TOKEN = 'admin-token-for-hostile-input-tests';
const admin = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMEOUT_MS = 180_000;

const aRequest = {
  requester: { name: 'Ada Lovelace', email: 'ada@example.com' },
  channel: 'api',
  category: 'network-vpn',
  summary: 'VPN drops every five minutes',
  description: 'Since this morning the VPN client drops the connection every five minutes.',
  impact: 'high',
  urgency: 'medium',
};

/**
 * Nest logs every refusal of the body parsers (malformed, too large, unsupported charset or
 * encoding) as an error with a stack trace, as it does any error that is not an
 * HttpException. This suite makes hundreds of them on purpose: only server errors are logged.
 */
class ServerErrorsOnly extends ConsoleLogger {
  constructor() {
    super('intake', { logLevels: ['error', 'warn'] });
  }

  override error(message: unknown, ...rest: unknown[]): void {
    const status = (message as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status < 500) return;
    super.error(message, ...rest);
  }
}

interface Counts {
  events: number;
  tickets: number;
  timeline: number;
  idempotency: number;
}

let service: ServiceUnderTest;
let triage: FakeTier;
let db: Client;
let integrator: { id: string; key: string };
let technician: string;
/** Tickets opened by email, for messages that reply to one. */
const emailTickets: string[] = [];

const http = () => service.http();

async function counts(): Promise<Counts> {
  const { rows } = await db.query<Counts>(`SELECT
      (SELECT count(*) FROM "${service.schema}".outbox)::int AS events,
      (SELECT count(*) FROM "${service.schema}".requester_tickets)::int AS tickets,
      (SELECT count(*) FROM "${service.schema}".public_timeline)::int AS timeline,
      (SELECT count(*) FROM "${service.schema}".idempotency_records)::int AS idempotency`);
  return rows[0]!;
}

async function outboxOf(ticketId: string): Promise<{ type: string; data: unknown }[]> {
  const { rows } = await db.query<{ event: { type: string; data: unknown } }>(
    `SELECT event FROM "${service.schema}".outbox WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  return rows.map((row) => row.event);
}

/**
 * Every answer is JSON, which browsers do not render. The security headers (nosniff, CSP) come
 * with every answer but the body parsers' refusals (malformed JSON, too large, unsupported
 * charset or encoding): configureHttp installs helmet after the parsers, so a parser's error
 * skips it.
 */
function expectJson(response: Response, { fromBodyParser = false } = {}): void {
  expect(response.headers['content-type']).toMatch(/^application\/json; charset=utf-8$/);
  if (fromBodyParser) return;
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
}

/** A 4xx whose message says what is wrong, without a stack trace or the database's words. */
function expectClearRefusal(response: Response, options: { fromBodyParser?: boolean } = {}) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expectJson(response, options);
  expect(response.body.statusCode).toBe(response.status);
  const messages: unknown[] = [response.body.message].flat();
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(typeof message).toBe('string');
    expect((message as string).trim()).not.toBe('');
    expect(message).not.toMatch(
      /\n\s+at |QueryFailedError|syntax error at or near|relation "|Internal server error/,
    );
  }
  return messages as string[];
}

function added(before: Counts, change: Partial<Counts>): Counts {
  return {
    events: before.events + (change.events ?? 0),
    tickets: before.tickets + (change.tickets ?? 0),
    timeline: before.timeline + (change.timeline ?? 0),
    idempotency: before.idempotency + (change.idempotency ?? 0),
  };
}

/** The request as the contract stores it: text fields trimmed, nothing else changed. */
function storedRequest(body: Record<string, any>, channel: string) {
  return {
    requester: {
      name: body.requester.name.trim(),
      email: body.requester.email,
      phone: typeof body.requester.phone === 'string' ? body.requester.phone.trim() : null,
    },
    channel,
    category: body.category,
    summary: body.summary.trim(),
    description: body.description.trim(),
    impact: body.impact,
    urgency: body.urgency,
  };
}

interface Submission {
  /** The parsed body, as the server's JSON parser saw it. */
  body: Record<string, any>;
  channel: string;
  /** The integrator key that submitted it, or undefined for a phone call. */
  integratorKey?: string;
  idempotent: boolean;
}

/** A 201: one ticket, two events, two timeline rows, the text as accepted everywhere. */
async function expectStored(response: Response, before: Counts, submission: Submission) {
  expect(response.status).toBe(201);
  expectJson(response);
  const id: string = response.body.id;
  expect(response.body).toEqual({
    id: expect.stringMatching(UUID),
    status: 'new',
    level: 'L1',
    priority: expect.stringMatching(/^P[1-4]$/),
    links: { self: `/api/v1/tickets/${id}` },
  });
  const expected = storedRequest(submission.body, submission.channel);
  const events = await outboxOf(id);
  expect(events.map((event) => event.type)).toEqual(['TicketSubmitted', 'TicketPrioritized']);
  expect(events[0]!.data).toEqual(expected);
  const { rows } = await db.query(
    `SELECT requester_name, requester_email, summary, category, channel
       FROM "${service.schema}".requester_tickets WHERE ticket_id = $1`,
    [id],
  );
  expect(rows).toEqual([
    {
      requester_name: expected.requester.name,
      requester_email: expected.requester.email,
      summary: expected.summary,
      category: expected.category,
      channel: expected.channel,
    },
  ]);
  expect(await counts()).toEqual(
    added(before, { tickets: 1, events: 2, timeline: 2, idempotency: +submission.idempotent }),
  );
  if (submission.integratorKey === undefined) return;
  const read = await http().get(`/api/v1/tickets/${id}`).set('X-Api-Key', submission.integratorKey);
  expect(read.status).toBe(200);
  expectJson(read);
  expect(read.body).toMatchObject({ id, summary: expected.summary, category: expected.category });
  expect(read.body.timeline[0]).toMatchObject({
    type: 'TicketSubmitted',
    text: expected.description,
    details: { channel: expected.channel, category: expected.category, summary: expected.summary },
  });
}

/** Whatever the body, 201 when the contract allows it, else a 400 naming what is wrong. */
async function expectTicketOutcome(
  rawBody: Body,
  response: Response,
  before: Counts,
  submission: Omit<Submission, 'body' | 'channel'>,
  { channel }: { channel: boolean },
): Promise<void> {
  expect(response.status).toBeLessThan(500);
  const body: unknown = JSON.parse(rawBody.text);
  const verdict = judgeTicketBody(body, { channel });
  if (verdict.tooDeep.length > 0) {
    expect(response.status).toBe(400);
    const [message, ...others] = expectClearRefusal(response);
    expect(others).toEqual([]);
    const field = /^([^]*) is nested more than \d+ levels deep$/.exec(message!)?.[1];
    expect(verdict.tooDeep).toContain(field);
    expect(await counts()).toEqual(before);
    return;
  }
  if (verdict.refused.length + verdict.refusedLate.length > 0) expect(response.status).toBe(400);
  else if (verdict.unsure.length === 0) expect(response.status).toBe(201);
  if (response.status === 201) {
    const parsed = body as Record<string, any>;
    await expectStored(response, before, {
      ...submission,
      body: parsed,
      channel: channel ? parsed['channel'] : 'phone',
    });
    return;
  }
  expect(response.status).toBe(400);
  const messages = expectClearRefusal(response);
  if (verdict.refused.length > 0 && !verdict.refused.includes('body')) {
    for (const field of verdict.refused) {
      expect(messages).toContainEqual(expect.stringContaining(field));
    }
  } else if (verdict.refused.length === 0) {
    const named = [...verdict.refusedLate, ...verdict.unsure];
    expect(messages.some((message) => named.some((field) => message.includes(field)))).toBe(true);
  }
  expect(await counts()).toEqual(before);
}

function deepArrays(levels: number): RawJson {
  return new RawJson(`${'['.repeat(levels)}1${']'.repeat(levels)}`, levels);
}

beforeAll(async () => {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
  triage = await FakeTier.start('L1', INTERNAL_API_TOKEN);
  service = new ServiceUnderTest('intake', {
    EVENT_LOG: 'kafka',
    KAFKA_BROKERS: brokers.join(','),
    EVENT_LOG_TOPIC: await createTestTopic(brokers, { partitions: 2, prefix: 'intake-hostile' }),
    INTERNAL_API_TOKEN,
    ADMIN_API_TOKEN,
    TRIAGE_URL: triage.url,
    BACK_OFFICE_URL: await deadUrl(),
    SPECIALIST_URL: await deadUrl(),
    TIER_TIMEOUT_MS: '3000',
  });
  await service.start(async () => (await import('../src/app.module')).AppModule);
  service.app.useLogger(new ServerErrorsOnly());
  db = new Client({ connectionString: service.databaseUrl });
  await db.connect();
  const created = await http()
    .post('/api/v1/admin/integrator-keys')
    .set(admin)
    .send({ name: 'Hostile integrator' })
    .expect(201);
  integrator = { id: created.body.id, key: created.body.key };
  technician = await service.issue('tech-l1-hostile', 'L1');
}, 60_000);

afterAll(async () => {
  await db?.end();
  await service?.stop();
  await triage?.close();
});

describe('POST /api/v1/tickets under hostile input', () => {
  it(
    'answers any body with 201 (stored exactly as accepted) or a 400 naming the fields (nothing stored)',
    async () => {
      await fc.assert(
        fc.asyncProperty(ticketBody({ channel: true }), fc.boolean(), async (rawBody, keyed) => {
          const before = await counts();
          let call = http()
            .post('/api/v1/tickets')
            .set('X-Api-Key', integrator.key)
            .set('Content-Type', 'application/json');
          if (keyed) call = call.set('Idempotency-Key', `hostile-${before.events}-${Date.now()}`);
          const response = await call.send(rawBody.text);
          await expectTicketOutcome(
            rawBody,
            response,
            before,
            { integratorKey: integrator.key, idempotent: keyed },
            { channel: true },
          );
        }),
        {
          numRuns: 150,
          // Found by this property: validator.js's isEmail threw on an unpaired surrogate (500).
          examples: [
            [
              new Body(
                JSON.stringify({
                  ...aRequest,
                  requester: { name: 'Ada', email: 'ada@example.com\ud800' },
                }),
              ),
              false,
            ],
          ],
        },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'answers malformed JSON and odd content types with a 4xx, storing nothing',
    async () => {
      const contentTypes = [
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/vnd.api+json',
        'text/plain',
        'message/rfc822',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/html',
      ];
      await fc.assert(
        fc.asyncProperty(
          malformedJson(JSON.stringify(aRequest)),
          fc.constantFrom(...contentTypes),
          fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'x-unknown'),
          async (rawBody, contentType, encoding) => {
            const before = await counts();
            let call = http()
              .post('/api/v1/tickets')
              .set('X-Api-Key', integrator.key)
              .set('Content-Type', contentType);
            if (encoding) call = call.set('Content-Encoding', encoding);
            const response = await call.send(rawBody.text);
            expect(response.status).toBeLessThan(500);
            if (response.status === 201) {
              // Only a body that is a valid request in JSON could get here.
              expect(contentType).toMatch(/^application\/json(; charset=utf-8)?$/);
              expect(encoding).toBeUndefined();
              const parsed = JSON.parse(rawBody.text.replace(/^\ufeff/, ''));
              await expectStored(response, before, {
                body: parsed,
                channel: parsed.channel,
                integratorKey: integrator.key,
                idempotent: false,
              });
              return;
            }
            // The validation pipe answers with a list; the parsers with one string.
            expectClearRefusal(response, {
              fromBodyParser: typeof response.body.message === 'string',
            });
            expect(await counts()).toEqual(before);
          },
        ),
        { numRuns: 150 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'refuses bodies over 64 kB with a 413, storing nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 64 * 1024 + 1, max: 400 * 1024 }),
          fc.constantFrom('x', '\u00e9', '\u{1f600}', '\u0000', ' '),
          fc.constantFrom('description', 'summary', 'padding'),
          async (size, piece, field) => {
            const text = piece.repeat(Math.ceil(size / Buffer.byteLength(piece)));
            const rawBody = JSON.stringify({ ...aRequest, [field]: text });
            const before = await counts();
            const response = await http()
              .post('/api/v1/tickets')
              .set('X-Api-Key', integrator.key)
              .set('Content-Type', 'application/json')
              .send(rawBody);
            expect(response.status).toBe(413);
            expect(expectClearRefusal(response, { fromBodyParser: true })).toEqual([
              'request entity too large',
            ]);
            expect(await counts()).toEqual(before);
          },
        ),
        { numRuns: 20 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'refuses deeply nested values in any field with a 4xx naming it, storing nothing',
    async () => {
      const fields = ['summary', 'description', 'requester', 'category', 'impact', 'extra'];
      await fc.assert(
        fc.asyncProperty(deepNesting(30_000), fc.constantFrom(...fields), async (nested, field) => {
          const body: Record<string, unknown> = { ...aRequest };
          if (field === 'extra') body['nested'] = nested;
          else body[field] = nested;
          const rawBody = toJson(body);
          const before = await counts();
          const response = await http()
            .post('/api/v1/tickets')
            .set('X-Api-Key', integrator.key)
            .set('Content-Type', 'application/json')
            .send(rawBody);
          expect(response.status).toBeLessThan(500);
          const messages = expectClearRefusal(response, {
            fromBodyParser: response.status === 413,
          });
          // The API names the first two keys on the way down: `summary.a` in {"a":{"a":…}}.
          const key = field === 'extra' ? 'nested' : field;
          const named = nested.json.startsWith('{"a":') ? `${key}.a` : key;
          if (response.status === 413) {
            expect(Buffer.byteLength(rawBody)).toBeGreaterThan(64 * 1024);
          } else if (1 + nested.levels! > MAX_JSON_DEPTH) {
            expect(response.status).toBe(400);
            expect(messages).toEqual([
              `${named} is nested more than ${MAX_JSON_DEPTH} levels deep`,
            ]);
          } else {
            expect(response.status).toBe(400);
            expect(messages).toContainEqual(expect.stringContaining(key));
          }
          expect(await counts()).toEqual(before);
        }),
        {
          numRuns: 40,
          // Found by this property: the ValidationPipe overflowed its stack on 60 kB of [[[…]]] (500).
          examples: [[deepArrays(30_000), 'summary']],
        },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'treats hostile Idempotency-Key, X-Api-Key and X-Correlation-Id headers as data, never as a fault',
    async () => {
      // What Node lets a client put in a header value: tab, visible ASCII and Latin-1.
      const headerValue = fc.string({
        unit: fc
          .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
          .map((code) => String.fromCharCode(code)),
        maxLength: 260,
      });
      // The key itself, changed, padded with whitespace HTTP strips, or anything else.
      const apiKeys = fc.oneof(
        { weight: 3, arbitrary: fc.constant('the key') },
        { weight: 2, arbitrary: fc.constantFrom('upper-cased', 'truncated', 'extended', 'padded') },
        { weight: 1, arbitrary: headerValue.map((value) => ({ value })) },
      );
      const apiKeyFrom = (choice: string | { value: string }, key: string): string => {
        if (typeof choice !== 'string') return choice.value;
        if (choice === 'upper-cased') return key.toUpperCase();
        if (choice === 'truncated') return key.slice(0, -1);
        if (choice === 'extended') return `${key}x`;
        if (choice === 'padded') return ` \t${key} `;
        return key;
      };
      const idempotencyKeys = fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        {
          weight: 3,
          arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
        },
        { weight: 2, arbitrary: headerValue },
      );
      const usedKeys = new Set<string>();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          idempotencyKeys,
          apiKeys,
          headerValue,
          async (idempotencyKey, apiKeyChoice, correlationId) => {
            const apiKey = apiKeyFrom(apiKeyChoice, integrator.key);
            const body = { ...aRequest, summary: `Header run ${++run}` };
            const before = await counts();
            const send = () => {
              let call = http()
                .post('/api/v1/tickets')
                .set('X-Api-Key', apiKey)
                .set('X-Correlation-Id', correlationId);
              if (idempotencyKey !== undefined) call = call.set('Idempotency-Key', idempotencyKey);
              return call.send(body);
            };
            const response = await send();
            if (apiKey.replace(/^[ \t]+|[ \t]+$/g, '') !== integrator.key) {
              expect(response.status).toBe(401);
              expect(expectClearRefusal(response)).toEqual([
                'a valid API key is required in X-Api-Key',
              ]);
              expect(await counts()).toEqual(before);
              return;
            }
            const key = idempotencyKey?.trim();
            const validKey =
              key === undefined ||
              (key.length >= 1 && key.length <= 200 && /^[\x20-\x7e]+$/.test(key));
            if (!validKey) {
              expect(response.status).toBe(400);
              expect(expectClearRefusal(response)).toEqual([
                expect.stringMatching(/^Idempotency-Key must be/),
              ]);
              expect(await counts()).toEqual(before);
              return;
            }
            if (key !== undefined && usedKeys.has(key)) {
              expect(response.status).toBe(422);
              expect(expectClearRefusal(response)[0]).toContain('different request body');
              expect(await counts()).toEqual(before);
              return;
            }
            await expectStored(response, before, {
              body,
              channel: 'api',
              integratorKey: integrator.key,
              idempotent: key !== undefined,
            });
            if (key === undefined) return;
            usedKeys.add(key);
            const afterFirst = await counts();
            const replay = await send();
            expect(replay.status).toBe(201);
            expect(replay.headers['idempotent-replayed']).toBe('true');
            expect(replay.body).toEqual(response.body);
            expect(await counts()).toEqual(afterFirst);
          },
        ),
        { numRuns: 100 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'answers GET with a hostile ticket id with a 4xx',
    async () => {
      const id = fc.oneof(
        hostileText(20).map((text) => percentEncoded(text)),
        fc.constantFrom(
          '%',
          '%FF',
          '%E0%A4%A',
          '..%2F..%2Fetc%2Fpasswd',
          '%00',
          "1'%20OR%20'1'='1",
        ),
        fc.uuid().map((uuid) => uuid.toUpperCase()),
        fc.uuid().map((uuid) => `${uuid}%00`),
      );
      await fc.assert(
        fc.asyncProperty(id, async (path) => {
          const response = await http()
            .get(`/api/v1/tickets/${path}`)
            .set('X-Api-Key', integrator.key);
          expect([400, 404]).toContain(response.status);
          expectClearRefusal(response);
        }),
        { numRuns: 100 },
      );
    },
    TIMEOUT_MS,
  );
});

describe('POST /api/v1/phone-calls under hostile input', () => {
  it(
    'answers any body with 201 (stored exactly as accepted) or a 400 naming the fields',
    async () => {
      await fc.assert(
        fc.asyncProperty(ticketBody({ channel: false }), async (rawBody) => {
          const before = await counts();
          const response = await http()
            .post('/api/v1/phone-calls')
            .set('Authorization', `Bearer ${technician}`)
            .set('Content-Type', 'application/json')
            .send(rawBody.text);
          await expectTicketOutcome(
            rawBody,
            response,
            before,
            { idempotent: false },
            {
              channel: false,
            },
          );
        }),
        { numRuns: 60 },
      );
    },
    TIMEOUT_MS,
  );
});

describe('POST /api/v1/inbound-email under hostile input', () => {
  /** What the ticket opened from a message must be, parsed on this side with the same parser. */
  async function expectedFromEmail(raw: string) {
    const parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
    });
    const sender = (parsed.from?.value ?? [])
      .flatMap((address) => [address, ...(address.group ?? [])])
      .find((address) => address.address);
    return {
      request: ticketRequestFromEmail(
        {
          from: { address: sender!.address!, name: sender!.name },
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
        },
        'other',
      ),
      messageId: parsed.messageId,
    };
  }

  /** 201 opened, 200 replied, or a clear 4xx; the counts move accordingly. */
  async function expectEmailOutcome(serverRaw: string, response: Response, before: Counts) {
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) {
      expectClearRefusal(response);
      expect(await counts()).toEqual(before);
      return;
    }
    expectJson(response);
    const replayed = response.body.replayed === true;
    const { request, messageId } = await expectedFromEmail(serverRaw);
    if (response.status === 200) {
      expect(response.body.outcome).toBe('replied');
      const calls = triage.callsFor(response.body.ticket.id);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.at(-1)!.body).toMatchObject({ channel: 'email' });
      expect(await counts()).toEqual(
        added(before, { idempotency: +(!replayed && messageId !== undefined) }),
      );
      return;
    }
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      outcome: 'opened',
      ticket: { id: expect.stringMatching(UUID), status: 'new', level: 'L1' },
    });
    const id: string = response.body.ticket.id;
    if (replayed) {
      expect(await counts()).toEqual(before);
      return;
    }
    emailTickets.push(id);
    const events = await outboxOf(id);
    expect(events[0]!.data).toEqual(request);
    const data = events[0]!.data as typeof request;
    for (const text of [
      data.requester.name,
      data.requester.email,
      data.summary,
      data.description,
    ]) {
      expect(isUnstorable(text)).toBe(false);
      expect(text.trim()).not.toBe('');
    }
    expect(data.summary.length).toBeLessThanOrEqual(200);
    expect(data.description.length).toBeLessThanOrEqual(10_000);
    expect(await counts()).toEqual(
      added(before, {
        tickets: 1,
        events: 2,
        timeline: 2,
        idempotency: +(messageId !== undefined),
      }),
    );
  }

  /** The text body-parser hands the controller: UTF-8 decoded, a leading BOM dropped. */
  function asServerSees(body: string | Buffer): string {
    return Buffer.from(body)
      .toString('utf8')
      .replace(/^\ufeff/, '');
  }

  it(
    'answers arbitrary bytes with a ticket, a reply or a clear 4xx, never a 5xx',
    async () => {
      const prefix = fc.constantFrom(
        '',
        'From: grace@example.com\r\n',
        'From: grace@example.com\r\nSubject: ',
        'From: grace@example.com\r\n\r\n',
        'From: grace@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n',
        'From: grace@example.com\r\nContent-Transfer-Encoding: base64\r\n\r\n',
      );
      await fc.assert(
        fc.asyncProperty(
          prefix,
          fc.uint8Array({ maxLength: 4096 }),
          fc.constantFrom('message/rfc822', 'text/plain', 'text/plain; charset=utf-8'),
          async (start, bytes, contentType) => {
            const body = Buffer.concat([Buffer.from(start), bytes]);
            const before = await counts();
            const response = await http()
              .post('/api/v1/inbound-email')
              .set(admin)
              .set('Content-Type', contentType)
              .send(body);
            await expectEmailOutcome(asServerSees(body), response, before);
          },
        ),
        { numRuns: 100 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'answers hostile RFC 822 messages with a ticket, a reply or a clear 4xx, and handles each once',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileEmail(() => emailTickets),
          async ({ raw }) => {
            const before = await counts();
            const send = () =>
              http()
                .post('/api/v1/inbound-email')
                .set(admin)
                .set('Content-Type', 'message/rfc822')
                .send(raw);
            const response = await send();
            await expectEmailOutcome(asServerSees(raw), response, before);
            if (response.status >= 300) return;
            // The gateway redelivers: with a Message-ID, the same answer and no second effect.
            const { messageId } = await expectedFromEmail(asServerSees(raw));
            if (messageId === undefined) return;
            const afterFirst = await counts();
            const calls = triage.calls.length;
            const again = await send();
            expect(again.status).toBe(response.status);
            expect(again.body).toEqual({ ...response.body, replayed: true });
            expect(await counts()).toEqual(afterFirst);
            expect(triage.calls).toHaveLength(calls);
          },
        ),
        {
          numRuns: 150,
          // Found by this property: a Message-ID with a NUL reached PostgreSQL as a key (500).
          examples: [
            [new HostileEmail('From: grace@example.com\r\nMessage-ID: <a\u0000b@x>\r\n\r\nHello')],
          ],
        },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'refuses messages over 1 MB and bodies that are not raw messages, storing nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc
              .integer({ min: 1024 * 1024 + 1, max: 3 * 1024 * 1024 })
              .map((size) => ({ type: 'message/rfc822', text: 'x', size })),
            fc.constantFrom(
              { type: 'application/json', text: '{"raw":"From: a@example.com"}', size: 1 },
              { type: 'message/rfc822', text: '', size: 0 },
              { type: 'message/rfc822; charset=x-unknown', text: 'hi', size: 1 },
              { type: 'message/rfc822; charset=utf-16', text: 'hi', size: 1 },
              { type: 'application/octet-stream', text: 'hi', size: 1 },
            ),
          ),
          async ({ type, text, size }) => {
            const body = type.endsWith('json')
              ? text
              : size === 0
                ? ''
                : `From: a@example.com\r\n\r\n${text.repeat(size)}`;
            const before = await counts();
            const response = await http()
              .post('/api/v1/inbound-email')
              .set(admin)
              .set('Content-Type', type)
              .send(body);
            // A charset body-parser knows (UTF-16) decodes to a message without a sender.
            expect([413, 415, 422]).toContain(response.status);
            expectClearRefusal(response, {
              fromBodyParser: response.status === 413 || type.includes('charset'),
            });
            expect(await counts()).toEqual(before);
          },
        ),
        { numRuns: 12 },
      );
    },
    TIMEOUT_MS,
  );
});

describe('after the hostile input', () => {
  it(
    'has put every accepted event on Kafka and projected it back once, with no dead letters',
    async () => {
      await waitFor(
        async () => {
          const { rows } = await db.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM "${service.schema}".outbox WHERE published_at IS NULL`,
          );
          return rows[0]!.count === 0;
        },
        { description: 'the outbox to reach Kafka', timeoutMs: 60_000 },
      );
      const before = await counts();
      await service.app.get(ProjectionRunner).waitUntilCaughtUp(60_000);
      expect(await counts()).toEqual(before);
      expect(await service.app.get<EventLog>(EVENT_LOG).readDeadLetters()).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
