import { EntityManager } from 'typeorm';

/**
 * A table a projection writes through the batch engine. Its rows are plain objects keyed by
 * column name; the engine learns the primary key and the writable columns from the catalog.
 */
export interface ReadModelTable<Row extends object = Record<string, unknown>> {
  /** Schema-qualified and quoted: `"triage".level1_queue`. */
  readonly name: string;
  /**
   * Read for the batch's tickets before the handlers run, so they can look at, patch and
   * delete rows, merged by primary key and written back whole. A table the handlers only add
   * rows to (a timeline) is not read at all: its rows are facts once written, and one that is
   * there already (a redelivery, a unique constraint) stays as it is.
   */
  readonly readBeforeBatch: boolean;
  /** The column holding the ticket id (default `ticket_id`). */
  readonly ticketColumn: string;
  /** Emptied by a rebuild (false for what the log does not rebuild, such as sent emails). */
  readonly rebuilt: boolean;
  /** Only the type: the shape of a row. */
  readonly row?: Row;
}

export function readModelTable<Row extends object = Record<string, unknown>>(
  schema: string,
  table: string,
  options: Partial<Omit<ReadModelTable<Row>, 'name' | 'row'>> = {},
): ReadModelTable<Row> {
  return {
    name: `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`,
    readBeforeBatch: options.readBeforeBatch ?? true,
    ticketColumn: options.ticketColumn ?? 'ticket_id',
    rebuilt: options.rebuilt ?? true,
  };
}

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** What the catalog says of a table: its primary key and the columns a row may set. */
export interface TableShape {
  readonly key: readonly string[];
  readonly writable: ReadonlySet<string>;
}

/** Reads each table's shape once (tables do not change under a running service). */
export class TableShapes {
  private readonly known = new Map<string, Promise<TableShape>>();

  of(manager: EntityManager, table: ReadModelTable<object>): Promise<TableShape> {
    let shape = this.known.get(table.name);
    if (!shape) {
      shape = readShape(manager, table.name);
      shape.catch(() => this.known.delete(table.name));
      this.known.set(table.name, shape);
    }
    return shape;
  }
}

async function readShape(manager: EntityManager, table: string): Promise<TableShape> {
  const columns: { column: string; writable: boolean; key_position: number | null }[] =
    await manager.query(
      `SELECT a.attname AS column, a.attgenerated = '' AS writable,
              array_position(i.indkey::int2[], a.attnum) AS key_position
       FROM pg_attribute a
       LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
       WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY a.attnum`,
      [table],
    );
  const key = columns
    .filter((column) => column.key_position !== null)
    .sort((a, b) => (a.key_position ?? 0) - (b.key_position ?? 0))
    .map((column) => column.column);
  if (columns.length === 0) throw new Error(`table ${table} does not exist`);
  if (key.length === 0) throw new Error(`table ${table} has no primary key`);
  return {
    key,
    writable: new Set(columns.filter((column) => column.writable).map((column) => column.column)),
  };
}
