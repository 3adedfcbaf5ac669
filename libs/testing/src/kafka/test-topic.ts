import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from '../support/unique-name';

export interface TestTopicOptions {
  partitions?: number;
  /** Start of the generated name, to recognise the topic in logs. */
  prefix?: string;
}

/** Creates a topic with a unique name (replication factor 1), waits for its leaders, returns the name. */
export async function createTestTopic(
  brokers: string[],
  { partitions = 1, prefix = 'test' }: TestTopicOptions = {},
): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = new Kafka({
    clientId: 'helpdesk-testing',
    brokers,
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  return topic;
}
