import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TicketEvent } from '@helpdesk/ticket-events';
import { aTicketHistory, uniqueName, waitFor } from '@helpdesk/testing';
import { PostgresEventLog, PostgresEventLogConfig, RecordBatch } from '../src';
import { describeEventLogContract } from './event-log.contract';
import { connectDescribedLog } from './support/connect-described-log';
import { ChildLogDescription, LogUnderTest } from './support/log-under-test';

function databaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is set by the jest global setup');
  return url;
}

async function admin<T>(statement: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await statement(client);
  } finally {
    await client.end();
  }
}

function describeLog(connectionString: string, partitions: number): ChildLogDescription {
  return {
    adapter: 'postgres',
    connectionString,
    schema: uniqueName('log').replace('-', '_'),
    partitions,
  };
}

const postgresLog: LogUnderTest = {
  async newLog(partitions) {
    const description = describeLog(databaseUrl(), partitions);
    return {
      description,
      connect: () => connectDescribedLog(description, 'test'),
    };
  },

  // The log in a database of its own, which the test closes to connections (and kicks out the
  // ones open) while the outbox's database stays up.
  async newInterruptibleLog(partitions) {
    const database = uniqueName('log_db').replace('-', '_');
    await admin((client) => client.query(`CREATE DATABASE ${database}`));
    const url = new URL(databaseUrl());
    url.pathname = `/${database}`;
    const description = describeLog(url.toString(), partitions);
    return {
      description,
      connect: () => connectDescribedLog(description, 'test'),
      takeDown: () =>
        admin(async (client) => {
          await client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
          await client.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
            [database],
          );
        }),
      bringBack: () =>
        admin(async (client) => {
          await client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
        }),
      dispose: () =>
        admin(async (client) => {
          await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        }),
    };
  },
};

describeEventLogContract('PostgreSQL', () => postgresLog);

describe('PostgreSQL event log', () => {
  const cleanups: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  /** A new log in a schema of its own, dropped after the test. */
  async function newLog(
    settings: Partial<PostgresEventLogConfig> = {},
  ): Promise<{ log: PostgresEventLog; schema: string; connect: () => PostgresEventLog }> {
    const schema = uniqueName('log').replace('-', '_');
    cleanups.push(() => admin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)));
    const connect = () => {
      const log = new PostgresEventLog({
        connectionString: databaseUrl(),
        schema,
        partitions: 4,
        ...settings,
      });
      cleanups.push(() => log.close());
      return log;
    };
    const log = connect();
    await log.ensureCreated();
    return { log, schema, connect };
  }

  /** Consumes the whole log from its start, keeping every event read in `read`. */
  async function readAll(log: PostgresEventLog, groupId = uniqueName('reader')) {
    const read: TicketEvent[] = [];
    const consumer = await log.consume({
      groupId,
      resumeFrom: async () => undefined,
      handleBatch: async (batches: readonly RecordBatch[]) => {
        for (const record of batches.flatMap((batch) => batch.records)) {
          read.push(JSON.parse(record.value) as TicketEvent);
        }
      },
    });
    // Stopping twice is harmless: the test may stop it before the cleanup does.
    cleanups.push(() => consumer.stop());
    return { read, consumer };
  }

  it('keeps the partition count it was created with', async () => {
    const schema = uniqueName('log').replace('-', '_');
    const first = new PostgresEventLog({ connectionString: databaseUrl(), schema, partitions: 3 });
    const second = new PostgresEventLog({ connectionString: databaseUrl(), schema, partitions: 9 });
    try {
      await first.ensureCreated();
      await second.ensureCreated();
      expect(await second.partitionRanges()).toHaveLength(3);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("writes one process's concurrent appends in fewer transactions, every ticket in order and without a gap", async () => {
    const { log, schema } = await newLog();
    // 25 tickets of 15 events, each written by a producer of its own in 8 calls of 1 to 3
    // events, all producers at once: 200 calls. Half the producers wait for each call before
    // the next (like an outbox relay); the others only wait for their next turn on the event
    // loop, so their calls are still in flight when the next ones come.
    const sizes = [1, 2, 3, 1, 2, 3, 1, 2];
    const tickets = Array.from({ length: 25 }, () => aTicketHistory(randomUUID(), 15));
    let calls = 0;
    await Promise.all(
      tickets.map(async (history, producer) => {
        const inFlight: Promise<void>[] = [];
        let next = 0;
        for (const size of sizes) {
          const appending = log.append(history.slice(next, next + size));
          next += size;
          calls++;
          if (producer % 2 === 0) await appending;
          else {
            inFlight.push(appending);
            await new Promise(setImmediate);
          }
        }
        await Promise.all(inFlight);
      }),
    );
    expect(calls).toBe(200);

    const { read } = await readAll(log);
    await waitFor(() => read.length >= 25 * 15, {
      description: 'all 375 events to be read',
      timeoutMs: 30_000,
    });
    expect(read).toHaveLength(25 * 15);
    for (const history of tickets) {
      const ticketId = history[0]!.ticketId;
      expect(
        read.filter((event) => event.ticketId === ticketId).map((event) => event.eventId),
      ).toEqual(history.map((event) => event.eventId));
    }
    // Every transaction has an id of its own: the rows' xmin counts the transactions that wrote them.
    const [{ transactions }] = await admin(async (client) => {
      const { rows } = await client.query<{ transactions: number }>(
        `SELECT count(DISTINCT xmin::text)::int AS transactions FROM ${schema}.events`,
      );
      return rows as [{ transactions: number }];
    });
    expect(transactions).toBeGreaterThan(1);
    expect(transactions).toBeLessThan(calls / 4);
  });

  it('rejects every call of a group whose transaction fails, and writes none of their events', async () => {
    const { log, schema } = await newLog();
    // The appends of every process take turns on this lock: hold it, so that the group waits.
    const holder = new Client({ connectionString: databaseUrl() });
    await holder.connect();
    cleanups.push(() => holder.end());
    const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
      .rows[0]!.pid;
    await holder.query('SELECT pg_advisory_lock(hashtext($1))', [`event-log-append:${schema}`]);

    const histories = Array.from({ length: 3 }, () => aTicketHistory(randomUUID(), 2));
    const calls = histories.map((history) => log.append(history));
    const waiting = async () =>
      admin(async (client) => {
        const { rows } = await client.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [holderPid],
        );
        return rows.map((row) => row.pid);
      });
    await waitFor(async () => (await waiting()).length === 1, {
      description: 'the group to wait for the append lock',
    });
    // The database fails the group's transaction: its connection is cut.
    await admin((client) =>
      client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
        [holderPid],
      ),
    );
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);

    await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [`event-log-append:${schema}`]);
    const later = aTicketHistory(randomUUID(), 2);
    await log.append(later);
    const { read } = await readAll(log);
    await waitFor(() => read.length >= 2, { description: 'the later append to be read' });
    expect(read.map((event) => event.eventId)).toEqual(later.map((event) => event.eventId));
  });

  it('does not write its heartbeat at every wake-up', async () => {
    const { log, schema } = await newLog({ sessionTimeoutMs: 30_000, pollIntervalMs: 20 });
    const groupId = uniqueName('heartbeat');
    const { read } = await readAll(log, groupId);
    const heartbeats = () =>
      admin(async (client) => {
        const { rows } = await client.query<{ heartbeat_at: string }>(
          `SELECT heartbeat_at::text FROM ${schema}.group_members WHERE group_id = $1`,
          [groupId],
        );
        return rows.map((row) => row.heartbeat_at);
      });
    await waitFor(async () => (await heartbeats()).length === 1, {
      description: 'the member to write its first heartbeat',
    });
    const first = await heartbeats();

    // Every append wakes the member, which also polls every 20 ms.
    const history = aTicketHistory(randomUUID(), 10);
    for (const [index, event] of history.entries()) {
      await log.append([event]);
      await waitFor(() => read.length === index + 1, { description: `event ${index + 1} read` });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await heartbeats()).toEqual(first);
  });

  it('renews its heartbeat about three times per session timeout, so the group never loses it', async () => {
    const sessionTimeoutMs = 1_500;
    const { log, schema } = await newLog({ sessionTimeoutMs, pollIntervalMs: 20 });
    const groupId = uniqueName('heartbeat');
    await readAll(log, groupId);
    const samples: { heartbeat_at: string; age_ms: number }[] = [];
    const sample = () =>
      admin(async (client) => {
        const { rows } = await client.query<{ heartbeat_at: string; age_ms: number }>(
          `SELECT heartbeat_at::text, (extract(epoch FROM clock_timestamp() - heartbeat_at) * 1000)::float8 AS age_ms
           FROM ${schema}.group_members WHERE group_id = $1`,
          [groupId],
        );
        samples.push(...rows);
      });
    await waitFor(
      async () => {
        await sample();
        return samples.length > 0;
      },
      {
        description: 'the member to write its first heartbeat',
      },
    );
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sample();
    }

    const written = new Set(samples.map((row) => row.heartbeat_at)).size;
    expect(written).toBeGreaterThanOrEqual(3);
    // Written at every round (every 20 ms), each sample would see another one.
    expect(written).toBeLessThanOrEqual(12);
    expect(Math.max(...samples.map((row) => row.age_ms))).toBeLessThan(sessionTimeoutMs);
  });

  it('hands partitions over as soon as a member joins or leaves, not at the next heartbeat', async () => {
    // Heartbeats every 10 s, and no polling: only notifications move the members.
    const settings = { sessionTimeoutMs: 30_000, pollIntervalMs: 60_000 };
    const { connect } = await newLog(settings);
    const producer = connect();
    const groupId = uniqueName('handover');
    const tickets = () => Array.from({ length: 40 }, () => aTicketHistory(randomUUID(), 1)).flat();
    const idsOf = (events: readonly TicketEvent[]) => events.map((event) => event.eventId).sort();

    const first = await readAll(connect(), groupId);
    const before = tickets();
    await producer.append(before);
    await waitFor(() => first.read.length === before.length, {
      description: 'the first member to read every partition',
    });

    // The second member starts from the beginning of the log: once it has read something, it
    // has joined, and the first has been told.
    const second = await readAll(connect(), groupId);
    await waitFor(() => second.read.length > 0, { description: 'the second member to join' });
    const shared = tickets();
    await producer.append(shared);
    const sharedIds = new Set(shared.map((event) => event.eventId));
    const readBy = (member: { read: TicketEvent[] }) =>
      member.read.filter((event) => sharedIds.has(event.eventId));
    await waitFor(() => readBy(first).length + readBy(second).length >= shared.length, {
      description: 'the two members to read the shared events together',
    });
    expect(idsOf([...readBy(first), ...readBy(second)])).toEqual(idsOf(shared));
    expect(readBy(first).length).toBeGreaterThan(0);
    expect(readBy(second).length).toBeGreaterThan(0);

    await second.consumer.stop();
    const after = tickets();
    await producer.append(after);
    const afterIds = new Set(after.map((event) => event.eventId));
    await waitFor(
      () => first.read.filter((event) => afterIds.has(event.eventId)).length === after.length,
      {
        description: "the first member to take the leaver's partitions back",
        timeoutMs: 5_000,
      },
    );
  });
});
