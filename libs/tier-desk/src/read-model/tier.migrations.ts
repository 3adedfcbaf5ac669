/**
 * `CREATE TABLE` of a tier's queue (see `TierQueueEntry`), `schema.table` qualified; `columns`
 * are the service's own, placed after the ticket id.
 */
export function queueTableSql(qualifiedTable: string, columns: readonly string[] = []): string {
  return `CREATE TABLE ${qualifiedTable} (
      ticket_id uuid PRIMARY KEY,${columns.map((column) => `\n      ${column},`).join('')}
      status text NOT NULL,
      assignee text,
      arrived_by text,
      arrival_reason text,
      queued_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`;
}

/** `CREATE TABLE` of a tier's timeline (see `TierTimelineEntry`), `schema.table` qualified. */
export function timelineTableSql(qualifiedTable: string): string {
  return `CREATE TABLE ${qualifiedTable} (
      ticket_id uuid NOT NULL,
      sequence integer NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      actor jsonb NOT NULL,
      producer text NOT NULL,
      data jsonb NOT NULL,
      PRIMARY KEY (ticket_id, sequence))`;
}
