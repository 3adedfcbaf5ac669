import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from '@helpdesk/testing';

export interface LoggedEvent {
  partition: number;
  offset: number;
  ticketId: string;
  sequence: number;
  type: string;
}

/** Every event on the topic up to its end as it is now, in partition and offset order. */
export async function readTopic(brokers: string, topic: string): Promise<LoggedEvent[]> {
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const ends = await endOffsets(brokers, topic);
  const total = [...ends.values()].reduce((sum, end) => sum + end, 0);
  const groupId = `e2e-topic-reader-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const events: LoggedEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) >= (ends.get(partition) ?? 0)) return;
        const event = JSON.parse(message.value?.toString() ?? 'null') as {
          ticketId: string;
          sequence: number;
          type: string;
        };
        events.push({
          partition,
          offset: Number(message.offset),
          ticketId: event.ticketId,
          sequence: event.sequence,
          type: event.type,
        });
      },
    });
    await waitFor(() => events.length >= total, {
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

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
