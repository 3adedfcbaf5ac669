import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';

const ROUND_TRIP_TIMEOUT_MS = 30_000;

/**
 * Resolves once the broker answers metadata requests and its coordinators work: right after a
 * start the transaction coordinator (which idempotent producers need) and the group coordinator
 * are still loading for some seconds.
 */
export async function waitForKafkaReady(brokers: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({
    clientId: 'helpdesk-testing-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  await waitFor(() => answersDescribeCluster(brokers), {
    description: `Kafka at ${brokers.join(',')} to answer describeCluster`,
    timeoutMs,
    intervalMs: 250,
  });
  await waitFor(() => roundTripsAMessage(kafka), {
    description: `Kafka at ${brokers.join(',')} to pass a message from an idempotent producer to a consumer group`,
    timeoutMs: deadline - Date.now(),
    intervalMs: 500,
  });
}

async function answersDescribeCluster(brokers: string[]): Promise<boolean> {
  // No retries within an attempt: while the broker starts, kafkajs would back off for seconds.
  const admin = new Kafka({
    clientId: 'helpdesk-testing-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } finally {
    await admin.disconnect();
  }
}

/** Produces one message idempotently to a fresh topic and consumes it with a consumer group. */
async function roundTripsAMessage(kafka: Kafka): Promise<boolean> {
  const topic = uniqueName('helpdesk-testing-probe');
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ value: 'probe' }] });
    } finally {
      await producer.disconnect();
    }
    await consumeOneMessage(kafka, topic);
    return true;
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function consumeOneMessage(kafka: Kafka, topic: string): Promise<void> {
  const consumer = kafka.consumer({ groupId: topic, maxWaitTimeInMs: 100 });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    // kafkajs retries (and restarts the consumer) while the group coordinator is loading.
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no message consumed within ${ROUND_TRIP_TIMEOUT_MS} ms`)),
        ROUND_TRIP_TIMEOUT_MS,
      );
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
      });
      consumer.run({ eachMessage: async () => resolve() }).catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
