import { Kafka, logLevel } from 'kafkajs';
import { restartableKafka } from './broker-process';
import { LocalKafka, startLocalKafka } from './local-kafka';
import { createTestTopic } from './test-topic';
import { uniqueName } from '../support/unique-name';
import { waitFor } from '../support/wait-for';

// A broker of its own, from the Kafka jars: stopping the shared one would fail the suites
// running next to this one.
describe('restartableKafka', () => {
  let localKafka: LocalKafka | undefined;

  beforeAll(async () => {
    localKafka = await startLocalKafka();
  }, 120_000);

  afterAll(async () => {
    await localKafka?.stop();
  }, 30_000);

  it('stops the broker and starts it again on the same port with the same data', async () => {
    const { brokers, controlFile } = localKafka as LocalKafka;
    const kafka = new Kafka({ clientId: 'testing-restart', brokers, logLevel: logLevel.NOTHING });
    const broker = restartableKafka(controlFile);
    const topic = await createTestTopic(brokers);
    await produce(kafka, topic, 'before the restart');

    await broker.stop();
    await expect(describeCluster(brokers)).rejects.toThrow();
    await broker.start();

    await produce(kafka, topic, 'after the restart');
    expect(await consumeAll(kafka, topic, 2)).toEqual(['before the restart', 'after the restart']);
  }, 180_000);
});

async function produce(kafka: Kafka, topic: string, value: string): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ value }] });
  } finally {
    await producer.disconnect();
  }
}

async function describeCluster(brokers: string[]): Promise<void> {
  const admin = new Kafka({
    clientId: 'testing-restart',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

async function consumeAll(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const values: string[] = [];
  // A short fetch wait: disconnect() waits for the fetch in flight.
  const consumer = kafka.consumer({ groupId: uniqueName('testing-restart'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString() ?? '');
      },
    });
    await waitFor(() => values.length === count, {
      description: `${count} messages on ${topic}`,
      timeoutMs: 30_000,
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}
