import { EntityManager } from 'typeorm';
import { outboxPublishedTable, outboxTable } from './outbox-tables';

/** The events a service has stored but the relay has not yet put on the log. */
export interface OutboxBacklog {
  events: number;
  /** Since the oldest of them was stored, by the database's clock; 0 when there is none. */
  oldestAgeSeconds: number;
}

/** The rows above the relay's published mark (ADR 17). */
export function outboxBacklogQuery(schema: string): string {
  return `SELECT count(*)::int AS events,
            coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_age_seconds
     FROM ${outboxTable(schema)}
     WHERE id > (SELECT through_id FROM ${outboxPublishedTable(schema)})`;
}

export async function readOutboxBacklog(
  manager: EntityManager,
  schema: string,
): Promise<OutboxBacklog> {
  const rows = await manager.query<{ events: number; oldest_age_seconds: number }[]>(
    outboxBacklogQuery(schema),
  );
  return { events: rows[0]?.events ?? 0, oldestAgeSeconds: rows[0]?.oldest_age_seconds ?? 0 };
}
