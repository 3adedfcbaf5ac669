import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { TicketEventStream, configureHttp } from '@helpdesk/event-log-nest';
import { uniqueName } from '@helpdesk/testing';
import { deadUrl } from './fake-tier';

export const INTERNAL_API_TOKEN = 'internal-token-for-intake-tests';
export const ADMIN_API_TOKEN = 'admin-token-for-intake-tests';
export const AUTH_SECRET = 'auth-secret-for-intake-tests-0123456789abcdef';
export const ADMIN = { Authorization: `Bearer ${ADMIN_API_TOKEN}` };

export interface IntakeApp {
  app: NestExpressApplication;
  http(): ReturnType<typeof request>;
  db: Client;
  schema: string;
  close(): Promise<void>;
}

/**
 * The real intake module on the test PostgreSQL, with the PostgreSQL log in a schema of its
 * own; `environment` adds or overrides settings (tier URLs default to a closed port).
 */
export async function startIntakeApp(environment: Record<string, string> = {}): Promise<IntakeApp> {
  const schema = uniqueName('intake').replace(/-/g, '_');
  const logSchema = uniqueName('intake_log').replace(/-/g, '_');
  const previousEnv = { ...process.env };
  const nowhere = await deadUrl();
  Object.assign(process.env, {
    DATABASE_SCHEMA: schema,
    EVENT_LOG: 'postgres',
    EVENT_LOG_SCHEMA: logSchema,
    EVENT_LOG_PARTITIONS: '2',
    INTERNAL_API_TOKEN,
    AUTH_SECRET,
    ADMIN_API_TOKEN,
    TRIAGE_URL: nowhere,
    BACK_OFFICE_URL: nowhere,
    SPECIALIST_URL: nowhere,
    ...environment,
  });
  // The module reads the environment when it is defined: import it once the env is set.
  const { AppModule } = await import('../../src/app.module');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: ['error'],
  });
  configureHttp(app);
  await app.init();
  app.connectMicroservice({ strategy: app.get(TicketEventStream) });
  await app.startAllMicroservices();
  const db = new Client({ connectionString: process.env['DATABASE_URL'] });
  await db.connect();
  return {
    app,
    http: () => request(app.getHttpServer()),
    db,
    schema,
    async close() {
      await app.close();
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.query(`DROP SCHEMA IF EXISTS "${logSchema}" CASCADE`);
      await db.end();
      process.env = previousEnv;
    },
  };
}
