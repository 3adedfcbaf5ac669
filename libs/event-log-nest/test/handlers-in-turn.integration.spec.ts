import { INestApplication } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TicketEventOfType } from '@helpdesk/ticket-events';
import {
  EventLog,
  KafkaEventLog,
  ProjectionContext,
  ProjectionDeadLetterTable1764000000003,
  ProjectionStoreTables1764000000000,
} from '@helpdesk/event-log';
import {
  aTicketSubmitted,
  createTestSchema,
  createTestTopic,
  uniqueName,
  waitFor,
} from '@helpdesk/testing';
import {
  OnTicketEvent,
  READ_MODEL_RESET,
  TicketEventHandlers,
  TicketEventStream,
  TicketLifecycleTable1764000000002,
} from '../src';

const REFUSED_BY_THE_SECOND = 'refused by the second read model';

/**
 * Two read models of one service, each its own handler class for the same event type (intake's
 * requester tickets and its reports): the second runs once the first has finished, in the
 * same transaction, so a failure of either leaves neither half-written.
 */
function twoReadModels(schema: string) {
  @TicketEventHandlers()
  class FirstReadModel {
    @OnTicketEvent('TicketSubmitted')
    async submitted(
      @Payload() event: TicketEventOfType<'TicketSubmitted'>,
      @Ctx() { manager }: ProjectionContext,
    ): Promise<void> {
      // Slow on purpose: a handler running side by side would look before this row exists.
      await manager.query('SELECT pg_sleep(0.2)');
      await manager.query(`INSERT INTO "${schema}".first_model (ticket_id) VALUES ($1)`, [
        event.ticketId,
      ]);
    }

    @OnTicketEvent(READ_MODEL_RESET)
    async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
      await manager.query(`TRUNCATE "${schema}".first_model`);
    }
  }

  @TicketEventHandlers()
  class SecondReadModel {
    @OnTicketEvent('TicketSubmitted')
    async submitted(
      @Payload() event: TicketEventOfType<'TicketSubmitted'>,
      @Ctx() { manager }: ProjectionContext,
    ): Promise<void> {
      if (event.data.summary === REFUSED_BY_THE_SECOND) throw new Error('cannot take it');
      const rows: { seen: number }[] = await manager.query(
        `SELECT count(*)::int AS seen FROM "${schema}".first_model WHERE ticket_id = $1`,
        [event.ticketId],
      );
      await manager.query(
        `INSERT INTO "${schema}".second_model (ticket_id, first_model_had_it) VALUES ($1, $2)`,
        [event.ticketId, rows[0]?.seen === 1],
      );
    }

    @OnTicketEvent(READ_MODEL_RESET)
    async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
      await manager.query(`TRUNCATE "${schema}".second_model`);
    }
  }
  return [FirstReadModel, SecondReadModel];
}

describe('two read models handling one event type', () => {
  let app: INestApplication;
  let log: EventLog;
  let stream: TicketEventStream;
  let schema: string;
  let dropSchema: () => Promise<void>;
  const rows = (table: string) =>
    app.get(DataSource).query(`SELECT * FROM "${schema}".${table} ORDER BY ticket_id`);

  beforeAll(async () => {
    const databaseUrl = process.env['DATABASE_URL'] ?? '';
    const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
    ({ schema, drop: dropSchema } = await createTestSchema(databaseUrl));
    log = new KafkaEventLog({
      brokers,
      clientId: 'nest-test',
      topic: await createTestTopic(brokers, { partitions: 2 }),
      partitions: 2,
      replicationFactor: 1,
    });
    await log.ensureCreated();
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          schema,
          migrations: [
            ProjectionStoreTables1764000000000,
            TicketLifecycleTable1764000000002,
            ProjectionDeadLetterTable1764000000003,
          ],
          migrationsRun: true,
        }),
      ],
      controllers: twoReadModels(schema),
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const dataSource = app.get(DataSource);
    await dataSource.query(`CREATE TABLE "${schema}".first_model (ticket_id uuid PRIMARY KEY)`);
    await dataSource.query(
      `CREATE TABLE "${schema}".second_model (ticket_id uuid PRIMARY KEY, first_model_had_it boolean NOT NULL)`,
    );
    stream = new TicketEventStream({
      log,
      dataSource,
      schema,
      projection: uniqueName('nest.two-read-models.v1'),
    });
    app.connectMicroservice({ strategy: stream });
    await app.startAllMicroservices();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await log?.close();
    await dropSchema?.();
  });

  it('runs their handlers one after the other in one transaction, and resets both on a rebuild', async () => {
    const kept = aTicketSubmitted();
    const refused = aTicketSubmitted({ summary: REFUSED_BY_THE_SECOND });
    await log.append([kept, refused]);
    await stream.runner.waitUntilCaughtUp();

    expect(await rows('first_model')).toEqual([{ ticket_id: kept.ticketId }]);
    expect(await rows('second_model')).toEqual([
      { ticket_id: kept.ticketId, first_model_had_it: true },
    ]);
    const letters = await log.readDeadLetters();
    expect(letters.map((letter) => letter.reason)).toEqual(['apply failed: cannot take it']);

    await stream.runner.rebuildFromStart();
    await waitFor(async () => (await stream.runner.status()).state === 'running', {
      description: 'the rebuild to finish',
      timeoutMs: 30_000,
    });
    expect(await rows('first_model')).toEqual([{ ticket_id: kept.ticketId }]);
    expect(await rows('second_model')).toEqual([
      { ticket_id: kept.ticketId, first_model_had_it: true },
    ]);
  });
});
