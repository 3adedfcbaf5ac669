import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createTestSchema, createTestTopic, uniqueName, waitFor } from './index';

// Runs against what the jest global setup provisioned (libs/testing/src/jest/global-setup.js).
const brokers = requiredEnv('KAFKA_BROKERS').split(',');
const databaseUrl = requiredEnv('DATABASE_URL');

describe('provisioned Kafka', () => {
  const kafka = new Kafka({ clientId: 'testing-integration', brokers, logLevel: logLevel.ERROR });

  it('delivers messages from an idempotent producer to a consumer group', async () => {
    const topic = await createTestTopic(brokers, { partitions: 3, prefix: 'provisioning' });
    const sent = Array.from({ length: 10 }, (_, index) => `message-${index}`);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: sent.map((value, index) => ({ key: `key-${index}`, value })),
    });
    await producer.disconnect();

    const received: string[] = [];
    // A short fetch wait: disconnect() waits for the fetch in flight.
    const consumer = kafka.consumer({ groupId: uniqueName('provisioning'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value?.toString() ?? '');
        },
      });
      await waitFor(() => received.length === sent.length, {
        description: `${sent.length} messages on ${topic}`,
        timeoutMs: 30_000,
      });
    } finally {
      await consumer.disconnect();
    }
    expect([...received].sort()).toEqual([...sent].sort());
  }, 60_000);
});

describe('provisioned PostgreSQL', () => {
  it('answers in a fresh schema of its own', async () => {
    const { schema, drop } = await createTestSchema(databaseUrl);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`create table ${schema}.probe (id int primary key)`);
      await client.query(`insert into ${schema}.probe values (1), (2)`);
      const { rows } = await client.query<{ count: string }>(
        `select count(*) from ${schema}.probe`,
      );
      expect(rows[0]?.count).toBe('2');
    } finally {
      await client.end();
      await drop();
    }
    const afterDrop = new Client({ connectionString: databaseUrl });
    await afterDrop.connect();
    const { rowCount } = await afterDrop.query(
      'select 1 from information_schema.schemata where schema_name = $1',
      [schema],
    );
    await afterDrop.end();
    expect(rowCount).toBe(0);
  });
});

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run this test through the workspace jest config`);
  return value;
}
