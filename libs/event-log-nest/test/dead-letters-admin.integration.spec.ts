import { NestExpressApplication } from '@nestjs/platform-express';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TicketEventOfType, TicketEventType, currentTicketEvents } from '@helpdesk/ticket-events';
import {
  DeadLetterList,
  DeadLetterReplay,
  PostgresEventLog,
  ProjectionDeadLetterTable1764000000003,
  ProjectionRunner,
  ProjectionStoreTables1764000000000,
  readModelTable,
} from '@helpdesk/event-log';
import { aTicketSubmitted, createTestSchema, uniqueName } from '@helpdesk/testing';
import {
  DeadLettersAdminController,
  EVENT_LOG,
  InternalTokenGuard,
  OnTicketEvent,
  ServiceSettings,
  TicketEventContext,
  TicketEventHandlers,
  TicketEventStream,
  TicketLifecycleTable1764000000002,
  configureHttp,
  projectionProviders,
  readSettings,
} from '../src';

const TOKEN = 'internal-token-for-the-tests';
const BUG = 'the handler has a bug';

describe('the dead letters of a service, over its internal API', () => {
  let app: NestExpressApplication;
  let log: PostgresEventLog;
  let runner: ProjectionRunner;
  let schema: string;
  let dropSchema: () => Promise<void>;
  let fixDeployed: boolean;

  const http = () => request(app.getHttpServer());
  const authorized = { Authorization: `Bearer ${TOKEN}` };

  beforeEach(async () => {
    const databaseUrl = process.env['DATABASE_URL'] ?? '';
    ({ schema, drop: dropSchema } = await createTestSchema(databaseUrl));
    fixDeployed = false;
    log = new PostgresEventLog({
      connectionString: databaseUrl,
      schema,
      partitions: 2,
      pollIntervalMs: 100,
    });
    await log.ensureCreated();

    const openTickets = readModelTable<{ ticket_id: string }>(schema, 'open_tickets');
    @TicketEventHandlers({
      ignores: (Object.keys(currentTicketEvents) as TicketEventType[]).filter(
        (type) => type !== 'TicketSubmitted',
      ),
    })
    class OpenTicketsHandlers {
      readonly tables = [openTickets];

      @OnTicketEvent('TicketSubmitted')
      submitted(event: TicketEventOfType<'TicketSubmitted'>, context: TicketEventContext): void {
        if (!fixDeployed) throw new Error(BUG);
        context.rows(openTickets).put({ ticket_id: event.ticketId });
      }
    }

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
      controllers: [DeadLettersAdminController],
      providers: [
        {
          provide: ServiceSettings,
          useValue: readSettings(ServiceSettings, {
            INTERNAL_API_TOKEN: TOKEN,
            AUTH_SECRET: 'a-test-secret-of-at-least-32-characters',
          }),
        },
        InternalTokenGuard,
        OpenTicketsHandlers,
        { provide: EVENT_LOG, useValue: log },
        ...projectionProviders({ schema, projection: uniqueName('nest.dead-letters.v1') }),
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: false,
    });
    configureHttp(app);
    await app.init();
    await app
      .get(DataSource)
      .query(`CREATE TABLE "${schema}".open_tickets (ticket_id uuid PRIMARY KEY)`);
    runner = app.get(ProjectionRunner);
    app.connectMicroservice({ strategy: app.get(TicketEventStream) });
    await app.startAllMicroservices();
  });

  afterEach(async () => {
    await app.close();
    await log.close();
    await dropSchema();
  });

  it('lists the unresolved letters, replays them once the fix is deployed, and keeps them for the audit', async () => {
    const ticket = aTicketSubmitted();
    await log.append([ticket]);
    await runner.waitUntilCaughtUp();

    const listed = await http().get('/internal/v1/dead-letters').set(authorized).expect(200);
    const list = listed.body as DeadLetterList;
    expect(list.count).toBe(1);
    const letter = list.deadLetters[0]!;
    expect(letter).toMatchObject({ key: ticket.ticketId, reason: `apply failed: ${BUG}` });

    const early = await http().post('/internal/v1/dead-letters/replay').set(authorized).expect(200);
    expect((early.body as DeadLetterReplay).stillDead).toEqual([
      { id: letter.id, reason: `apply failed: ${BUG}` },
    ]);

    fixDeployed = true;
    const replayed = await http()
      .post('/internal/v1/dead-letters/replay')
      .set(authorized)
      .send({ ids: [letter.id, 987654] })
      .expect(200);
    expect(replayed.body).toEqual({
      applied: [letter.id],
      alreadyApplied: [],
      stillDead: [],
      alreadyResolved: [],
      notFound: [987654],
    });
    const rows = await app.get(DataSource).query(`SELECT ticket_id FROM "${schema}".open_tickets`);
    expect(rows).toEqual([{ ticket_id: ticket.ticketId }]);

    const again = await http().post('/internal/v1/dead-letters/replay').set(authorized).send({});
    expect((again.body as DeadLetterReplay).applied).toEqual([]);
    const open = await http().get('/internal/v1/dead-letters').set(authorized).expect(200);
    expect(open.body).toMatchObject({ count: 0, deadLetters: [] });
    const audit = await http()
      .get('/internal/v1/dead-letters?all=true')
      .set(authorized)
      .expect(200);
    expect(audit.body).toMatchObject({
      count: 1,
      deadLetters: [{ id: letter.id, resolution: 'applied', replays: 2 }],
    });
  });

  it('asks for the internal token', async () => {
    await http().get('/internal/v1/dead-letters').expect(401);
    await http()
      .post('/internal/v1/dead-letters/replay')
      .set({ Authorization: 'Bearer not-the-token' })
      .expect(401);
  });

  it('answers 400 naming the field for a body or query it cannot take', async () => {
    const replay = (body: object) =>
      http().post('/internal/v1/dead-letters/replay').set(authorized).send(body).expect(400);
    expect(String((await replay({ ids: ['1'] })).body.message)).toMatch(/ids/);
    expect(String((await replay({ ids: [] })).body.message)).toMatch(/ids/);
    expect(String((await replay({ idz: [1] })).body.message)).toMatch(/idz should not exist/);
    const query = await http().get('/internal/v1/dead-letters?all=yes').set(authorized).expect(400);
    expect(String(query.body.message)).toMatch(/all must be one of/);
  });
});
