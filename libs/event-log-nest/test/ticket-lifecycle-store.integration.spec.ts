import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Logger } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import { TicketLifecycle, evolveLifecycle } from '@helpdesk/ticket-lifecycle';
import { aTicketHistory, createTestSchema, TestSchema } from '@helpdesk/testing';
import { TicketLifecycleStore, TicketLifecycleTable1764000000002 } from '../src';

/** Every statement the DataSource sends, to count the round trips of a transaction. */
class StatementLog implements Logger {
  readonly statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  readonly logQueryError = () => undefined;
  readonly logQuerySlow = () => undefined;
  readonly logSchemaBuild = () => undefined;
  readonly logMigration = () => undefined;
  readonly log = () => undefined;
}

describe('the ticket lifecycle store, on PostgreSQL', () => {
  const databaseUrl = process.env['DATABASE_URL'] ?? '';
  const statements = new StatementLog();
  let schema: TestSchema;
  let dataSource: DataSource;
  let store: TicketLifecycleStore;
  const lifecycleReads = () =>
    statements.statements.filter((sql) => /SELECT state FROM .*ticket_lifecycle/.test(sql));

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    dataSource = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      schema: schema.schema,
      migrations: [TicketLifecycleTable1764000000002],
      migrationsRun: true,
      logging: ['query'],
      logger: statements,
    }).initialize();
    store = new TicketLifecycleStore(schema.schema);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await schema.drop();
  });

  beforeEach(() => statements.statements.splice(0));

  /** What a batch of the projection does: the folded row written, the state remembered. */
  async function write(manager: EntityManager, events: readonly TicketEvent[]): Promise<void> {
    const state = events.reduce<TicketLifecycle | undefined>(evolveLifecycle, undefined);
    if (!state) return;
    const row = TicketLifecycleStore.rowOf(state);
    await manager.query(
      `INSERT INTO ${store.table.name} (ticket_id, sequence, state, owner, status)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (ticket_id) DO UPDATE SET sequence = excluded.sequence, state = excluded.state`,
      [row.ticket_id, row.sequence, JSON.stringify(row.state), row.owner, row.status],
    );
    store.remember(manager, [state]);
  }

  it('does not read again, in a transaction, the states that transaction wrote', async () => {
    const history = aTicketHistory(randomUUID(), 2);
    const seen = await dataSource.transaction(async (manager) => {
      await write(manager, history.slice(0, 1));
      const afterFirst = await store.load(manager, history[0]!.ticketId);
      await write(manager, history);
      return [afterFirst?.sequence, (await store.load(manager, history[0]!.ticketId))?.sequence];
    });
    expect(seen).toEqual([1, 2]);
    expect(lifecycleReads()).toHaveLength(0);
  });

  it('reads the committed row again in the next transaction, and outside of one', async () => {
    const history = aTicketHistory(randomUUID(), 2);
    await dataSource.transaction((manager) => write(manager, history.slice(0, 1)));
    // What one transaction remembered is not what the next one reads: that is the table.
    await dataSource.transaction((manager) => write(manager, history));
    const ticketId = history[0]!.ticketId;
    expect(
      await dataSource.transaction(
        async (manager) => (await store.load(manager, ticketId))?.sequence,
      ),
    ).toBe(2);
    expect((await store.load(dataSource.manager, ticketId))?.sequence).toBe(2);
    expect(lifecycleReads()).toHaveLength(2);
  });

  it('reads a ticket FOR UPDATE every time it is asked to lock it', async () => {
    const history = aTicketHistory(randomUUID(), 1);
    await dataSource.transaction(async (manager) => {
      await write(manager, history);
      await store.load(manager, history[0]!.ticketId, { lock: true });
    });
    expect(lifecycleReads().filter((sql) => sql.endsWith('FOR UPDATE'))).toHaveLength(1);
  });
});
