import { EventLog, KafkaEventLog, PostgresEventLog } from '../../src';
import { ChildLogDescription } from './log-under-test';

/** Short session timeouts so a killed member's partitions move on quickly in tests. */
export function connectDescribedLog(description: ChildLogDescription, clientId: string): EventLog {
  return description.adapter === 'kafka'
    ? new KafkaEventLog({
        brokers: description.brokers,
        clientId,
        topic: description.topic,
        partitions: description.partitions,
        replicationFactor: 1,
        sessionTimeoutMs: 6_000,
      })
    : new PostgresEventLog({
        connectionString: description.connectionString,
        schema: description.schema,
        partitions: description.partitions,
        sessionTimeoutMs: 2_000,
        pollIntervalMs: 100,
      });
}
