import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Response } from 'supertest';
import { EventLog, outboxWriterLock } from '@helpdesk/event-log';
import { EVENT_LOG, TicketCommandBus } from '@helpdesk/event-log-nest';
import { TicketEvent } from '@helpdesk/ticket-events';
import { uniqueName, waitFor } from '@helpdesk/testing';
import { ServiceUnderTest } from '@helpdesk/tier-desk/testing';
import { deadUrl } from './support/fake-tier';

const ADMIN_API_TOKEN = 'admin-token-for-group-commit-tests';

/** The bus's private step that runs one transaction (a group, or half of one). */
type Isolating = (...args: unknown[]) => Promise<unknown>;

/** A request the API takes; `n` makes it one of its own. */
const aRequest = (n: number | string) => ({
  requester: { name: `Requester ${n}`, email: `requester-${n}@example.com` },
  channel: 'api',
  category: 'network-vpn',
  summary: `The VPN drops (${n})`,
  description: 'Since this morning the VPN client drops the connection every five minutes.',
  impact: 'medium',
  urgency: 'high',
});

/**
 * A summary the API's validation takes but the TicketSubmitted contract refuses: 101 telephone
 * signs with their emoji presentation selector are 101 characters to class-validator (which
 * leaves selectors out) and 202 to the contract (which counts them).
 */
const contractRefusedSummary = '\u260e\ufe0f'.repeat(101);

/** An address the database refuses (a constraint the test adds, that intake knows nothing of). */
const REFUSED_EMAIL = 'refused-by-the-database@example.com';

/**
 * Intake's write path as a group commit (ADR 17): the requests that arrive while a group's
 * transaction runs share the next one, and one bad request never fails the others.
 */
describe('intake group commit', () => {
  let intake: ServiceUnderTest;
  let db: Client;
  let apiKey: string;

  const post = (body: object, idempotencyKey?: string) => {
    const call = intake.http().post('/api/v1/tickets').set('X-Api-Key', apiKey);
    return (idempotencyKey ? call.set('Idempotency-Key', idempotencyKey) : call).send(body);
  };

  /** The group transactions (and bisected halves) the bus runs from now on. */
  function countTransactions(): { count: number; restore(): void } {
    const bus = intake.app.get<TicketCommandBus, { isolating: Isolating }>(TicketCommandBus);
    const counter = { count: 0, restore: (): void => undefined };
    const original = bus.isolating;
    bus.isolating = function (this: unknown, ...args: unknown[]) {
      counter.count++;
      return original.apply(this, args);
    };
    counter.restore = () => {
      bus.isolating = original;
    };
    return counter;
  }

  /**
   * Holds the outbox writers' turn, so that the group in flight waits at its outbox insert and
   * every request sent meanwhile joins the next group; `release` lets them go.
   */
  async function holdTheWritersTurn(): Promise<{ release(): Promise<void> }> {
    const holder = new Client({ connectionString: intake.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      outboxWriterLock(intake.schema),
    ]);
    return {
      release: async () => {
        await holder.query('COMMIT');
        await holder.end();
      },
    };
  }

  /** Every event on the log, read by a consumer group of the test's own. */
  async function eventsOnTheLog(expected: number): Promise<TicketEvent[]> {
    const log = intake.app.get<EventLog>(EVENT_LOG);
    const events: TicketEvent[] = [];
    const consumer = await log.consume({
      groupId: uniqueName('group-commit-test'),
      resumeFrom: async () => undefined,
      handleBatch: async (batches) => {
        for (const batch of batches) {
          events.push(...batch.records.map((record) => JSON.parse(record.value) as TicketEvent));
        }
      },
    });
    try {
      await waitFor(() => events.length >= expected, {
        description: `${expected} events on the log`,
        timeoutMs: 60_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      return [...events];
    } finally {
      await consumer.stop();
    }
  }

  beforeAll(async () => {
    const nowhere = await deadUrl();
    intake = new ServiceUnderTest('intake', {
      ADMIN_API_TOKEN,
      TRIAGE_URL: nowhere,
      BACK_OFFICE_URL: nowhere,
      SPECIALIST_URL: nowhere,
    });
    await intake.start(async () => (await import('../src/app.module')).AppModule);
    db = new Client({ connectionString: intake.databaseUrl });
    await db.connect();
    const key = await intake
      .http()
      .post('/api/v1/admin/integrator-keys')
      .set('Authorization', `Bearer ${ADMIN_API_TOKEN}`)
      .send({ name: 'Group commit' })
      .expect(201);
    apiKey = key.body.key;
    await db.query(
      `ALTER TABLE "${intake.schema}".requester_tickets
         ADD CONSTRAINT no_refused_requester CHECK (requester_email <> '${REFUSED_EMAIL}')`,
    );
  });

  afterAll(async () => {
    await db?.end();
    await intake?.stop();
  });

  it('answers 100 concurrent requests in few transactions: the bad ones alone get an error, every other is stored once', async () => {
    const reusedKey = `reused-${randomUUID()}`;
    const earlier = await post(aRequest('earlier'), reusedKey).expect(201);

    const turn = await holdTheWritersTurn();
    const transactions = countTransactions();
    let answers: Response[];
    try {
      // The first request starts a group that waits for the writers' turn...
      const first = post(aRequest('first'), randomUUID());
      await new Promise((resolve) => setTimeout(resolve, 300));
      // ...and the 99 others arrive meanwhile: the next group, all of them.
      const others = Array.from({ length: 99 }, (_, index) => {
        if (index === 20)
          return post({ ...aRequest(index), summary: contractRefusedSummary }, randomUUID());
        if (index === 50) return post(aRequest('other'), reusedKey);
        if (index === 70) {
          const body = aRequest(index);
          return post(
            { ...body, requester: { ...body.requester, email: REFUSED_EMAIL } },
            randomUUID(),
          );
        }
        return post(aRequest(index), index % 2 ? randomUUID() : undefined);
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await turn.release();
      answers = await Promise.all([first, ...others]);
    } finally {
      transactions.restore();
    }

    const [, ...rest] = answers;
    const contractRefused = rest[20]!;
    const keyReused = rest[50]!;
    const databaseRefused = rest[70]!;
    expect(contractRefused.status).toBe(400);
    expect(contractRefused.body.message).toEqual([expect.stringMatching(/^summary /)]);
    expect(keyReused.status).toBe(422);
    expect(keyReused.body.message).toMatch(/already used with a different request body/);
    // The database's refusal is the service's problem, not the client's: a 500, for it alone.
    expect(databaseRefused.status).toBe(500);

    const accepted = answers.filter((answer) => answer.status === 201);
    expect(accepted).toHaveLength(97);
    const ids = accepted.map((answer) => answer.body.id as string);
    expect(new Set(ids).size).toBe(97);
    expect(ids).not.toContain(earlier.body.id);

    // One transaction for the first group, one for the 97 others (96 after the 400), then
    // the halves that isolate the one the database refused: about 2 log2(97), not 97.
    expect(transactions.count).toBeGreaterThan(2);
    expect(transactions.count).toBeLessThanOrEqual(4 + 2 * Math.ceil(Math.log2(98)));

    // Each accepted ticket exactly once on the log (with the earlier one: 98 tickets).
    const events = await eventsOnTheLog(98 * 2);
    const submitted = events.filter((event) => event.type === 'TicketSubmitted');
    expect(submitted.map((event) => event.ticketId).sort()).toEqual(
      [...ids, earlier.body.id as string].sort(),
    );
    const { rows } = await db.query<{ tickets: number; records: number }>(
      `SELECT (SELECT count(*)::int FROM "${intake.schema}".requester_tickets) AS tickets,
              (SELECT count(*)::int FROM "${intake.schema}".idempotency_records) AS records`,
    );
    // Records: the earlier request, the first, and the 49 others sent with a key of their own.
    expect(rows[0]).toEqual({ tickets: 98, records: 1 + 1 + 49 });
  });

  it('makes one ticket of concurrent requests with one key and one body, and answers them all alike', async () => {
    const key = `same-${randomUUID()}`;
    const turn = await holdTheWritersTurn();
    const first = post(aRequest('plug'), randomUUID());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const same = Array.from({ length: 10 }, () => post(aRequest('same'), key));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await turn.release();
    expect((await first).status).toBe(201);
    const sameAnswers = await Promise.all(same);
    expect(sameAnswers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    for (const answer of sameAnswers) expect(answer.body).toEqual(sameAnswers[0]!.body);
    const replayed = sameAnswers.filter(
      (answer) => answer.headers['idempotent-replayed'] === 'true',
    );
    expect(replayed).toHaveLength(9);

    const id = sameAnswers[0]!.body.id as string;
    const { rows } = await db.query<{ events: number }>(
      `SELECT count(*)::int AS events FROM "${intake.schema}".outbox
        WHERE event->'data'->>'summary' = $1`,
      [aRequest('same').summary],
    );
    expect(rows[0]?.events).toBe(1);
    await waitFor(
      async () =>
        (await intake.http().get(`/api/v1/tickets/${id}`).set('X-Api-Key', apiKey)).status === 200,
      { description: 'the ticket to be readable' },
    );
  });
});
