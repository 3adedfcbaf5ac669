import { Kafka, logLevel } from 'kafkajs';
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

/** A ticket event as the product writes it on the log: keyed by its ticket, its JSON envelope. */
export function messageOf(event: TicketEvent): RawMessage {
  return { key: event.ticketId, value: serializeTicketEvent(event) };
}
