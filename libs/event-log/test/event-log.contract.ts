import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import {
  aTicketEvent,
  aTicketHistory,
  aTicketSubmitted,
  createTestSchema,
  uniqueName,
  waitFor,
} from '@helpdesk/testing';
import { DeadLetterReplay, EventLog, OutboxRelay, OutboxWriter, ProjectionRunner } from '../src';
import { LogUnderTest } from './support/log-under-test';
import { openReadModelDatabase, snapshot } from './support/read-model-database';
import { TicketSummaryProjection, UNAPPLIABLE_SUMMARY } from './support/ticket-summary-projection';

/**
 * The promises every log adapter keeps, run against a real broker or a real database.
 * Every test gets its own log and its own read-model schema.
 */
export function describeEventLogContract(adapter: string, setUp: () => LogUnderTest): void {
  describe(`${adapter} event log contract`, () => {
    const databaseUrl = () => {
      const url = process.env['DATABASE_URL'];
      if (!url) throw new Error('DATABASE_URL is set by the jest global setup');
      return url;
    };
    let underTest: LogUnderTest;
    const cleanups: (() => Promise<unknown>)[] = [];
    const later = <T>(cleanup: () => Promise<unknown>, value: T): T => {
      cleanups.push(cleanup);
      return value;
    };

    beforeAll(() => {
      underTest = setUp();
    });

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    });

    async function newLog(partitions: number) {
      const connection = await underTest.newLog(partitions);
      const connect = (): EventLog => {
        const log = connection.connect();
        return later(() => log.close(), log);
      };
      await connect().ensureCreated();
      return { connection, connect };
    }

    async function newReadModel() {
      const { schema, drop } = await createTestSchema(databaseUrl());
      cleanups.push(drop);
      const dataSource = await openReadModelDatabase(databaseUrl(), schema);
      return { schema, dataSource: later(() => dataSource.destroy(), dataSource) };
    }

    function newRunner(
      log: EventLog,
      readModel: { schema: string; dataSource: DataSource },
      options: {
        projection?: string;
        consumer?: string;
        logs?: string[];
        afterApply?: (event: TicketEvent) => void;
      } = {},
    ): ProjectionRunner {
      const projection = options.projection ?? 'test.summaries.v1';
      const runner = new ProjectionRunner({
        log,
        dataSource: readModel.dataSource,
        schema: readModel.schema,
        projection: new TicketSummaryProjection(
          projection,
          readModel.schema,
          options.consumer,
          options.afterApply,
        ),
        progressIntervalMs: 20,
        logger: {
          log: (line) => options.logs?.push(line),
          warn: (line) => options.logs?.push(line),
          error: (line) => options.logs?.push(line),
        },
      });
      return later(() => runner.stop(), runner);
    }

    async function appliedCounts(readModel: { schema: string; dataSource: DataSource }) {
      const rows: { event_id: string; times: string }[] = await readModel.dataSource.query(
        `SELECT event_id, count(*) AS times FROM "${readModel.schema}".applied_events GROUP BY event_id`,
      );
      return new Map(rows.map((row) => [row.event_id, Number(row.times)]));
    }

    async function ticketVersion(
      readModel: { schema: string; dataSource: DataSource },
      ticketId: string,
    ): Promise<number | undefined> {
      const rows: { last_sequence: number }[] = await readModel.dataSource.query(
        `SELECT last_sequence FROM "${readModel.schema}".projection_ticket_versions WHERE ticket_id = $1`,
        [ticketId],
      );
      return rows[0]?.last_sequence;
    }

    const nothingReplayed: DeadLetterReplay = {
      applied: [],
      alreadyApplied: [],
      stillDead: [],
      alreadyResolved: [],
      notFound: [],
    };

    it("keeps each ticket's order when several producers append concurrently", async () => {
      const { connect } = await newLog(4);
      const producers = [connect(), connect(), connect()];
      const tickets = Array.from({ length: 12 }, () => aTicketHistory(crypto.randomUUID(), 8));

      // Like tiers handing a ticket over: each event of a ticket may come from another producer,
      // and every ticket is written at the same time as the others.
      await Promise.all(
        tickets.map(async (history, index) => {
          for (let next = 0; next < history.length;) {
            const take = (index + next) % 3 === 0 ? 2 : 1;
            await producers[(index + next) % producers.length]!.append(
              history.slice(next, next + take),
            );
            next += take;
          }
        }),
      );

      const seen = new Map<string, number[]>();
      const consumer = await connect().consume({
        groupId: uniqueName('order'),
        resumeFrom: async () => undefined,
        handleBatch: async (batches) => {
          for (const record of batches.flatMap((batch) => batch.records)) {
            const event = JSON.parse(record.value) as TicketEvent;
            seen.set(event.ticketId, [...(seen.get(event.ticketId) ?? []), event.sequence]);
          }
        },
      });
      later(() => consumer.stop(), consumer);

      await waitFor(() => [...seen.values()].flat().length === 12 * 8, {
        description: 'all 96 events to be consumed',
        timeoutMs: 30_000,
      });
      for (const history of tickets) {
        expect(seen.get(history[0]!.ticketId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      }
    });

    it('applies a redelivered event once: every event appended twice, read model changed once', async () => {
      const { connect } = await newLog(3);
      const log = connect();
      const readModel = await newReadModel();
      const histories = Array.from({ length: 10 }, () => aTicketHistory(crypto.randomUUID(), 4));
      for (const history of histories) await log.append([...history, ...history]);

      const runner = newRunner(log, readModel);
      await runner.start();
      await runner.waitUntilCaughtUp();

      const counts = await appliedCounts(readModel);
      expect(counts.size).toBe(40);
      expect([...counts.values()].every((times) => times === 1)).toBe(true);
      expect(runner.counts).toMatchObject({ applied: 40, skippedDuplicates: 40, deadLettered: 0 });
    });

    it('gives an event again to the next consumer when the first was killed between applying and committing', async () => {
      const { connection, connect } = await newLog(2);
      const log = connect();
      const readModel = await newReadModel();
      const history = aTicketHistory(crypto.randomUUID(), 5);
      const victim = history[2]!;
      await log.append(history);
      const projection = uniqueName('killed');

      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', join(__dirname, 'support', 'crashing-consumer.ts')],
        {
          env: {
            ...process.env,
            SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json'),
            CRASHING_CONSUMER: JSON.stringify({
              databaseUrl: databaseUrl(),
              schema: readModel.schema,
              projection,
              pauseAfterEventId: victim.eventId,
              log: connection.description,
            }),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      later(async () => child.kill('SIGKILL'), child);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(() => output.includes('applied-not-committed'), {
        description: `the child consumer to apply event 3 (output so far: ${output})`,
        timeoutMs: 60_000,
      });
      child.kill('SIGKILL');

      const runner = newRunner(log, readModel, { projection, consumer: 'survivor' });
      await runner.start();
      await waitFor(async () => (await appliedCounts(readModel)).size === 5, {
        description: 'the survivor to apply the whole history',
        timeoutMs: 60_000,
      });

      const applied: { sequence: number; consumer: string }[] = await readModel.dataSource.query(
        `SELECT sequence, consumer FROM "${readModel.schema}".applied_events ORDER BY sequence`,
      );
      expect(applied).toEqual(
        [1, 2, 3, 4, 5].map((sequence) => ({ sequence, consumer: 'survivor' })),
      );
    });

    it('splits the partitions between two consumers of one group, which together apply every event once', async () => {
      const { connect } = await newLog(4);
      const readModel = await newReadModel();
      const first = newRunner(connect(), readModel, { consumer: 'first' });
      const second = newRunner(connect(), readModel, { consumer: 'second' });
      await first.start();
      await second.start();

      const log = connect();
      const histories = Array.from({ length: 40 }, () => aTicketHistory(crypto.randomUUID(), 3));
      for (let i = 0; i < histories.length; i += 10) {
        await log.append(histories.slice(i, i + 10).flat());
      }

      await waitFor(async () => (await appliedCounts(readModel)).size === 120, {
        description: 'both consumers together to apply all 120 events',
        timeoutMs: 60_000,
      });
      const counts = await appliedCounts(readModel);
      expect([...counts.values()].every((times) => times === 1)).toBe(true);

      const byConsumer: { consumer: string; tickets: string }[] = await readModel.dataSource.query(
        `SELECT consumer, count(DISTINCT ticket_id) AS tickets FROM "${readModel.schema}".applied_events GROUP BY consumer`,
      );
      expect(byConsumer.map((row) => row.consumer).sort()).toEqual(['first', 'second']);
      // A ticket lives in one partition, so it is applied by exactly one of them.
      const split: { tickets: string }[] = await readModel.dataSource.query(
        `SELECT count(*) AS tickets FROM (SELECT ticket_id FROM "${readModel.schema}".applied_events
           GROUP BY ticket_id HAVING count(DISTINCT consumer) > 1) shared`,
      );
      expect(Number(split[0]!.tickets)).toBe(0);
    });

    it('sends a poison event to the dead letters with the reason and still applies the next one', async () => {
      const { connect } = await newLog(1);
      const log = connect();
      const readModel = await newReadModel();
      const healthy = aTicketSubmitted();
      const malformed = aTicketSubmitted();
      const unappliable = aTicketSubmitted({ summary: UNAPPLIABLE_SUMMARY });
      const broken = {
        ...malformed,
        data: {
          ...malformed.data,
          requester: { name: 'Eve', email: 'not-an-address', phone: null },
        },
      } as TicketEvent;
      const next = aTicketEvent(
        { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'high', priority: 'P1' } },
        healthy.ticketId,
        2,
      );
      await log.append([healthy, broken, unappliable, next]);

      const runner = newRunner(log, readModel);
      await runner.start();
      await runner.waitUntilCaughtUp();

      const { summaries } = await snapshot(readModel.dataSource, readModel.schema);
      expect(summaries).toEqual([
        { ticket_id: healthy.ticketId, summary: healthy.data.summary, priority: 'P1', events: 2 },
      ]);
      const letters = await log.readDeadLetters();
      expect(letters.map((letter) => letter.key)).toEqual([broken.ticketId, unappliable.ticketId]);
      expect(letters[0]!.reason).toMatch(/TicketSubmitted@2 data: requester\.email/);
      expect(letters[1]!.reason).toMatch(/unappliable: summary refused/);
      expect(letters[0]!.groupId).toBe('test.summaries.v1');
      expect(runner.counts.deadLettered).toBe(2);
    });

    it('replays a dead letter once the fix is deployed: applied once, resolved, a second replay changes nothing', async () => {
      const { connect } = await newLog(2);
      const log = connect();
      const readModel = await newReadModel();
      const submitted = aTicketSubmitted();
      const ticketId = submitted.ticketId;
      const prioritized = aTicketEvent(
        { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'high', priority: 'P1' } },
        ticketId,
        2,
      );
      const taken = aTicketEvent(
        { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-1' } },
        ticketId,
        3,
      );
      let fixDeployed = false;
      const runner = newRunner(log, readModel, {
        afterApply: (event) => {
          if (event.eventId === prioritized.eventId && !fixDeployed) {
            throw new Error('the priority handler has a bug');
          }
        },
      });
      await log.append([submitted, prioritized, taken]);
      await runner.start();
      await runner.waitUntilCaughtUp();

      // The poison event, and the ticket's next event behind it (a gap now).
      const listed = await runner.listDeadLetters();
      expect(listed).toMatchObject({ projection: 'test.summaries.v1', count: 2 });
      const [poison, gap] = listed.deadLetters;
      const bug = 'apply failed: the priority handler has a bug';
      const gapReason = `sequence gap on ticket ${ticketId}: expected 2, got 3`;
      expect(poison).toMatchObject({ groupId: 'test.summaries.v1', key: ticketId, reason: bug });
      expect(gap).toMatchObject({ groupId: 'test.summaries.v1', key: ticketId, reason: gapReason });
      expect(gap!.partition).toBe(poison!.partition);
      expect(gap!.position).toBeGreaterThan(poison!.position);
      expect(new Date(poison!.failedAt).getTime()).not.toBeNaN();
      expect(poison!.resolvedAt).toBeUndefined();
      expect(await log.readDeadLetters()).toHaveLength(2);

      // Before the fix, a replay changes nothing but the letters' reasons and replay counts.
      expect(await runner.replayDeadLetters()).toEqual({
        ...nothingReplayed,
        stillDead: [
          { id: poison!.id, reason: bug },
          { id: gap!.id, reason: gapReason },
        ],
      });
      expect(await ticketVersion(readModel, ticketId)).toBe(1);

      fixDeployed = true;
      expect(await runner.replayDeadLetters()).toEqual({
        ...nothingReplayed,
        applied: [poison!.id, gap!.id],
      });
      const replayed = await snapshot(readModel.dataSource, readModel.schema);
      expect(replayed.summaries).toEqual([
        { ticket_id: ticketId, summary: submitted.data.summary, priority: 'P1', events: 3 },
      ]);
      const counts = await appliedCounts(readModel);
      expect(counts.size).toBe(3);
      expect([...counts.values()].every((times) => times === 1)).toBe(true);
      expect(await ticketVersion(readModel, ticketId)).toBe(3);
      expect(await runner.listDeadLetters()).toMatchObject({ count: 0, deadLetters: [] });
      const audit = await runner.listDeadLetters({ includeResolved: true });
      expect(audit.deadLetters).toMatchObject([
        { id: poison!.id, resolution: 'applied', replays: 2 },
        { id: gap!.id, resolution: 'applied', replays: 2 },
      ]);
      expect(audit.deadLetters.every((letter) => letter.resolvedAt !== undefined)).toBe(true);

      // Twice is once.
      expect(await runner.replayDeadLetters()).toEqual(nothingReplayed);
      expect(await runner.replayDeadLetters([poison!.id, 424242])).toEqual({
        ...nothingReplayed,
        alreadyResolved: [poison!.id],
        notFound: [424242],
      });
      expect(await snapshot(readModel.dataSource, readModel.schema)).toEqual(replayed);
      expect(await ticketVersion(readModel, ticketId)).toBe(3);
    });

    it('keeps a sequence-gap letter dead on replay until the missing event is applied, then replays it and the letters behind it', async () => {
      const { connect } = await newLog(2);
      const log = connect();
      const readModel = await newReadModel();
      const ticketId = crypto.randomUUID();
      const [first, second, third, fourth] = aTicketHistory(ticketId, 4);
      await log.append([first!, third!]);
      const runner = newRunner(log, readModel);
      await runner.start();
      await runner.waitUntilCaughtUp();

      const [gap] = (await runner.listDeadLetters()).deadLetters;
      expect(gap!.reason).toBe(`sequence gap on ticket ${ticketId}: expected 2, got 3`);
      expect(await runner.replayDeadLetters()).toEqual({
        ...nothingReplayed,
        stillDead: [{ id: gap!.id, reason: gap!.reason }],
      });
      expect(await ticketVersion(readModel, ticketId)).toBe(1);

      // The late event arrives and is applied; the ticket's next one follows the third into
      // the dead letters, since the third is still missing from the read model.
      await log.append([second!, fourth!]);
      await runner.waitUntilCaughtUp();
      expect(await ticketVersion(readModel, ticketId)).toBe(2);
      const open = await runner.listDeadLetters();
      expect(open.count).toBe(2);
      const behind = open.deadLetters[1]!;
      expect(behind.reason).toBe(`sequence gap on ticket ${ticketId}: expected 3, got 4`);

      expect(await runner.replayDeadLetters()).toEqual({
        ...nothingReplayed,
        applied: [gap!.id, behind.id],
      });
      expect(await ticketVersion(readModel, ticketId)).toBe(4);
      const counts = await appliedCounts(readModel);
      expect(counts.size).toBe(4);
      expect([...counts.values()].every((times) => times === 1)).toBe(true);
      expect(await runner.replayDeadLetters()).toEqual(nothingReplayed);
    });

    it('resolves a dead letter whose event was applied meanwhile as already applied, without applying it again', async () => {
      const { connect } = await newLog(1);
      const log = connect();
      const readModel = await newReadModel();
      const ticketId = crypto.randomUUID();
      const [first, second, third] = aTicketHistory(ticketId, 3);
      await log.append([first!, third!]);
      const runner = newRunner(log, readModel);
      await runner.start();
      await runner.waitUntilCaughtUp();
      const [gap] = (await runner.listDeadLetters()).deadLetters;

      // The producer sends the second and third again: both apply from the log.
      await log.append([second!, third!]);
      await runner.waitUntilCaughtUp();
      expect(await ticketVersion(readModel, ticketId)).toBe(3);

      expect(await runner.replayDeadLetters([gap!.id])).toEqual({
        ...nothingReplayed,
        alreadyApplied: [gap!.id],
      });
      expect((await runner.listDeadLetters({ includeResolved: true })).deadLetters).toMatchObject([
        { id: gap!.id, resolution: 'duplicate' },
      ]);
      const counts = await appliedCounts(readModel);
      expect(counts.size).toBe(3);
      expect([...counts.values()].every((times) => times === 1)).toBe(true);
    });

    it('keeps resolved letters through a rebuild and records again, once, the events that still fail', async () => {
      const { connect } = await newLog(2);
      const log = connect();
      const readModel = await newReadModel();
      const submitted = aTicketSubmitted();
      const prioritized = aTicketEvent(
        { type: 'TicketPrioritized', data: { impact: 'low', urgency: 'low', priority: 'P4' } },
        submitted.ticketId,
        2,
      );
      const refused = aTicketSubmitted({ summary: UNAPPLIABLE_SUMMARY });
      let fixDeployed = false;
      const runner = newRunner(log, readModel, {
        afterApply: (event) => {
          if (event.eventId === prioritized.eventId && !fixDeployed) throw new Error('a bug');
        },
      });
      await log.append([submitted, prioritized, refused]);
      await runner.start();
      await runner.waitUntilCaughtUp();
      // Two partitions: the letters are listed in the order the partitions happened to run.
      const letters = (await runner.listDeadLetters()).deadLetters;
      const poison = letters.find((letter) => letter.key === submitted.ticketId);
      const unappliable = letters.find((letter) => letter.key === refused.ticketId);
      fixDeployed = true;
      await runner.replayDeadLetters([poison!.id]);
      const live = await snapshot(readModel.dataSource, readModel.schema);

      await runner.rebuildFromStart();
      await waitFor(async () => (await runner.status()).state === 'running', {
        description: 'the rebuild to finish',
        timeoutMs: 60_000,
      });

      expect(await snapshot(readModel.dataSource, readModel.schema)).toEqual(live);
      const open = await runner.listDeadLetters();
      expect(open.count).toBe(1);
      expect(open.deadLetters[0]).toMatchObject({
        key: refused.ticketId,
        position: unappliable!.position,
        reason: unappliable!.reason,
        replays: 0,
      });
      const audit = await runner.listDeadLetters({ includeResolved: true });
      expect(audit.count).toBe(2);
      expect(audit.deadLetters).toContainEqual(
        expect.objectContaining({ id: poison!.id, resolution: 'applied' }),
      );
    });

    it('rebuilds a read model from the log, row for row identical, showing progress', async () => {
      const { connect } = await newLog(3);
      const log = connect();
      const readModel = await newReadModel();
      const histories = Array.from({ length: 60 }, () => aTicketHistory(crypto.randomUUID(), 5));
      await log.append(histories.flat());
      const logs: string[] = [];
      const runner = newRunner(log, readModel, { logs });
      await runner.start();
      await runner.waitUntilCaughtUp();
      const live = await snapshot(readModel.dataSource, readModel.schema);
      expect(live.applied).toHaveLength(300);

      await runner.rebuildFromStart();
      const progress: number[] = [];
      await waitFor(
        async () => {
          const status = await runner.status();
          if (status.rebuildPercent !== undefined) progress.push(status.rebuildPercent);
          return status.state === 'running' && status.caughtUp;
        },
        { description: 'the rebuild to finish', timeoutMs: 60_000, intervalMs: 5 },
      );

      expect(await snapshot(readModel.dataSource, readModel.schema)).toEqual(live);
      expect(progress.length).toBeGreaterThan(0);
      expect(
        logs.some((line) => /rebuilding from the start of the log \(\d+ positions\)/.test(line)),
      ).toBe(true);
      expect(logs.some((line) => /rebuild complete/.test(line))).toBe(true);
    });

    it('starts reading once the checkpoints can be read, when the database was down as the consumer joined', async () => {
      const { connect } = await newLog(2);
      const log = connect();
      const histories = Array.from({ length: 6 }, () => aTicketHistory(crypto.randomUUID(), 2));
      await log.append(histories.flat());
      const unreachableUntil = Date.now() + 3_000;
      let refused = 0;
      const read: string[] = [];
      const consumer = await log.consume({
        groupId: uniqueName('checkpoints-unreachable'),
        resumeFrom: async () => {
          if (Date.now() < unreachableUntil) {
            refused++;
            throw new Error('connect ECONNREFUSED (the read model database)');
          }
          return undefined;
        },
        handleBatch: async (batches) => {
          read.push(...batches.flatMap((batch) => batch.records.map((record) => record.value)));
        },
        onError: () => undefined,
      });
      later(() => consumer.stop(), consumer);

      await waitFor(() => read.length >= 12, {
        description: 'the 12 events read once the checkpoints answer',
        timeoutMs: 60_000,
      });
      expect(refused).toBeGreaterThan(0);
      expect(new Set(read).size).toBe(12);
    });

    it('delivers every outbox event once after the log was down while commands were accepted', async () => {
      const interruptible = await underTest.newInterruptibleLog(2);
      later(() => interruptible.dispose(), interruptible);
      const relayLog = interruptible.connect();
      later(() => relayLog.close(), relayLog);
      await relayLog.ensureCreated();
      const readModel = await newReadModel();
      const relay = new OutboxRelay({
        connectionString: databaseUrl(),
        schema: readModel.schema,
        log: relayLog,
        pollIntervalMs: 100,
        maxBackoffMs: 500,
      });
      later(() => relay.stop(), relay);
      relay.start();

      await interruptible.takeDown();
      const writer = new OutboxWriter(readModel.schema);
      const histories = Array.from({ length: 25 }, () => aTicketHistory(crypto.randomUUID(), 2));
      for (const history of histories) {
        await readModel.dataSource.transaction((manager) => writer.add(manager, history));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await relay.backlog()).toBe(50);

      await interruptible.bringBack();
      await waitFor(async () => (await relay.backlog()) === 0, {
        description: 'the relay to publish the backlog once the log is back',
        timeoutMs: 90_000,
        intervalMs: 250,
      });

      // The log saw every event at least once (a send retried across the outage may land twice);
      // the read model applies each exactly once.
      const consumerLog = interruptible.connect();
      later(() => consumerLog.close(), consumerLog);
      const runner = newRunner(consumerLog, readModel);
      await runner.start();
      await waitFor(async () => (await appliedCounts(readModel)).size === 50, {
        description: 'the 50 outbox events applied from the log',
        timeoutMs: 60_000,
      });
      await runner.waitUntilCaughtUp();
      const counts = await appliedCounts(readModel);
      expect([...counts.keys()].sort()).toEqual(
        histories
          .flat()
          .map((event) => event.eventId)
          .sort(),
      );
      expect([...counts.values()].every((times) => times === 1)).toBe(true);
    });
  });
}
