import { INestApplication } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TicketEventOfType, TicketEventType, currentTicketEvents } from '@helpdesk/ticket-events';
import {
  EventLog,
  KafkaEventLog,
  ProjectionDeadLetterTable1764000000003,
  ProjectionRunner,
  ProjectionStoreTables1764000000000,
  readModelTable,
} from '@helpdesk/event-log';
import {
  aTicketSubmitted,
  createTestSchema,
  createTestTopic,
  uniqueName,
  waitFor,
} from '@helpdesk/testing';
import {
  EVENT_LOG,
  OnTicketEvent,
  TicketEventContext,
  TicketEventHandlers,
  TicketEventStream,
  TicketLifecycleTable1764000000002,
  projectionProviders,
} from '../src';

const REFUSED_BY_THE_SECOND = 'refused by the second read model';

/**
 * Two read models of one service, each its own handler class for the same event type (intake's
 * requester tickets and its reports): the second runs once the first has finished, in the
 * same batch, so a failure of either leaves neither half-written.
 */
function twoReadModels(schema: string) {
  const firstModel = readModelTable<{ ticket_id: string }>(schema, 'first_model');
  const secondModel = readModelTable<{ ticket_id: string; first_model_had_it: boolean }>(
    schema,
    'second_model',
  );
  const ignores = (Object.keys(currentTicketEvents) as TicketEventType[]).filter(
    (type) => type !== 'TicketSubmitted',
  );

  @TicketEventHandlers({ ignores })
  class FirstReadModel {
    readonly tables = [firstModel];

    @OnTicketEvent('TicketSubmitted')
    submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
      context.rows(firstModel).put({ ticket_id: event.ticketId });
    }
  }

  @TicketEventHandlers({ ignores })
  class SecondReadModel {
    readonly tables = [secondModel];

    @OnTicketEvent('TicketSubmitted')
    submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
      if (event.data.summary === REFUSED_BY_THE_SECOND) throw new Error('cannot take it');
      const seen = context.rows(firstModel).get({ ticket_id: event.ticketId });
      context
        .rows(secondModel)
        .put({ ticket_id: event.ticketId, first_model_had_it: seen !== undefined });
    }
  }
  return [FirstReadModel, SecondReadModel];
}

describe('two read models handling one event type', () => {
  let app: INestApplication;
  let log: EventLog;
  let runner: ProjectionRunner;
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
        DiscoveryModule,
      ],
      providers: [
        ...twoReadModels(schema),
        { provide: EVENT_LOG, useValue: log },
        ...projectionProviders({ schema, projection: uniqueName('nest.two-read-models.v1') }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const dataSource = app.get(DataSource);
    await dataSource.query(`CREATE TABLE "${schema}".first_model (ticket_id uuid PRIMARY KEY)`);
    await dataSource.query(
      `CREATE TABLE "${schema}".second_model (ticket_id uuid PRIMARY KEY, first_model_had_it boolean NOT NULL)`,
    );
    runner = app.get(ProjectionRunner);
    app.connectMicroservice({ strategy: app.get(TicketEventStream) });
    await app.startAllMicroservices();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await log?.close();
    await dropSchema?.();
  });

  it('runs their handlers one after the other in one batch, and empties both on a rebuild', async () => {
    const kept = aTicketSubmitted();
    const refused = aTicketSubmitted({ summary: REFUSED_BY_THE_SECOND });
    await log.append([kept, refused]);
    await runner.waitUntilCaughtUp();

    expect(await rows('first_model')).toEqual([{ ticket_id: kept.ticketId }]);
    expect(await rows('second_model')).toEqual([
      { ticket_id: kept.ticketId, first_model_had_it: true },
    ]);
    const letters = await log.readDeadLetters();
    expect(letters.map((letter) => letter.reason)).toEqual(['apply failed: cannot take it']);

    await runner.rebuildFromStart();
    await waitFor(async () => (await runner.status()).state === 'running', {
      description: 'the rebuild to finish',
      timeoutMs: 30_000,
    });
    expect(await rows('first_model')).toEqual([{ ticket_id: kept.ticketId }]);
    expect(await rows('second_model')).toEqual([
      { ticket_id: kept.ticketId, first_model_had_it: true },
    ]);
  });
});
