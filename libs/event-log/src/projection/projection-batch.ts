import { EntityManager } from 'typeorm';
import { ReadModelTable, TableShape, TableShapes } from './read-model-table';
import { StagedRows, UndoJournal } from './staged-rows';

/**
 * The escape hatch for a write the staged rows cannot say (one that joins another table, say):
 * SQL run once per batch, after the tables are written, with `$1` the JSON array of the rows
 * the handlers gave it (read it with `jsonb_to_recordset($1::jsonb)`).
 */
export interface BatchStatement {
  readonly sql: string;
}

/**
 * What the handlers of one batch work on: each table's rows, read before the batch for its
 * tickets, and the changes they stage. The engine writes each table once, with one statement
 * for the rows put and one for the rows deleted, whatever the batch holds.
 */
export class ProjectionBatch {
  private readonly staged = new Map<string, StagedRows<object>>();
  private readonly statements = new Map<BatchStatement, unknown[]>();
  readonly journal = new UndoJournal();

  rows<Row extends object>(table: ReadModelTable<Row>): StagedRows<Row> {
    const rows = this.staged.get(table.name);
    if (!rows) throw new Error(`${table.name} is not one of the projection's tables`);
    return rows as unknown as StagedRows<Row>;
  }

  /** Runs `statement` with this row among its `$1`, once the batch's tables are written. */
  run(statement: BatchStatement, row: object): void {
    const rows = this.statements.get(statement) ?? [];
    const isNew = !this.statements.has(statement);
    rows.push(row);
    this.statements.set(statement, rows);
    this.journal.record(() => {
      rows.pop();
      if (isNew) this.statements.delete(statement);
    });
  }

  /** Reads the tables' rows of these tickets (the ones the log has seen before). */
  static async prepare(
    manager: EntityManager,
    tables: readonly ReadModelTable<object>[],
    shapes: TableShapes,
    knownTicketIds: readonly string[],
  ): Promise<ProjectionBatch> {
    const batch = new ProjectionBatch();
    for (const table of tables) {
      const rows = new StagedRows(table, await shapes.of(manager, table), batch.journal);
      batch.staged.set(table.name, rows);
      if (table.readBeforeBatch && knownTicketIds.length > 0) {
        rows.load(
          await manager.query(
            `SELECT * FROM ${table.name} WHERE ${table.ticketColumn} = ANY($1::uuid[])`,
            [knownTicketIds],
          ),
        );
      }
    }
    return batch;
  }

  /** Writes what was staged since the last write, and forgets how to undo it. */
  async write(manager: EntityManager, shapes: TableShapes): Promise<void> {
    for (const rows of this.staged.values()) {
      if (!rows.hasChanges) continue;
      const shape = await shapes.of(manager, rows.table);
      const { put, deleted } = rows.takeChanges();
      if (deleted.length > 0) await deleteRows(manager, rows.table, shape, deleted);
      for (const group of byColumns(put, shape)) {
        await putRows(manager, rows.table, shape, group.columns, group.rows);
      }
    }
    for (const [statement, rows] of this.statements) {
      await manager.query(statement.sql, [JSON.stringify(rows)]);
    }
    this.statements.clear();
    this.journal.clear();
  }
}

/** Rows grouped by the columns they set (an added row may leave some to their defaults). */
function byColumns(
  rows: readonly object[],
  shape: TableShape,
): { columns: string[]; rows: object[] }[] {
  const groups = new Map<string, { columns: string[]; rows: object[] }>();
  for (const row of rows) {
    const columns = Object.keys(row).filter(
      (column) =>
        shape.writable.has(column) && (row as Record<string, unknown>)[column] !== undefined,
    );
    const signature = columns.join(',');
    const group = groups.get(signature) ?? { columns, rows: [] };
    group.rows.push(row);
    groups.set(signature, group);
  }
  return [...groups.values()];
}

async function putRows(
  manager: EntityManager,
  table: ReadModelTable<object>,
  shape: TableShape,
  columns: readonly string[],
  rows: readonly object[],
): Promise<void> {
  const list = columns.map((column) => `"${column}"`).join(', ');
  const updated = columns.filter((column) => !shape.key.includes(column));
  const onConflict = !table.readBeforeBatch
    ? 'ON CONFLICT DO NOTHING'
    : updated.length === 0
      ? `ON CONFLICT (${shape.key.map((column) => `"${column}"`).join(', ')}) DO NOTHING`
      : `ON CONFLICT (${shape.key.map((column) => `"${column}"`).join(', ')}) DO UPDATE SET ${updated
          .map((column) => `"${column}" = excluded."${column}"`)
          .join(', ')}`;
  await manager.query(
    `INSERT INTO ${table.name} (${list})
     SELECT ${list} FROM jsonb_populate_recordset(NULL::${table.name}, $1::jsonb)
     ${onConflict}`,
    [JSON.stringify(rows)],
  );
}

async function deleteRows(
  manager: EntityManager,
  table: ReadModelTable<object>,
  shape: TableShape,
  keys: readonly object[],
): Promise<void> {
  const matches = shape.key.map((column) => `t."${column}" = d."${column}"`).join(' AND ');
  await manager.query(
    `DELETE FROM ${table.name} t
     USING jsonb_populate_recordset(NULL::${table.name}, $1::jsonb) d WHERE ${matches}`,
    [JSON.stringify(keys)],
  );
}
