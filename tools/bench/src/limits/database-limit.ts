import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Progress, formatNumber, round } from '../progress';

/** The tables the level-1 projection writes for a ticket, in the service's schema. */
const TABLES = [
  'level1_queue',
  'ticket_timeline',
  'ticket_lifecycle',
  'projection_ticket_versions',
] as const;

/** Tickets per transaction: 500 events, the projection's largest batch. */
const BATCH_TICKETS = 250;

export interface DatabaseLimitResult {
  events: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Two events a ticket, as intake makes them: comparable with the rebuild. */
  eventsPerSecond: number;
  ticketsPerSecond: number;
}

/**
 * The database's limit: with pg and no framework, batched INSERTs (one statement a table, one
 * transaction a batch) of the rows the level-1 projection writes for a ticket: its queue row,
 * its timeline rows, its lifecycle and its applied sequence. The rows are copies of a real
 * ticket's rows in triage's schema, under new ticket ids, into tables made LIKE triage's
 * (indexes and constraints included) in a scratch schema.
 */
export async function measureDatabaseLimit(
  databaseUrl: string,
  triageSchema: string,
  events: number,
): Promise<DatabaseLimitResult> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const source = client.escapeIdentifier(triageSchema);
  const scratch = client.escapeIdentifier(`bench_raw_${randomBytes(4).toString('hex')}`);
  try {
    const template = await templateTicket(client, source);
    await client.query(`CREATE SCHEMA ${scratch}`);
    for (const table of TABLES) {
      await client.query(
        `CREATE TABLE ${scratch}.${table} (LIKE ${source}.${table} INCLUDING ALL)`,
      );
    }
    const tickets = Math.ceil(events / template.events);
    const progress = new Progress('database limit', tickets * template.events, 'events');
    let rows = 0;
    // Only the database's part is timed: the JSON of a batch is made before its clock starts.
    let busyMs = 0;
    for (let done = 0; done < tickets; done += BATCH_TICKETS) {
      const ids = Array.from({ length: Math.min(BATCH_TICKETS, tickets - done) }, () =>
        randomUUID(),
      );
      const batches = TABLES.map((table) => {
        const { json, count } = template.rows[table];
        rows += count * ids.length;
        if (count === 0) return '[]';
        return `[${ids.map((id) => json.replaceAll(template.id, id)).join(',')}]`;
      });
      const startedAt = performance.now();
      await client.query('BEGIN');
      for (const [index, table] of TABLES.entries()) {
        await client.query(
          `INSERT INTO ${scratch}.${table}
           SELECT * FROM jsonb_populate_recordset(NULL::${scratch}.${table}, $1::jsonb)`,
          [batches[index]],
        );
      }
      await client.query('COMMIT');
      busyMs += performance.now() - startedAt;
      progress.set((done + ids.length) * template.events);
    }
    const seconds = busyMs / 1000;
    const result: DatabaseLimitResult = {
      events: tickets * template.events,
      rows,
      seconds: round(seconds, 2),
      rowsPerSecond: round(rows / seconds),
      eventsPerSecond: round((tickets * template.events) / seconds),
      ticketsPerSecond: round(tickets / seconds),
    };
    progress.finish(
      `${formatNumber(result.rowsPerSecond)} rows/s, ${formatNumber(result.eventsPerSecond)} events/s`,
    );
    return result;
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${scratch} CASCADE`).catch(() => undefined);
    await client.end();
  }
}

interface TemplateTicket {
  id: string;
  /** Events the ticket has had: its timeline rows. */
  events: number;
  /** Per table, the ticket's rows: JSON objects joined by commas, and how many. */
  rows: Record<(typeof TABLES)[number], { json: string; count: number }>;
}

/** A ticket level 1 has projected with exactly its two first events, and its rows. */
async function templateTicket(client: Client, schema: string): Promise<TemplateTicket> {
  const found = await client.query<{ ticket_id: string }>(
    `SELECT ticket_id FROM ${schema}.ticket_timeline GROUP BY ticket_id
     HAVING count(*) = 2 LIMIT 1`,
  );
  const id = found.rows[0]?.ticket_id;
  if (!id) throw new Error('the level-1 read model holds no ticket to copy yet');
  const rows = {} as TemplateTicket['rows'];
  for (const table of TABLES) {
    const result = await client.query<{ row: unknown }>(
      `SELECT row_to_json(t) AS row FROM ${schema}.${table} t WHERE ticket_id = $1`,
      [id],
    );
    rows[table] = {
      json: result.rows.map(({ row }) => JSON.stringify(row)).join(','),
      count: result.rows.length,
    };
  }
  return { id, events: 2, rows };
}
