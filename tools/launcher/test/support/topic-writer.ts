import { randomUUID } from 'node:crypto';
import { Kafka, PartitionMetadata, Partitioners, logLevel } from 'kafkajs';
import { TicketEvent, serializeTicketEvent } from '@helpdesk/ticket-events';

export interface RawMessage {
  key: string;
  value: string;
  /** Unless said, the partition of the key, as the product's producer picks it. */
  partition?: number;
}

/**
 * Writes messages on the topic the way a producer outside the product would: a redelivery, a
 * reordering, a poison. Nothing checks them on the way in.
 */
export async function produce(
  brokers: string,
  topic: string,
  messages: readonly RawMessage[],
): Promise<void> {
  const producer = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    // One send per message: the order given is the order on each partition.
    for (const message of messages) {
      const written = await producer.send({ topic, acks: -1, messages: [message] });
      // kafkajs drops a message for a partition the topic does not have, without an error.
      if (written.length === 0) {
        throw new Error(`${topic} has no partition ${message.partition} for ${message.key}`);
      }
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * A ticket id that the product's producer (kafkajs's default partitioner, by key) puts on
 * `partition` of a topic of `partitions` partitions: a ticket the test writes itself, on the
 * partition of tickets the services wrote, with all its later events there too.
 */
export function aTicketIdOnPartition(partition: number, partitions: number): string {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from(
    { length: partitions },
    (_, partitionId): PartitionMetadata => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }),
  );
  for (;;) {
    const ticketId = randomUUID();
    const chosen = partitioner({
      topic: 'any',
      partitionMetadata,
      message: { key: ticketId, value: null },
    });
    if (chosen === partition) return ticketId;
  }
}

/** A ticket event as the product writes it on the log: keyed by its ticket, its JSON envelope. */
export function messageOf(event: TicketEvent): RawMessage {
  return { key: event.ticketId, value: serializeTicketEvent(event) };
}
