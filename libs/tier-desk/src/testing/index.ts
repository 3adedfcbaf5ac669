import { Type } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { SupportLevel, TicketEvent } from '@helpdesk/ticket-events';
import { EventLog, ProjectionRunner } from '@helpdesk/event-log';
import {
  CsrfTokens,
  EVENT_LOG,
  SESSION_COOKIE,
  TechnicianTokens,
  TicketEventStream,
  configureHttp,
} from '@helpdesk/event-log-nest';
import { uniqueName } from '@helpdesk/testing';

/** A technician signed in to the dashboards: the session cookie, and the token forms carry. */
export interface DashboardSession {
  cookie: string;
  csrfToken: string;
}

/** The one-time message cookie a dashboard form's answer sets (`name=value`), if any. */
export function flashCookieOf(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = response.headers['set-cookie'];
  const lines = Array.isArray(cookies) ? (cookies as string[]) : [];
  const line = lines.find((cookie) => /^helpdesk_flash=[^;]/.test(cookie));
  return line?.split(';')[0];
}

/** The one-time message a dashboard form's answer leaves for the next page, if any. */
export function flashOf(response: {
  headers: Record<string, unknown>;
}): { kind: string; text: string } | undefined {
  const cookie = flashCookieOf(response);
  if (!cookie) return undefined;
  return JSON.parse(decodeURIComponent(cookie.slice('helpdesk_flash='.length))) as {
    kind: string;
    text: string;
  };
}

/**
 * A tier service booted in a test: its own schema and event log schema (dropped at the end),
 * the environment it reads (restored at the end), its HTTP edge and its event stream.
 */
export class ServiceUnderTest {
  readonly databaseUrl = process.env['DATABASE_URL'] ?? '';
  readonly schema: string;
  readonly logSchema: string;
  /** What the service reads: the defaults every service needs and its own settings. */
  readonly environment: Record<string, string>;
  private savedEnvironment: Record<string, string | undefined> = {};
  private started?: NestExpressApplication;

  /** `environment`: the service's own settings, over the defaults every service needs. */
  constructor(service: string, environment: Record<string, string> = {}) {
    this.schema = uniqueName(service).replace(/-/g, '_');
    this.logSchema = uniqueName('event-log').replace(/-/g, '_');
    this.environment = {
      DATABASE_SCHEMA: this.schema,
      EVENT_LOG: 'postgres',
      EVENT_LOG_SCHEMA: this.logSchema,
      EVENT_LOG_PARTITIONS: '2',
      INTERNAL_API_TOKEN: 'internal-token-for-tests',
      AUTH_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      // On the real clock, with tickets from the past: no SLA loop in the way.
      SLA_CHECK_INTERVAL_MS: '3600000',
      ...environment,
    };
  }

  get app(): NestExpressApplication {
    if (!this.started) throw new Error('the service is not started');
    return this.started;
  }

  /**
   * Sets the environment, then loads the module (it reads its settings when it is loaded)
   * and starts the app with its event stream.
   */
  async start(loadAppModule: () => Promise<Type>): Promise<void> {
    this.savedEnvironment = Object.fromEntries(
      Object.keys(this.environment).map((name) => [name, process.env[name]]),
    );
    Object.assign(process.env, this.environment);
    const moduleRef = await Test.createTestingModule({
      imports: [await loadAppModule()],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: ['error', 'warn'],
    });
    this.started = app;
    configureHttp(app);
    await app.init();
    app.connectMicroservice({ strategy: app.get(TicketEventStream) });
    await app.startAllMicroservices();
  }

  /** Closes the app, drops its schemas, restores the environment. */
  async stop(): Promise<void> {
    await this.started?.close();
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS ${this.logSchema} CASCADE`);
    } finally {
      await client.end();
    }
    for (const [name, value] of Object.entries(this.savedEnvironment)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  /** Appends events to the log and waits until the service has projected them. */
  feed = async (events: TicketEvent[]): Promise<void> => {
    await this.app.get<EventLog>(EVENT_LOG).append(events);
    await this.app.get(ProjectionRunner).waitUntilCaughtUp();
  };

  http = () => request(this.app.getHttpServer());

  post = (path: string, token: string, body: object = {}) =>
    this.http().post(path).set('Authorization', `Bearer ${token}`).send(body);

  get = (path: string, token: string) =>
    this.http().get(path).set('Authorization', `Bearer ${token}`);

  /** A session token for a technician whose name is their id. */
  issue = (id: string, level: SupportLevel, supervisor = false): Promise<string> =>
    this.app.get(TechnicianTokens).issue({ id, name: id, level, supervisor });

  /** A technician signed in the way a browser is: a session cookie (their name is their id). */
  signIn = async (
    id: string,
    level: SupportLevel,
    supervisor = false,
  ): Promise<DashboardSession> => {
    const token = await this.issue(id, level, supervisor);
    return {
      cookie: `${SESSION_COOKIE}=${token}`,
      csrfToken: this.app.get(CsrfTokens).for(token),
    };
  };

  /** A dashboard page as the signed-in technician's browser asks for it, with more cookies. */
  page = (path: string, session: DashboardSession, cookies: readonly string[] = []) =>
    this.http()
      .get(path)
      .set('Cookie', [session.cookie, ...cookies])
      .set('Accept', 'text/html');

  /** A dashboard form posted by the signed-in technician's browser, with its CSRF token. */
  submit = (path: string, session: DashboardSession, fields: Record<string, string> = {}) =>
    this.http()
      .post(path)
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrfToken, ...fields });
}
