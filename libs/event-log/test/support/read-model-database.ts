import { DataSource } from 'typeorm';
import {
  OutboxPublishedMark1764000000011,
  OutboxTable1764000000001,
  ProjectionDeadLetterTable1764000000003,
  ProjectionStoreTables1764000000000,
} from '../../src';
import { TicketSummaryTables1764000000100 } from './ticket-summary-projection';

/** A service-like database: its own schema with the projection store, the outbox and a read model. */
export async function openReadModelDatabase(url: string, schema: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrationsTableName: 'migrations',
    migrations: [
      ProjectionStoreTables1764000000000,
      OutboxTable1764000000001,
      ProjectionDeadLetterTable1764000000003,
      OutboxPublishedMark1764000000011,
      TicketSummaryTables1764000000100,
    ],
    extra: { max: 5 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

export async function snapshot(dataSource: DataSource, schema: string) {
  const summaries: unknown[] = await dataSource.query(
    `SELECT ticket_id, summary, priority, events FROM "${schema}".ticket_summaries ORDER BY ticket_id`,
  );
  const applied: unknown[] = await dataSource.query(
    `SELECT event_id, ticket_id, sequence FROM "${schema}".applied_events ORDER BY ticket_id, sequence`,
  );
  return { summaries, applied };
}
