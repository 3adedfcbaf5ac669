import { INestApplication } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TicketEventOfType } from '@helpdesk/ticket-events';
import {
  EventLog,
  KafkaEventLog,
  PostgresEventLog,
  ProjectionContext,
  ProjectionDeadLetterTable1764000000003,
  ProjectionStoreTables1764000000000,
} from '@helpdesk/event-log';
import {
  aTicketEvent,
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

const REFUSED = 'refused by the handler';

function handlersFor(schema: string) {
  @TicketEventHandlers()
  class OpenTicketsHandlers {
    @OnTicketEvent('TicketSubmitted')
    async submitted(
      @Payload() event: TicketEventOfType<'TicketSubmitted'>,
      @Ctx() { manager }: ProjectionContext,
    ): Promise<void> {
      if (event.data.summary === REFUSED) throw new Error(`cannot open "${REFUSED}"`);
      await manager.query(
        `INSERT INTO "${schema}".open_tickets (ticket_id, summary) VALUES ($1, $2)`,
        [event.ticketId, event.data.summary],
      );
    }

    @OnTicketEvent('TicketPrioritized')
    async prioritized(
      @Payload() event: TicketEventOfType<'TicketPrioritized'>,
      @Ctx() { manager }: ProjectionContext,
    ): Promise<void> {
      await manager.query(
        `UPDATE "${schema}".open_tickets SET priority = $2 WHERE ticket_id = $1`,
        [event.ticketId, event.data.priority],
      );
    }

    @OnTicketEvent(READ_MODEL_RESET)
    async reset(@Ctx() { manager }: { manager: EntityManager }): Promise<void> {
      await manager.query(`TRUNCATE "${schema}".open_tickets`);
    }
  }
  return OpenTicketsHandlers;
}

const adapters: [string, (schema: string) => Promise<EventLog>][] = [
  [
    'Kafka',
    async () => {
      const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
      const topic = await createTestTopic(brokers, { partitions: 2 });
      return new KafkaEventLog({
        brokers,
        clientId: 'nest-test',
        topic,
        partitions: 2,
        replicationFactor: 1,
      });
    },
  ],
  [
    'PostgreSQL',
    async (schema) =>
      new PostgresEventLog({
        connectionString: process.env['DATABASE_URL'] ?? '',
        schema,
        partitions: 2,
        pollIntervalMs: 100,
      }),
  ],
];

describe.each(adapters)('TicketEventStream on the %s log', (_adapter, openLog) => {
  let app: INestApplication;
  let log: EventLog;
  let stream: TicketEventStream;
  let schema: string;
  let dropSchema: () => Promise<void>;

  beforeEach(async () => {
    const databaseUrl = process.env['DATABASE_URL'] ?? '';
    ({ schema, drop: dropSchema } = await createTestSchema(databaseUrl));
    log = await openLog(schema);
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
      controllers: [handlersFor(schema)],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const dataSource = app.get(DataSource);
    await dataSource.query(
      `CREATE TABLE "${schema}".open_tickets (ticket_id uuid PRIMARY KEY, summary text NOT NULL, priority text)`,
    );
    stream = new TicketEventStream({
      log,
      dataSource,
      schema,
      projection: uniqueName('nest.open-tickets.v1'),
    });
    app.connectMicroservice({ strategy: stream });
    await app.startAllMicroservices();
    await app.init();
  });

  afterEach(async () => {
    await app.close();
    await log.close();
    await dropSchema();
  });

  it('calls the handler declared for each event type, in the projection transaction', async () => {
    const first = aTicketSubmitted({ summary: 'Outlook keeps asking for a password' });
    const refused = aTicketSubmitted({ summary: REFUSED });
    const taken = aTicketEvent(
      { type: 'TicketTaken', data: { level: 'L1', technicianId: 'tech-1' } },
      first.ticketId,
      2,
    );
    const prioritized = aTicketEvent(
      { type: 'TicketPrioritized', data: { impact: 'high', urgency: 'medium', priority: 'P2' } },
      first.ticketId,
      3,
    );
    await log.append([first, refused, taken, prioritized]);
    await stream.runner.waitUntilCaughtUp();

    const rows = await app
      .get(DataSource)
      .query(`SELECT ticket_id, summary, priority FROM "${schema}".open_tickets`);
    expect(rows).toEqual([
      { ticket_id: first.ticketId, summary: first.data.summary, priority: 'P2' },
    ]);
    // The handler's own error reaches the dead letter, not Nest's "Internal server error".
    const letters = await log.readDeadLetters();
    expect(letters.map((letter) => letter.reason)).toEqual([
      `apply failed: cannot open "${REFUSED}"`,
    ]);
  });

  it('rebuilds through the reset handler', async () => {
    const ticket = aTicketSubmitted();
    await log.append([ticket]);
    await stream.runner.waitUntilCaughtUp();
    await stream.runner.rebuildFromStart();
    await waitFor(async () => (await stream.runner.status()).state === 'running', {
      description: 'the rebuild to finish',
      timeoutMs: 30_000,
    });
    const rows = await app.get(DataSource).query(`SELECT ticket_id FROM "${schema}".open_tickets`);
    expect(rows).toEqual([{ ticket_id: ticket.ticketId }]);
  });
});
