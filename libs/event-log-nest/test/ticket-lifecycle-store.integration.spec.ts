import { randomUUID } from 'node:crypto';
import { DataSource, Logger } from 'typeorm';
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

  it('never reads a ticket in a transaction that folds its events from the first and reads it after each', async () => {
    const [submitted, prioritized] = aTicketHistory(randomUUID(), 2);
    const seen = await dataSource.transaction(async (manager) => {
      await store.apply(manager, submitted!);
      const afterFirst = await store.load(manager, submitted!.ticketId);
      await store.apply(manager, prioritized!);
      return [afterFirst?.sequence, (await store.load(manager, submitted!.ticketId))?.sequence];
    });
    expect(seen).toEqual([1, 2]);
    expect(lifecycleReads()).toHaveLength(0);
  });

  it('reads a ticket once in a transaction that folds its later events', async () => {
    const [submitted, prioritized, taken] = aTicketHistory(randomUUID(), 3);
    await dataSource.transaction((manager) => store.apply(manager, submitted!));
    statements.statements.splice(0);
    const sequences = await dataSource.transaction(async (manager) => {
      await store.apply(manager, prioritized!);
      await store.apply(manager, taken!);
      return (await store.load(manager, submitted!.ticketId))?.sequence;
    });
    expect(sequences).toBe(3);
    expect(lifecycleReads()).toHaveLength(1);
  });

  it('reads the committed row again in the next transaction, and outside of one', async () => {
    const [submitted, prioritized] = aTicketHistory(randomUUID(), 2);
    await dataSource.transaction((manager) => store.apply(manager, submitted!));
    // What one transaction remembered is not what the next one reads: that is the table.
    await dataSource.transaction((manager) => store.apply(manager, prioritized!));
    const ticketId = submitted!.ticketId;
    expect(
      await dataSource.transaction(
        async (manager) => (await store.load(manager, ticketId))?.sequence,
      ),
    ).toBe(2);
    expect((await store.load(dataSource.manager, ticketId))?.sequence).toBe(2);
  });

  it('reads a ticket FOR UPDATE every time it is asked to lock it', async () => {
    const [submitted] = aTicketHistory(randomUUID(), 1);
    await dataSource.transaction(async (manager) => {
      await store.apply(manager, submitted!);
      await store.load(manager, submitted!.ticketId, { lock: true });
    });
    expect(lifecycleReads().filter((sql) => sql.endsWith('FOR UPDATE'))).toHaveLength(1);
  });
});
