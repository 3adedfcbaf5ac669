import { INestApplication } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TicketEventOfType, TicketEventType, currentTicketEvents } from '@helpdesk/ticket-events';
import {
  EventLog,
  KafkaEventLog,
  PostgresEventLog,
  ProjectionDeadLetterTable1764000000003,
  ProjectionRunner,
  ProjectionStoreTables1764000000000,
  readModelTable,
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
  EVENT_LOG,
  OnTicketEvent,
  TicketEventContext,
  TicketEventHandlers,
  TicketEventStream,
  TicketLifecycleTable1764000000002,
  projectionProviders,
} from '../src';

const REFUSED = 'refused by the handler';

function handlersFor(schema: string) {
  @TicketEventHandlers({ ignores: CATALOG.filter((type) => !HANDLED.includes(type)) })
  class OpenTicketsHandlers {
    private readonly openTickets = readModelTable<OpenTicketRow>(schema, 'open_tickets');
    readonly tables = [this.openTickets];

    @OnTicketEvent('TicketSubmitted')
    submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
      if (event.data.summary === REFUSED) throw new Error(`cannot open "${REFUSED}"`);
      context
        .rows(this.openTickets)
        .put({ ticket_id: event.ticketId, summary: event.data.summary, priority: null });
    }

    @OnTicketEvent('TicketPrioritized')
    prioritized(event: TicketEventOfType<'TicketPrioritized'>, context: TicketEventContext): void {
      context
        .rows(this.openTickets)
        .patch({ ticket_id: event.ticketId }, { priority: event.data.priority });
    }
  }
  return OpenTicketsHandlers;
}

interface OpenTicketRow {
  ticket_id: string;
  summary: string;
  priority: string | null;
}

const CATALOG = Object.keys(currentTicketEvents) as TicketEventType[];
const HANDLED: TicketEventType[] = ['TicketSubmitted', 'TicketPrioritized'];

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
  let runner: ProjectionRunner;
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
        DiscoveryModule,
      ],
      providers: [
        handlersFor(schema),
        { provide: EVENT_LOG, useValue: log },
        ...projectionProviders({ schema, projection: uniqueName('nest.open-tickets.v1') }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const dataSource = app.get(DataSource);
    await dataSource.query(
      `CREATE TABLE "${schema}".open_tickets (ticket_id uuid PRIMARY KEY, summary text NOT NULL, priority text)`,
    );
    runner = app.get(ProjectionRunner);
    app.connectMicroservice({ strategy: app.get(TicketEventStream) });
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
    await runner.waitUntilCaughtUp();

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

  it('rebuilds by emptying the tables it names', async () => {
    const ticket = aTicketSubmitted();
    await log.append([ticket]);
    await runner.waitUntilCaughtUp();
    await runner.rebuildFromStart();
    await waitFor(async () => (await runner.status()).state === 'running', {
      description: 'the rebuild to finish',
      timeoutMs: 30_000,
    });
    const rows = await app.get(DataSource).query(`SELECT ticket_id FROM "${schema}".open_tickets`);
    expect(rows).toEqual([{ ticket_id: ticket.ticketId }]);
  });
});
