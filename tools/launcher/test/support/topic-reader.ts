import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from '@helpdesk/testing';

export interface LoggedEvent {
  partition: number;
  offset: number;
  eventId: string;
  ticketId: string;
  sequence: number;
  type: string;
  /** The schema version the producer wrote (consumers upcast older ones when they read them). */
  schemaVersion: number;
}

/**
 * Every event on the topic up to its end as it is now, in partition and offset order. A message
 * that is no JSON object (a poison a test put there) is passed over.
 */
export async function readTopic(brokers: string, topic: string): Promise<LoggedEvent[]> {
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const ends = await endOffsets(brokers, topic);
  const total = [...ends.values()].reduce((sum, end) => sum + end, 0);
  const groupId = `e2e-topic-reader-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  // A short fetch wait: disconnect() waits for the fetch in flight.
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  const events: LoggedEvent[] = [];
  let read = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) >= (ends.get(partition) ?? 0)) return;
        read++;
        const event = parseObject(message.value?.toString() ?? '');
        if (!event) return;
        events.push({
          partition,
          offset: Number(message.offset),
          eventId: event['eventId'] as string,
          ticketId: event['ticketId'] as string,
          sequence: event['sequence'] as number,
          type: event['type'] as string,
          schemaVersion: event['schemaVersion'] as number,
        });
      },
    });
    await waitFor(() => read >= total, {
      description: `the ${total} events of ${topic}`,
      timeoutMs: 60_000,
    });
  } finally {
    await consumer.disconnect();
    await deleteGroup(kafka, groupId);
  }
  return events.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** The next offset to be written, per partition of the topic. */
export async function endOffsets(brokers: string, topic: string): Promise<Map<number, number>> {
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((range) => [range.partition, Number(range.high)]));
  } finally {
    await admin.disconnect();
  }
}

function parseObject(value: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
