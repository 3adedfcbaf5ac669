import { Client } from 'pg';
import { EventLog, KafkaEventLog, PostgresEventLog } from '@helpdesk/event-log';
import { TicketEvent } from '@helpdesk/ticket-events';
import { RunningProduct } from '@helpdesk/launcher';

/** The product's own log, reached the way its services reach it: to top it up and count it. */
export interface ProductLog {
  append(events: readonly TicketEvent[]): Promise<void>;
  /** The events on the log now. */
  count(): Promise<number>;
  close(): Promise<void>;
}

/** The product's topic through KafkaEventLog, or its PostgreSQL log through PostgresEventLog. */
export async function openProductLog(
  product: RunningProduct,
  connection: { brokers: string[]; databaseUrl: string; partitions: number },
): Promise<ProductLog> {
  if (product.eventLog === 'kafka') {
    const log = new KafkaEventLog({
      brokers: connection.brokers,
      clientId: 'bench',
      topic: product.topic,
      partitions: connection.partitions,
      replicationFactor: 1,
    });
    return {
      append: (events) => log.append(events),
      // Offsets are per partition: the log holds end - start records of each.
      count: async () =>
        (await log.partitionRanges()).reduce((sum, range) => sum + range.end - range.start, 0),
      close: () => log.close(),
    };
  }
  const log: EventLog = new PostgresEventLog({
    connectionString: connection.databaseUrl,
    schema: product.logSchema,
    partitions: connection.partitions,
  });
  // Reads the log's partition count, which appends key by: the services created the log.
  await log.ensureCreated();
  return {
    append: (events) => log.append(events),
    // Positions are global on this log, so the ranges do not add up to a count: rows do.
    count: async () => {
      const client = new Client({ connectionString: connection.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          `SELECT count(*) FROM ${client.escapeIdentifier(product.logSchema)}.events`,
        );
        return Number(rows[0]?.count ?? 0);
      } finally {
        await client.end();
      }
    },
    close: () => log.close(),
  };
}
