import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, Message, Producer, logLevel } from 'kafkajs';
import { serializeTicketEvent } from '@helpdesk/ticket-events';
import { uniqueName } from '@helpdesk/testing';
import { LatencyRecorder, LatencySummary } from '../latency';
import { ticketEvents } from '../payloads';
import { Progress, formatNumber, say, round } from '../progress';

/** The relay's batch: what one send carries when the outbox has a backlog. */
const SEND_BATCH = 500;

export interface LogLimitOptions {
  brokers: string[];
  partitions: number;
  events: number;
  /** The end-to-end stage's offered rate and duration, for the latency at that rate. */
  rate: number;
  seconds: number;
  category: string;
  integratorId: string;
}

export interface LogLimitResult {
  /** What measured it: plain kafkajs, or the product's PostgresEventLog on a log of its own. */
  client: 'kafkajs' | 'PostgresEventLog';
  events: number;
  produceEventsPerSecond: number;
  /** A new consumer group reading them all from the start, the join included: what a rebuild reads. */
  consumeEventsPerSecond: number;
  /** From the moment a ticket's send was due until its last event was consumed. */
  latencyAtRate: { rate: number; tickets: number; ms: LatencySummary };
}

/**
 * The log's limit: plain kafkajs, no framework, on a topic like the product's (same partitions)
 * with the product's producer settings (idempotent, acks from all replicas, one request in
 * flight) and consumer settings, carrying the same events (TicketSubmitted + TicketPrioritized,
 * keyed by ticket).
 */
export async function measureLogLimit(options: LogLimitOptions): Promise<LogLimitResult> {
  const kafka = new Kafka({
    clientId: 'bench-raw',
    brokers: options.brokers,
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  const topic = uniqueName('bench-raw-log');
  const groups: string[] = [];
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: options.partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await producer.connect();
    const produceEventsPerSecond = await produceAll(producer, topic, options);
    const consumeEventsPerSecond = await consumeAll(kafka, topic, options.events, groups);
    const latencyAtRate = await latencyAt(kafka, producer, topic, options, groups);
    return {
      client: 'kafkajs',
      events: options.events,
      produceEventsPerSecond,
      consumeEventsPerSecond,
      latencyAtRate,
    };
  } finally {
    await producer.disconnect();
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function produceAll(
  producer: Producer,
  topic: string,
  options: LogLimitOptions,
): Promise<number> {
  const messages: Message[] = [];
  for (let n = 0; messages.length < options.events; n++) {
    messages.push(...ticketEvents(n, options.category, options.integratorId).map(messageOf));
  }
  const progress = new Progress('log limit: produce', messages.length, 'events');
  const startedAt = performance.now();
  for (let from = 0; from < messages.length; from += SEND_BATCH) {
    await producer.send({ topic, acks: -1, messages: messages.slice(from, from + SEND_BATCH) });
    progress.set(Math.min(messages.length, from + SEND_BATCH));
  }
  const rate = round(messages.length / ((performance.now() - startedAt) / 1000));
  progress.finish(`${formatNumber(rate)} events/s`);
  return rate;
}

async function consumeAll(
  kafka: Kafka,
  topic: string,
  events: number,
  groups: string[],
): Promise<number> {
  const groupId = uniqueName('bench-raw-consume');
  groups.push(groupId);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  const progress = new Progress('log limit: consume', events, 'events');
  let consumed = 0;
  let bytes = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const startedAt = performance.now();
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) bytes += message.value?.toString().length ?? 0;
          consumed += batch.messages.length;
          progress.set(consumed);
          if (consumed >= events) resolve();
        },
      });
    });
    await done;
    const rate = round(consumed / ((performance.now() - startedAt) / 1000));
    progress.finish(`${formatNumber(rate)} events/s (${formatNumber(bytes / 1024 / 1024, 1)} MiB)`);
    return rate;
  } finally {
    await consumer.disconnect();
  }
}

async function latencyAt(
  kafka: Kafka,
  producer: Producer,
  topic: string,
  options: LogLimitOptions,
  groups: string[],
): Promise<LogLimitResult['latencyAtRate']> {
  const groupId = uniqueName('bench-raw-latency');
  groups.push(groupId);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  const total = Math.round(options.rate * options.seconds);
  const dueAt = new Map<string, number>();
  const latency = new LatencyRecorder();
  const progress = new Progress('log limit: latency', total, 'tickets');
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        const at = performance.now();
        for (const message of batch.messages) {
          if (message.headers?.['type']?.toString() !== 'TicketPrioritized') continue;
          const due = dueAt.get(message.key?.toString() ?? '');
          if (due === undefined) continue;
          latency.record(at - due);
          progress.add();
        }
      },
    });
    await joined;
    // Fetching starts at the end of each partition once the group has joined.
    await sleep(1_000);

    const interval = 1000 / options.rate;
    const sends: Promise<unknown>[] = [];
    const start = performance.now() + 10;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) {
        const events = ticketEvents(sent, options.category, options.integratorId);
        for (const event of events) dueAt.set(event.ticketId, start + sent * interval);
        sends.push(producer.send({ topic, acks: -1, messages: events.map(messageOf) }));
      }
      await sleep(1);
    }
    await Promise.all(sends);
    const deadline = performance.now() + 30_000;
    while (latency.count < total && performance.now() < deadline) await sleep(20);
    if (latency.count < total) say(`log limit: ${total - latency.count} tickets never consumed`);
    const ms = latency.summary();
    progress.finish(`p50 ${ms.p50} ms, p99 ${ms.p99} ms at ${options.rate} tickets/s`);
    return { rate: options.rate, tickets: latency.count, ms };
  } finally {
    await consumer.disconnect();
  }
}

/** As the product's KafkaEventLog writes an event: keyed by ticket, with its type in a header. */
function messageOf(event: ReturnType<typeof ticketEvents>[number]): Message {
  return {
    key: event.ticketId,
    value: serializeTicketEvent(event),
    headers: {
      type: event.type,
      'schema-version': String(event.schemaVersion),
      'event-id': event.eventId,
    },
  };
}
