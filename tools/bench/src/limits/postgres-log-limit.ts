import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { LogConsumer, PostgresEventLog, RecordBatch } from '@helpdesk/event-log';
import { TicketEvent } from '@helpdesk/ticket-events';
import { uniqueName } from '@helpdesk/testing';
import { LatencyRecorder } from '../latency';
import { ticketEvents } from '../payloads';
import { Progress, formatNumber, say, round } from '../progress';
import { LogLimitOptions, LogLimitResult } from './log-limit';

/** The relay's batch: what one append carries when the outbox has a backlog. */
const APPEND_BATCH = 500;

/**
 * The PostgreSQL log's limit: the product's own PostgresEventLog, no service around it, on a
 * log of its own (a scratch schema, the same partitions) in the product's database, carrying
 * the same events (TicketSubmitted + TicketPrioritized, keyed by ticket). Appends of 500 events
 * as the relay makes them with a backlog; a new consumer group reading everything from the
 * start; the latency at the end-to-end stage's rate.
 */
export async function measurePostgresLogLimit(
  databaseUrl: string,
  options: Omit<LogLimitOptions, 'brokers'>,
): Promise<LogLimitResult> {
  const schema = `bench_raw_log_${randomBytes(4).toString('hex')}`;
  const log = new PostgresEventLog({
    connectionString: databaseUrl,
    schema,
    partitions: options.partitions,
    // A consumer polls only when no NOTIFY came: as the services' consumers do.
    pollIntervalMs: 1_000,
  });
  try {
    await log.ensureCreated();
    const produceEventsPerSecond = await appendAll(log, options);
    const consumeEventsPerSecond = await consumeAll(log, options.events);
    const latencyAtRate = await latencyAt(log, options);
    return {
      client: 'PostgresEventLog',
      events: options.events,
      produceEventsPerSecond,
      consumeEventsPerSecond,
      latencyAtRate,
    };
  } finally {
    await log.close();
    await dropSchema(databaseUrl, schema);
  }
}

async function appendAll(
  log: PostgresEventLog,
  options: Omit<LogLimitOptions, 'brokers'>,
): Promise<number> {
  const events: TicketEvent[] = [];
  for (let n = 0; events.length < options.events; n++) {
    events.push(...ticketEvents(n, options.category, options.integratorId));
  }
  const progress = new Progress('log limit: append', events.length, 'events');
  const startedAt = performance.now();
  for (let from = 0; from < events.length; from += APPEND_BATCH) {
    await log.append(events.slice(from, from + APPEND_BATCH));
    progress.set(Math.min(events.length, from + APPEND_BATCH));
  }
  const rate = round(events.length / ((performance.now() - startedAt) / 1000));
  progress.finish(`${formatNumber(rate)} events/s`);
  return rate;
}

async function consumeAll(log: PostgresEventLog, events: number): Promise<number> {
  const progress = new Progress('log limit: consume', events, 'events');
  let consumed = 0;
  let bytes = 0;
  let consumer: LogConsumer | undefined;
  const startedAt = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      log
        .consume({
          groupId: uniqueName('bench-raw-consume'),
          resumeFrom: async () => undefined,
          handleBatch: async (batches: readonly RecordBatch[]) => {
            for (const batch of batches) {
              for (const record of batch.records) bytes += record.value.length;
              consumed += batch.records.length;
            }
            progress.set(consumed);
            if (consumed >= events) resolve();
          },
        })
        .then((started) => (consumer = started), reject);
    });
    const rate = round(consumed / ((performance.now() - startedAt) / 1000));
    progress.finish(`${formatNumber(rate)} events/s (${formatNumber(bytes / 1024 / 1024, 1)} MiB)`);
    return rate;
  } finally {
    await consumer?.stop();
  }
}

async function latencyAt(
  log: PostgresEventLog,
  options: Omit<LogLimitOptions, 'brokers'>,
): Promise<LogLimitResult['latencyAtRate']> {
  const total = Math.round(options.rate * options.seconds);
  const dueAt = new Map<string, number>();
  const latency = new LatencyRecorder();
  const progress = new Progress('log limit: latency', total, 'tickets');
  // Only what is appended from now on: each partition from its end.
  const ends = new Map((await log.partitionRanges()).map((range) => [range.partition, range.end]));
  const consumer = await log.consume({
    groupId: uniqueName('bench-raw-latency'),
    resumeFrom: async (partition) => ends.get(partition),
    handleBatch: async (batches) => {
      const at = performance.now();
      for (const batch of batches) {
        for (const record of batch.records) {
          // A ticket's second event: the one the product's level 1 waits for.
          if (!record.value.includes('"TicketPrioritized"')) continue;
          const due = dueAt.get(record.key);
          if (due === undefined) continue;
          latency.record(at - due);
          progress.add();
        }
      }
    },
  });
  try {
    const interval = 1000 / options.rate;
    const appends: Promise<unknown>[] = [];
    const start = performance.now() + 10;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) {
        const events = ticketEvents(sent, options.category, options.integratorId);
        for (const event of events) dueAt.set(event.ticketId, start + sent * interval);
        appends.push(log.append(events));
      }
      await sleep(1);
    }
    await Promise.all(appends);
    const deadline = performance.now() + 30_000;
    while (latency.count < total && performance.now() < deadline) await sleep(20);
    if (latency.count < total) say(`log limit: ${total - latency.count} tickets never consumed`);
    const ms = latency.summary();
    progress.finish(`p50 ${ms.p50} ms, p99 ${ms.p99} ms at ${options.rate} tickets/s`);
    return { rate: options.rate, tickets: latency.count, ms };
  } finally {
    await consumer.stop();
  }
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
  } catch {
    // Left behind: harmless, the name is unique.
  } finally {
    await client.end().catch(() => undefined);
  }
}
