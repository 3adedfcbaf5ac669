import { EventLog, KafkaEventLog, Logger, PostgresEventLog } from '@helpdesk/event-log';
import { EventLogSettings } from './event-log.settings';

/** The one place that picks the log adapter: services only ever see the EventLog port. */
export function createEventLog(
  settings: EventLogSettings,
  options: { clientId: string; databaseUrl: string; logger: Logger },
): EventLog {
  if (settings.EVENT_LOG === 'kafka') {
    return new KafkaEventLog({
      brokers: (settings.KAFKA_BROKERS ?? '').split(','),
      clientId: options.clientId,
      topic: settings.EVENT_LOG_TOPIC,
      partitions: settings.EVENT_LOG_PARTITIONS,
      replicationFactor: settings.KAFKA_REPLICATION_FACTOR,
      sessionTimeoutMs: settings.KAFKA_SESSION_TIMEOUT_MS,
      consumerStallTimeoutMs: settings.KAFKA_CONSUMER_STALL_TIMEOUT_MS,
      logger: options.logger,
    });
  }
  return new PostgresEventLog({
    connectionString: settings.EVENT_LOG_DATABASE_URL ?? options.databaseUrl,
    schema: settings.EVENT_LOG_SCHEMA,
    partitions: settings.EVENT_LOG_PARTITIONS,
    logger: options.logger,
  });
}
