import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { aTicketHistory, uniqueName, waitFor } from '@helpdesk/testing';
import {
  EventLog,
  OutboxPublishedMark1764000000011,
  OutboxRelay,
  OutboxTable1764000000001,
  OutboxWriter,
} from '../src';

function databaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is set by the jest global setup');
  return url;
}

/** A log that only appends, and refuses to while told to (a broker that is down). */
class RecordingLog {
  readonly appended: { event: TicketEvent; at: number }[] = [];
  refusing = false;
  refused = 0;

  async append(events: readonly TicketEvent[]): Promise<void> {
    await Promise.resolve();
    if (this.refusing) {
      this.refused++;
      throw new Error('connect ECONNREFUSED (the broker is down)');
    }
    const at = performance.now();
    this.appended.push(...events.map((event) => ({ event, at })));
  }

  asEventLog(): EventLog {
    return this as unknown as EventLog;
  }
}

describe('outbox relay', () => {
  const schema = uniqueName('outbox').replace(/-/g, '_');
  let dataSource: DataSource;
  const relays: OutboxRelay[] = [];

  function relayOf(
    log: RecordingLog,
    options: Partial<ConstructorParameters<typeof OutboxRelay>[0]>,
  ) {
    const relay = new OutboxRelay({
      connectionString: databaseUrl(),
      schema,
      log: log.asEventLog(),
      maxBackoffMs: 200,
      ...options,
    });
    relays.push(relay);
    relay.start();
    return relay;
  }

  /** Stores events in one transaction, the way a command does. */
  async function store(writer: OutboxWriter, events: readonly TicketEvent[]): Promise<void> {
    await dataSource.transaction((manager) => writer.add(manager, events));
    writer.committed();
  }

  async function rows(): Promise<{ id: string; published: boolean }[]> {
    return dataSource.query(
      `SELECT id, published_at IS NOT NULL AS published FROM "${schema}".outbox ORDER BY id`,
    );
  }

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl(),
      schema,
      migrationsTableName: 'migrations',
      migrations: [OutboxTable1764000000001, OutboxPublishedMark1764000000011],
      extra: { max: 30 },
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.runMigrations();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    // Each test starts from an empty outbox, all of it published.
    await dataSource.query(`TRUNCATE "${schema}".outbox_events`);
    await dataSource.query(
      `UPDATE "${schema}".outbox_published SET through_id = coalesce(
         (SELECT last_value FROM "${schema}".outbox_id_seq), 0)`,
    );
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
  });

  it('publishes a commit at once, not at its next poll', async () => {
    const pollIntervalMs = 10_000;
    const log = new RecordingLog();
    const writer = new OutboxWriter(schema);
    const relay = relayOf(log, { pollIntervalMs, writer });
    await waitFor(() => relay.isLeader, { description: 'the relay to lead' });
    // Let it finish its first (empty) round and fall asleep on its 10 s poll.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      const events = aTicketHistory(randomUUID(), 2);
      const committedAt = performance.now();
      await store(writer, events);
      await waitFor(() => log.appended.length === (round + 1) * 2, {
        description: 'the relay to publish the commit',
        intervalMs: 2,
      });
      delays.push(log.appended[log.appended.length - 1]!.at - committedAt);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Another process's writer (no in-process link): its NOTIFY wakes the relay.
    const elsewhere = new OutboxWriter(schema);
    const notifiedAt = performance.now();
    await dataSource.transaction((manager) =>
      elsewhere.add(manager, aTicketHistory(randomUUID(), 1)),
    );
    await waitFor(() => log.appended.length === 11, {
      description: 'the relay to publish a commit of another process',
      intervalMs: 2,
    });
    const notifiedDelay = log.appended[10]!.at - notifiedAt;

    // Each one well under a tenth of the poll interval (milliseconds, in practice).
    expect(Math.max(...delays, notifiedDelay)).toBeLessThan(pollIntervalMs / 10);
    expect(await relay.backlog()).toBe(0);
  });

  it('keeps the rows while the log refuses them, then publishes each once, in order', async () => {
    const log = new RecordingLog();
    log.refusing = true;
    const writer = new OutboxWriter(schema);
    const relay = relayOf(log, { pollIntervalMs: 100, writer });
    const histories = Array.from({ length: 10 }, () => aTicketHistory(randomUUID(), 3));
    for (const history of histories) await store(writer, history);

    await waitFor(() => log.refused >= 3, { description: 'the relay to try and be refused' });
    expect(await relay.backlog()).toBe(30);
    expect((await rows()).every((row) => !row.published)).toBe(true);

    log.refusing = false;
    await waitFor(async () => (await relay.backlog()) === 0, {
      description: 'the relay to publish once the log is back',
    });
    expect(log.appended.map(({ event }) => event.eventId)).toEqual(
      histories.flat().map((event) => event.eventId),
    );
    expect((await rows()).every((row) => row.published)).toBe(true);
  });

  it('never leaves behind a row that commits after a later one was published', async () => {
    const log = new RecordingLog();
    const writer = new OutboxWriter(schema);
    relayOf(log, { pollIntervalMs: 20, writer });
    const slow = aTicketHistory(randomUUID(), 2);
    const fast = aTicketHistory(randomUUID(), 2);

    // The slow writer takes the lower ids and holds its transaction open; the fast one stores
    // after it. Its rows must not reach the log (and move the mark) before the slow ones do.
    const open = dataSource.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    await writer.add(open.manager, slow);
    const fastCommitted = store(writer, fast);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(log.appended).toEqual([]);
    await open.commitTransaction();
    await open.release();
    await fastCommitted;
    writer.committed();

    await waitFor(() => log.appended.length >= 4, { description: 'both writers published' });
    expect(log.appended.map(({ event }) => event.eventId)).toEqual(
      [...slow, ...fast].map((event) => event.eventId),
    );
  });

  it('publishes every row of many concurrent writers once, each ticket in order', async () => {
    const log = new RecordingLog();
    const writer = new OutboxWriter(schema);
    relayOf(log, { pollIntervalMs: 20, writer });
    const histories = Array.from({ length: 40 }, () => aTicketHistory(randomUUID(), 2));
    await Promise.all(
      histories.map((history) =>
        dataSource.transaction(async (manager) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
          await writer.add(manager, history);
        }),
      ),
    );
    writer.committed();
    await waitFor(() => log.appended.length >= 80, { description: 'every event published' });

    const published = log.appended.map(({ event }) => event.eventId);
    expect(new Set(published).size).toBe(80);
    expect(published.length).toBe(80);
    for (const history of histories) {
      const positions = history.map((event) => published.indexOf(event.eventId));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('deletes the rows published longer ago than the retention, and only those', async () => {
    const log = new RecordingLog();
    const writer = new OutboxWriter(schema);
    relayOf(log, { pollIntervalMs: 50, writer, retentionMs: 300 });
    await store(writer, aTicketHistory(randomUUID(), 2));
    await waitFor(() => log.appended.length === 2, { description: 'the first ticket published' });
    log.refusing = true;
    await store(writer, aTicketHistory(randomUUID(), 2));

    await waitFor(async () => (await rows()).length === 2, {
      description: 'the published rows deleted after the retention',
      timeoutMs: 5_000,
    });
    expect(await rows()).toEqual([
      expect.objectContaining({ published: false }),
      expect.anything(),
    ]);
    expect((await rows()).some((row) => row.published)).toBe(false);
  });

  it('lets one relay of a schema publish at a time', async () => {
    const log = new RecordingLog();
    const writer = new OutboxWriter(schema);
    const first = relayOf(log, { pollIntervalMs: 50, writer });
    const second = relayOf(log, { pollIntervalMs: 50, writer });
    await waitFor(() => first.isLeader || second.isLeader, { description: 'a leader' });
    for (let ticket = 0; ticket < 5; ticket++) await store(writer, aTicketHistory(randomUUID(), 2));
    await waitFor(() => log.appended.length === 10, { description: 'every event published' });
    expect([first.isLeader, second.isLeader].filter(Boolean)).toHaveLength(1);
    expect(first.published + second.published).toBe(10);
  });
});
