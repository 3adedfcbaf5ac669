import { ReadModelTable, TableShape } from './read-model-table';

type Row = Record<string, unknown>;

/**
 * One table's rows as a batch sees them: what was read before the batch, with the changes the
 * handlers have staged since, merged by primary key. Nothing reaches the database until the
 * engine writes the changes, in one statement per table (`takeChanges`).
 */
export class StagedRows<R extends object = Row> {
  /** Current state by key: a row, or null once deleted. Unknown keys are absent. */
  private readonly rows = new Map<string, R | null>();
  private readonly keysOfTicket = new Map<string, Set<string>>();
  private readonly changed = new Set<string>();
  /** Rows added to a table that is not read before the batch. */
  private added: R[] = [];

  constructor(
    readonly table: ReadModelTable<R>,
    private readonly shape: TableShape,
    private readonly journal: UndoJournal,
  ) {}

  /** Rows read before the batch (the engine's prefetch). */
  load(rows: readonly R[]): void {
    for (const row of rows) this.remember(this.keyOf(row), row);
  }

  /** The row with this key, as the batch left it so far. */
  get(key: Partial<R>): R | undefined {
    this.assertReadable();
    return this.rows.get(this.keyOf(key)) ?? undefined;
  }

  /** The ticket's rows, as the batch left them so far. */
  ofTicket(ticketId: string): R[] {
    this.assertReadable();
    const rows: R[] = [];
    for (const key of this.keysOfTicket.get(ticketId) ?? []) {
      const row = this.rows.get(key);
      if (row) rows.push(row);
    }
    return rows;
  }

  /** Adds the row, or replaces the one with its key (in a table read before the batch). */
  put(row: R): void {
    if (this.table.readBeforeBatch) {
      this.change(this.keyOf(row), row);
      return;
    }
    const added = this.added;
    added.push(row);
    this.journal.record(() => added.pop());
  }

  /** Changes some columns of the row with this key; false (nothing done) when there is none. */
  patch(key: Partial<R>, changes: Partial<R>): boolean {
    this.assertReadable();
    const id = this.keyOf(key);
    const current = this.rows.get(id);
    if (!current) return false;
    this.change(id, { ...current, ...changes });
    return true;
  }

  delete(key: Partial<R>): void {
    this.assertReadable();
    const id = this.keyOf(key);
    if (this.rows.get(id)) this.change(id, null);
  }

  /** The rows to write and the keys to delete since the last call, each key once. */
  takeChanges(): { put: R[]; deleted: R[] } {
    const put: R[] = this.added;
    const deleted: R[] = [];
    this.added = [];
    for (const id of this.changed) {
      const row = this.rows.get(id);
      if (row) put.push(row);
      else deleted.push(this.keyRow(id));
    }
    this.changed.clear();
    return { put, deleted };
  }

  get hasChanges(): boolean {
    return this.changed.size > 0 || this.added.length > 0;
  }

  private change(id: string, row: R | null): void {
    const had = this.rows.has(id);
    const previous = this.rows.get(id);
    const wasChanged = this.changed.has(id);
    this.journal.record(() => {
      if (had) this.rows.set(id, previous ?? null);
      else this.rows.delete(id);
      if (!wasChanged) this.changed.delete(id);
    });
    this.remember(id, row);
    this.changed.add(id);
  }

  private remember(id: string, row: R | null): void {
    this.rows.set(id, row);
    if (!row) return;
    const ticketId = String((row as Row)[this.table.ticketColumn]);
    const keys = this.keysOfTicket.get(ticketId) ?? new Set<string>();
    keys.add(id);
    this.keysOfTicket.set(ticketId, keys);
  }

  private keyOf(row: Partial<R>): string {
    return JSON.stringify(
      this.shape.key.map((column) => {
        const value = (row as Row)[column];
        if (value === undefined) {
          throw new Error(`a row of ${this.table.name} needs its key column ${column}`);
        }
        return value instanceof Date ? value.toISOString() : value;
      }),
    );
  }

  private keyRow(id: string): R {
    const values = JSON.parse(id) as unknown[];
    return Object.fromEntries(this.shape.key.map((column, index) => [column, values[index]])) as R;
  }

  private assertReadable(): void {
    if (!this.table.readBeforeBatch) {
      throw new Error(`${this.table.name} is not read before a batch: rows can only be added`);
    }
  }
}

/**
 * What the handler of one event changed, so that an event that fails half-way leaves the
 * staged rows as they were before it (as a savepoint would, without a round trip).
 */
export class UndoJournal {
  private undo: (() => void)[] = [];

  record(undo: () => void): void {
    this.undo.push(undo);
  }

  /** From here on, what is recorded can be rolled back to this mark. */
  mark(): number {
    return this.undo.length;
  }

  rollbackTo(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()?.();
  }

  /** What was recorded so far can no longer be rolled back. */
  clear(): void {
    this.undo = [];
  }
}
