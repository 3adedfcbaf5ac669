import { randomUUID } from 'node:crypto';
import {
  Actor,
  TicketEvent,
  TicketEventDraft,
  TicketEventType,
  stampTicketEvent,
} from '@helpdesk/ticket-events';
import { aTicketSubmitted, waitFor } from '@helpdesk/testing';
import { RunningProduct } from '../../src/running-product';
import { ServiceProcess } from '../../src/service-process';
import { SERVICE_NAMES, ServiceName } from '../../src/services';
import {
  expectConsistent,
  projectionOf,
  readDeadLetters,
  rowsOfTickets,
  untilSettled,
} from '../support/consistency';
import { ProjectionCounts, countsOf } from '../support/health';
import { call } from '../support/http-client';
import { Integrator } from '../support/integrator';
import { technicianToken } from '../support/technicians';
import { endOffsets, readTopic } from '../support/topic-reader';
import { RawMessage, aTicketIdOnPartition, messageOf, produce } from '../support/topic-writer';
import { requiredEnv } from '../support/required-env';

/** Tickets submitted while back-office is down: the backlog its restart applies in batches. */
const BACKLOG = 150;

/**
 * Faults of delivery and of processes, on one running product (the four services on the shared
 * broker and database): a tier service killed in the middle of a batch, events delivered twice
 * and out of order, poison, two versions of one event. Each fault ends with the full
 * consistency check over every ticket intake accepted so far.
 */
describe('faults of delivery and of processes, on the running product', () => {
  const brokers = requiredEnv('KAFKA_BROKERS');
  const product = new RunningProduct({ brokers, databaseUrl: requiredEnv('DATABASE_URL') });
  /** Every ticket intake accepted, for the consistency checks. */
  const accepted: string[] = [];
  let integrator: Integrator;
  let submitted = 0;

  beforeAll(async () => {
    await product.start();
    integrator = await Integrator.register(product, 'Faults');
  }, 180_000);

  afterAll(() => product.stop(), 60_000);

  async function submit(count: number): Promise<string[]> {
    const ids = await integrator.submitMany(submitted, count);
    submitted += count;
    accepted.push(...ids);
    return ids;
  }

  const internal = (name: ServiceName, path: string, body?: unknown) =>
    call(body === undefined ? 'GET' : 'POST', product.url(name, `/internal/v1/${path}`), {
      token: product.secrets.INTERNAL_API_TOKEN,
      body,
    });

  /** A service's unresolved dead letters of these keys, as its operators read them. */
  async function deadLettersOf(name: ServiceName, keys: readonly string[]) {
    const answer = await internal(name, 'dead-letters?limit=1000');
    expect(answer.status).toBe(200);
    return (answer.body.deadLetters as { id: number; key: string; reason: string }[]).filter(
      (letter) => keys.includes(letter.key),
    );
  }

  async function countsOfEvery(): Promise<Map<ServiceProcess, ProjectionCounts>> {
    const counts = new Map<ServiceProcess, ProjectionCounts>();
    for (const service of product.instances()) counts.set(service, await countsOf(service));
    return counts;
  }

  /** What each instance counted since `before`. */
  async function countedSince(before: Map<ServiceProcess, ProjectionCounts>) {
    const after = await countsOfEvery();
    return [...after].map(([service, now]) => {
      const then = before.get(service)!;
      return {
        service: product.labelOf(service),
        applied: now.applied - then.applied,
        skippedDuplicates: now.skippedDuplicates - then.skippedDuplicates,
        deadLettered: now.deadLettered - then.deadLettered,
      };
    });
  }

  async function partitionOf(ticketId: string): Promise<number> {
    const event = (await readTopic(brokers, product.topic)).find(
      (logged) => logged.ticketId === ticketId,
    );
    if (!event) throw new Error(`ticket ${ticketId} is not on the log`);
    return event.partition;
  }

  /** A level 1 technician takes the ticket through triage's API: its next event on the log. */
  async function takeAtLevel1(ticketId: string): Promise<void> {
    const token = await technicianToken(product, { id: 'l1-ada', level: 'L1' });
    const taken = await call('POST', product.url('triage', `/api/v1/tickets/${ticketId}/take`), {
      token,
    });
    expect(taken.status).toBe(200);
  }

  describe('a tier service killed with SIGKILL in the middle of a batch', () => {
    it('applies every event exactly once after its restart: its read model rows and per-ticket versions equal the log', async () => {
      const schema = product.schemaOf('back-office');
      // A backlog: back-office stopped cleanly (it leaves the group) while tickets come in.
      const stopped = product.service('back-office');
      await product.stopInstance(stopped);
      await submit(BACKLOG);

      // Restarted, it applies the backlog in batches: SIGKILL while one is open, that is while
      // a transaction of its projection holds writes not yet committed. Holding a lock on one
      // of the tables a batch writes keeps the batch open, however fast it would be, until the
      // kill.
      let restarted: ServiceProcess = stopped;
      const exit = await product.query(async (locker) => {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE "${schema}".level2_timeline IN SHARE MODE`);
        restarted = product.restart(stopped);
        await product.explainFailure(() =>
          waitFor(async () => (await openTransactions(schema)) > 0, {
            description: 'back-office to open a batch transaction',
            timeoutMs: 90_000,
            intervalMs: 10,
          }),
        );
        const killed = await product.kill(restarted);
        await locker.query('COMMIT');
        return killed;
      });
      // PostgreSQL rolls back what the dead process left open (a commit it had sent completes).
      await waitFor(async () => (await openTransactions(schema)) === 0, {
        description: "the killed back-office's transactions to end",
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      const committedAtKill = await appliedEvents(schema);

      // Restarted again: the broker ends the killed member's session, the group is its own.
      const again = product.restart(restarted);
      await untilSettled(product);
      const total = await appliedEvents(schema);
      expect(exit.signal).toBe('SIGKILL');
      // It died with work left, and applied after its restart exactly what was left.
      expect(committedAtKill).toBeLessThan(total);
      expect(await countsOf(again)).toEqual({
        applied: total - committedAtKill,
        skippedDuplicates: 0,
        deadLettered: 0,
        behind: 0,
      });
      await expectConsistent(product, { brokers, tickets: accepted });
    }, 300_000);

    /** Sessions in a transaction that has written to the schema (a projection batch). */
    async function openTransactions(schema: string): Promise<number> {
      return product.query(
        async (client) =>
          (
            await client.query<{ open: number }>(
              `SELECT count(*)::int AS open FROM pg_stat_activity
               WHERE pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND query LIKE $1`,
              [`%"${schema}".%`],
            )
          ).rows[0]!.open,
      );
    }

    /** Events the projection has applied and committed: the sum of its tickets' versions. */
    async function appliedEvents(schema: string): Promise<number> {
      return product.query(
        async (client) =>
          (
            await client.query<{ applied: number }>(
              `SELECT coalesce(sum(last_sequence), 0)::int AS applied
               FROM ${schema}.projection_ticket_versions WHERE projection = $1`,
              [projectionOf('back-office')],
            )
          ).rows[0]!.applied,
      );
    }
  });

  describe('the same events delivered twice and out of order', () => {
    /** The events this describe put on the log itself, beside those of the services. */
    const injected: TicketEvent[] = [];

    it('holds an event that comes before the one it follows in the dead letters, and applies it on replay once the missing one has arrived', async () => {
      const [ticket] = (await submit(1)) as [string];
      await untilSettled(product);
      const technician: Actor = { kind: 'technician', id: 'l1-grace', level: 'L1' };
      const taken = eventOf(ticket, 3, technician, {
        type: 'TicketTaken',
        data: { level: 'L1', technicianId: 'l1-grace' },
      });
      const escalated = eventOf(ticket, 4, technician, {
        type: 'TicketEscalated',
        data: { fromLevel: 'L1', toLevel: 'L2', reason: 'needs a remote session', domain: null },
      });
      injected.push(taken, escalated);

      // #4 before #3: every service holds it back as a sequence gap...
      await produce(brokers, product.topic, [messageOf(escalated)]);
      await untilSettled(product);
      const gaps = new Map<ServiceName, { id: number; key: string; reason: string }[]>();
      for (const name of SERVICE_NAMES) gaps.set(name, await deadLettersOf(name, [ticket]));
      expect([...gaps].map(([name, letters]) => [name, letters.map((l) => l.reason)])).toEqual(
        SERVICE_NAMES.map((name) => [
          name,
          [`sequence gap on ticket ${ticket}: expected 3, got 4`],
        ]),
      );

      // ...until #3 arrives and the operator replays the letter.
      await produce(brokers, product.topic, [messageOf(taken)]);
      await untilSettled(product);
      for (const name of SERVICE_NAMES) {
        const [letter] = gaps.get(name)!;
        const replay = await internal(name, 'dead-letters/replay', { ids: [letter!.id] });
        expect({ service: name, status: replay.status, body: replay.body }).toEqual({
          service: name,
          status: 200,
          body: {
            applied: [letter!.id],
            alreadyApplied: [],
            stillDead: [],
            alreadyResolved: [],
            notFound: [],
          },
        });
      }

      // Escalated: level 2 has it in its queue.
      const l2 = await technicianToken(product, { id: 'l2-linus', level: 'L2' });
      const queue = await call<{ items: { ticketId: string }[] }>(
        'GET',
        product.url('back-office', '/api/v1/queue'),
        { token: l2 },
      );
      expect(queue.body.items.map((item) => item.ticketId)).toContain(ticket);
      await expectConsistent(product, { brokers, tickets: accepted });
    }, 180_000);

    it('changes no read model when events come again, in another order: every copy is skipped', async () => {
      const tickets = [...(await submit(2)), ...new Set(injected.map((event) => event.ticketId))];
      await untilSettled(product);
      // The envelopes the services stored and published, and those the test put on the log.
      const published = await product.query(async (client) => {
        const events: TicketEvent[] = [];
        for (const name of SERVICE_NAMES) {
          const { rows } = await client.query<{ event: TicketEvent }>(
            `SELECT event FROM ${product.schemaOf(name)}.outbox
             WHERE ticket_id = ANY($1::uuid[]) ORDER BY id`,
            [tickets],
          );
          events.push(...rows.map((row) => row.event));
        }
        return events;
      });
      const events = [...published, ...injected];
      const before = await rowsOfTickets(product, tickets);
      const counted = await countsOfEvery();

      // Each one twice more: newest first, then in log order.
      await produce(
        brokers,
        product.topic,
        [...events]
          .reverse()
          .concat(events)
          .map((event) => messageOf(event)),
      );
      await untilSettled(product);

      expect(await rowsOfTickets(product, tickets)).toEqual(before);
      expect(await countedSince(counted)).toEqual(
        product.instances().map((service) => ({
          service: product.labelOf(service),
          applied: 0,
          skippedDuplicates: 2 * events.length,
          deadLettered: 0,
        })),
      );
      await expectConsistent(product, { brokers, tickets: accepted });
    }, 180_000);
  });

  describe('a poison event', () => {
    it('goes to the dead letters with the reason, unparseable or of an unknown type, and the partition moves on', async () => {
      const [ticket] = (await submit(1)) as [string];
      await untilSettled(product);
      const partition = await partitionOf(ticket);
      const unparseable: RawMessage = {
        key: randomUUID(),
        value: '{"type":"TicketSubmitted","ticketId":',
        partition,
      };
      const unknownTicket = randomUUID();
      const unknownType: RawMessage = {
        key: unknownTicket,
        value: JSON.stringify({
          ...aTicketSubmitted({ ticketId: unknownTicket }),
          type: 'TicketTeleported',
        }),
        partition,
      };
      const counted = await countsOfEvery();

      await produce(brokers, product.topic, [unparseable, unknownType]);
      // The ticket's next event comes after them on the same partition.
      await takeAtLevel1(ticket);
      await untilSettled(product);

      const poison = [unparseable.key, unknownType.key];
      const expectedLetters = [
        { key: unparseable.key, reason: 'payload is not valid JSON' },
        { key: unknownType.key, reason: "unknown event type 'TicketTeleported'" },
      ];
      for (const name of SERVICE_NAMES) {
        const letters = await deadLettersOf(name, poison);
        expect({
          service: name,
          letters: letters.map(({ key, reason }) => ({ key, reason })),
        }).toEqual({ service: name, letters: expectedLetters });
        // Replayed, they stay where they are: nothing to apply.
        const replay = await internal(name, 'dead-letters/replay', {
          ids: letters.map((letter) => letter.id),
        });
        expect(replay.body.stillDead).toEqual(letters.map(({ id, reason }) => ({ id, reason })));
      }
      // The log's dead letters, the feed for alerts: each projection's, with the reason.
      const onTheLog = (await readDeadLetters(brokers, product.topic))
        .filter((letter) => poison.includes(letter.key))
        .map(({ groupId, key, reason, partition: at }) => ({ groupId, key, reason, at }))
        .sort((a, b) => `${a.groupId} ${a.key}`.localeCompare(`${b.groupId} ${b.key}`));
      expect(onTheLog).toEqual(
        SERVICE_NAMES.flatMap((name) =>
          expectedLetters.map(({ key, reason }) => ({
            groupId: projectionOf(name),
            key,
            reason,
            at: partition,
          })),
        ).sort((a, b) => `${a.groupId} ${a.key}`.localeCompare(`${b.groupId} ${b.key}`)),
      );
      expect(await countedSince(counted)).toEqual(
        product.instances().map((service) => ({
          service: product.labelOf(service),
          // TicketTaken, after the poison; triage applied it with its command, and skips it here.
          applied: service.name === 'triage' ? 0 : 1,
          skippedDuplicates: service.name === 'triage' ? 1 : 0,
          deadLettered: 2,
        })),
      );
      await expectConsistent(product, { brokers, tickets: accepted });
    }, 180_000);
  });

  describe('two versions of one event in the log at once', () => {
    /** Where the tiers keep the requester of every ticket, and the ticket's events. */
    const TIER_READ_MODELS = [
      { name: 'triage', tickets: 'level1_queue', timeline: 'ticket_timeline' },
      { name: 'back-office', tickets: 'level2_tickets', timeline: 'level2_timeline' },
      { name: 'specialist', tickets: 'level3_tickets', timeline: 'level3_timeline' },
    ] as const;
    const requester = { name: 'Grace Hopper', email: 'grace@example.com' };

    /** A ticket submitted through the API now: TicketSubmitted version 2, with `phone` if given. */
    async function submitThroughTheApi(summary: string, phone?: string): Promise<string> {
      const answer = await call('POST', product.url('intake', '/api/v1/tickets'), {
        apiKey: integrator.apiKey,
        body: {
          requester: phone === undefined ? requester : { ...requester, phone },
          channel: 'api',
          category: integrator.category,
          summary,
          description: `${summary}, submitted by a test of the running product.`,
          impact: 'medium',
          urgency: 'high',
        },
      });
      expect(answer.status).toBe(201);
      const ticketId = answer.body.id as string;
      accepted.push(ticketId);
      return ticketId;
    }

    /** A ticket id the product's producer would put on `partition`, as it does all its events. */
    async function aTicketIdOn(partition: number): Promise<string> {
      return aTicketIdOnPartition(partition, (await endOffsets(brokers, product.topic)).size);
    }

    it("applies a TicketSubmitted version 1 from an intake deployed before the callback phone beside version 2 ones, upcast with no phone, in every service's read model", async () => {
      const withPhone = await submitThroughTheApi('Headset crackles', '+44 20 7946 0958');
      const withoutPhone = await submitThroughTheApi('Headset crackles too');
      await untilSettled(product);
      const partition = await partitionOf(withPhone);

      // An email ticket as intake wrote it before TicketSubmitted v2 (no phone), straight on the
      // topic, on the partition of `withPhone` (its later events go there too), then another
      // ticket through the API.
      const old = await aTicketIdOn(partition);
      const emailGateway: Actor = { kind: 'system', id: 'email-gateway' };
      const submittedNow = eventOf(old, 1, emailGateway, {
        type: 'TicketSubmitted',
        data: {
          requester: { ...requester, phone: null },
          channel: 'email',
          category: integrator.category,
          summary: 'Printer offline since the upgrade',
          description: 'The 3rd floor printer shows offline since the weekend upgrade.',
          impact: 'medium',
          urgency: 'medium',
        },
      });
      const submittedV1 = {
        ...submittedNow,
        schemaVersion: 1,
        data: { ...submittedNow.data, requester },
      };
      const prioritized = eventOf(old, 2, emailGateway, {
        type: 'TicketPrioritized',
        data: { impact: 'medium', urgency: 'medium', priority: 'P3' },
      });
      await produce(brokers, product.topic, [
        { key: old, value: JSON.stringify(submittedV1) },
        messageOf(prioritized),
      ]);
      const after = await submitThroughTheApi('Docking station is dead', '(555) 010-4477');
      await untilSettled(product);
      // Level 1 works on the old ticket as on any other: its next event, at version 2 times.
      await takeAtLevel1(old);
      await untilSettled(product);

      // The log holds both versions of TicketSubmitted, side by side on one partition, as written.
      const firstEvents = (await readTopic(brokers, product.topic))
        .filter((event) => event.sequence === 1 && [withPhone, old].includes(event.ticketId))
        .map(({ ticketId, partition: at, schemaVersion }) => ({ ticketId, at, schemaVersion }));
      expect(firstEvents).toEqual([
        { ticketId: withPhone, at: partition, schemaVersion: 2 },
        { ticketId: old, at: partition, schemaVersion: 1 },
      ]);

      // Every tier shows the requester of each ticket, the phone when there is one; the events
      // it stored are version 2, the old one upcast with `phone: null`.
      const expected = new Map<string, string | null>([
        [withPhone, '+44 20 7946 0958'],
        [withoutPhone, null],
        [old, null],
        [after, '(555) 010-4477'],
      ]);
      const shown = await product.query(async (client) => {
        const found: Record<string, unknown> = {};
        for (const { name, tickets, timeline } of TIER_READ_MODELS) {
          const schema = product.schemaOf(name);
          const { rows } = await client.query<{
            ticket_id: string;
            requester_name: string;
            requester_email: string;
            requester_phone: string | null;
            submitted: unknown;
          }>(
            `SELECT t.ticket_id, t.requester_name, t.requester_email, t.requester_phone,
                    e.data->'requester' AS submitted
             FROM ${schema}.${tickets} t
             JOIN ${schema}.${timeline} e ON e.ticket_id = t.ticket_id AND e.sequence = 1
             WHERE t.ticket_id = ANY($1::uuid[])`,
            [[...expected.keys()]],
          );
          found[name] = new Map(rows.map((row) => [row.ticket_id, row]));
        }
        const intake = await client.query<{ ticket_id: string; requester_email: string }>(
          `SELECT ticket_id, requester_email FROM ${product.schemaOf('intake')}.requester_tickets
           WHERE ticket_id = ANY($1::uuid[])`,
          [[...expected.keys()]],
        );
        found['intake'] = new Map(intake.rows.map((row) => [row.ticket_id, row]));
        return found;
      });
      expect(shown).toEqual({
        ...Object.fromEntries(
          TIER_READ_MODELS.map(({ name }) => [
            name,
            new Map(
              [...expected].map(([ticketId, phone]) => [
                ticketId,
                {
                  ticket_id: ticketId,
                  requester_name: requester.name,
                  requester_email: requester.email,
                  requester_phone: phone,
                  submitted: { ...requester, phone },
                },
              ]),
            ),
          ]),
        ),
        intake: new Map(
          [...expected.keys()].map((ticketId) => [
            ticketId,
            { ticket_id: ticketId, requester_email: requester.email },
          ]),
        ),
      });
      const l1 = await technicianToken(product, { id: 'l1-ada', level: 'L1' });
      const oldAtLevel1 = await call('GET', product.url('triage', `/api/v1/tickets/${old}`), {
        token: l1,
      });
      expect(oldAtLevel1.body).toMatchObject({
        requester: { ...requester, phone: null },
        assignee: 'l1-ada',
        timeline: [
          { type: 'TicketSubmitted' },
          { type: 'TicketPrioritized' },
          { type: 'TicketTaken' },
        ],
      });
      await expectConsistent(product, { brokers, tickets: [...accepted, old] });
    }, 180_000);

    it('holds a version 3 from a newer producer in the dead letters, naming the version, never guessing, and the partition moves on', async () => {
      const [ticket] = (await submit(1)) as [string];
      await untilSettled(product);
      // A ticket whose TicketSubmitted a producer deployed before the consumers wrote in a
      // version 3 shape, on the partition of `ticket`.
      const ahead = aTicketSubmitted({ ticketId: await aTicketIdOn(await partitionOf(ticket)) });
      const submittedV3 = {
        ...ahead,
        schemaVersion: 3,
        data: {
          ...ahead.data,
          requester: { ...ahead.data.requester, phones: ['+44 20 7946 0958'] },
        },
      };
      await produce(brokers, product.topic, [
        { key: ahead.ticketId, value: JSON.stringify(submittedV3) },
      ]);
      // The ticket's next event comes after it on the same partition.
      await takeAtLevel1(ticket);
      await untilSettled(product);

      const reason = 'TicketSubmitted@3 is newer than this consumer knows (2)';
      for (const name of SERVICE_NAMES) {
        const letters = await deadLettersOf(name, [ahead.ticketId]);
        expect({ service: name, reasons: letters.map((letter) => letter.reason) }).toEqual({
          service: name,
          reasons: [reason],
        });
        const replay = await internal(name, 'dead-letters/replay', {
          ids: letters.map((letter) => letter.id),
        });
        expect(replay.body.stillDead).toEqual(letters.map(({ id }) => ({ id, reason })));
      }
      // Not taken for anything: no service knows the ticket.
      const versions = await product.query(async (client) => {
        const found: Record<string, number | undefined> = {};
        for (const name of SERVICE_NAMES) {
          const { rows } = await client.query<{ last_sequence: number }>(
            `SELECT last_sequence FROM ${product.schemaOf(name)}.projection_ticket_versions
             WHERE ticket_id = $1`,
            [ahead.ticketId],
          );
          found[name] = rows[0]?.last_sequence;
        }
        return found;
      });
      expect(versions).toEqual(Object.fromEntries(SERVICE_NAMES.map((name) => [name, undefined])));
      await expectConsistent(product, { brokers, tickets: accepted });
    }, 180_000);
  });
});

/** An event as a service would stamp it, for the test to put on the log itself. */
function eventOf<Type extends TicketEventType>(
  ticketId: string,
  sequence: number,
  actor: Actor,
  draft: TicketEventDraft<Type>,
): TicketEvent {
  return stampTicketEvent(draft, {
    eventId: randomUUID(),
    ticketId,
    sequence,
    occurredAt: new Date().toISOString(),
    producer: actor.kind === 'technician' ? 'triage' : 'intake',
    correlationId: ticketId,
    causationId: null,
    actor,
  });
}
