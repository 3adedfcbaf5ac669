import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { SupportLevel } from '@helpdesk/ticket-events';
import {
  EventLog,
  OutboxPublishedMark1764000000011,
  OutboxRelay,
  OutboxTable1764000000001,
  OutboxWriter,
  ProjectionDeadLetterTable1764000000003,
  ProjectionRunner,
  ProjectionStoreTables1764000000000,
} from '@helpdesk/event-log';
import { createEventLog } from './create-event-log';
import { EVENT_LOG } from './event-log.token';
import { DatabaseSettings, EventLogSettings, readSettings } from './event-log.settings';
import { CsrfTokens } from './auth/csrf-tokens';
import { SessionCookie } from './auth/session-cookie';
import { TechnicianGuard } from './auth/technician.guard';
import { TechnicianTokens } from './auth/technician-tokens';
import { Clock, SystemClock } from './commands/clock';
import { ServiceIdentity } from './commands/service-identity';
import { TicketCommandBus } from './commands/ticket-command-bus';
import { HealthController } from './health.controller';
import { DeadLettersAdminController } from './http/dead-letters-admin.controller';
import { InternalTokenGuard } from './http/internal-token.guard';
import { JsonDepthMiddleware } from './http/json-depth.middleware';
import { ReadModelAdminController } from './http/read-model-admin.controller';
import { RequesterActionsController } from './http/requester-actions.controller';
import { TicketLifecycleStore } from './lifecycle/ticket-lifecycle.store';
import { TicketLifecycleTable1764000000002 } from './lifecycle/ticket-lifecycle.table';
import { projectionProviders } from './projection-providers';
import { ServiceSettings } from './service.settings';
import { TicketEventStream } from './ticket-event-stream.server';
import { TicketChanges, ticketChangesChannel } from './live/ticket-changes';
import { DashboardGuard } from './web/dashboard-page';
import { HttpMetricsMiddleware } from './observability/http-metrics.middleware';
import { MetricsController, MetricsTokenGuard } from './observability/metrics.controller';
import { ObservabilitySettings } from './observability/observability.settings';
import { ProjectionLagClock } from './observability/projection-lag-clock';
import { allObservers, projectionLog } from './observability/projection-log';
import { ServiceMetrics } from './observability/service-metrics';
import { LiveUpdatesController } from './web/live-updates.controller';
import { SignOutController } from './web/sign-out.controller';
import { WebAssetsController } from '@helpdesk/web-ui';

export interface TicketServiceOptions {
  /** The service's name: its client id, its default schema. */
  service: string;
  /** Versioned projection (and consumer group) name, e.g. `triage.read-model.v1`. */
  projection: string;
  /** The support level a tier service serves; it then also takes the requester's actions. */
  level?: SupportLevel;
  /** The service's own migrations, run after the shared ones (projection store, outbox). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
  migrations?: MixedList<Function | string>;
  environment?: Record<string, string | undefined>;
}

@Injectable()
class EventLogLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.log.ensureCreated();
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.log.close();
  }
}

/**
 * What every ticket service shares: its settings, its own database schema (migrated at start),
 * the event log, the outbox and its relay, the projection feeding its `@OnTicketEvent` handlers
 * (TicketEventStream, connected in main.ts), and /health/live and /health/ready.
 */
@Module({})
export class TicketServiceModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware, JsonDepthMiddleware).forRoutes('{*path}');
  }

  static forRoot(options: TicketServiceOptions): DynamicModule {
    const environment = options.environment ?? process.env;
    const database = readSettings(DatabaseSettings, environment, {
      DATABASE_SCHEMA: options.service.replace(/-/g, '_'),
    });
    const logSettings = readSettings(EventLogSettings, environment);
    const serviceSettings = readSettings(ServiceSettings, environment);
    const observability = readSettings(ObservabilitySettings, environment);
    const lagClock = new ProjectionLagClock();
    return {
      module: TicketServiceModule,
      global: true,
      imports: [
        DiscoveryModule,
        // The health controller logs readiness changes itself, not every failed probe.
        TerminusModule.forRoot({ logger: false }),
        JwtModule.register({
          secret: serviceSettings.AUTH_SECRET,
          signOptions: { algorithm: 'HS256' },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            return {
              type: 'postgres' as const,
              url: database.DATABASE_URL,
              schema: database.DATABASE_SCHEMA,
              migrationsTableName: 'migrations',
              migrations: [
                ProjectionStoreTables1764000000000,
                OutboxTable1764000000001,
                TicketLifecycleTable1764000000002,
                ProjectionDeadLetterTable1764000000003,
                OutboxPublishedMark1764000000011,
                ...((options.migrations as unknown[]) ?? []),
              ] as MixedList<string>,
              migrationsRun: true,
              autoLoadEntities: true,
            };
          },
          dataSourceFactory: (dataSourceOptions) =>
            whileMigrating(database, async () => {
              if (!dataSourceOptions) throw new Error('TypeORM options are missing');
              return new DataSource(dataSourceOptions).initialize();
            }),
        }),
      ],
      controllers: [
        HealthController,
        MetricsController,
        ReadModelAdminController,
        DeadLettersAdminController,
        SignOutController,
        WebAssetsController,
        ...(options.level ? [RequesterActionsController, LiveUpdatesController] : []),
      ],
      providers: [
        { provide: DatabaseSettings, useValue: database },
        { provide: ServiceSettings, useValue: serviceSettings },
        { provide: ObservabilitySettings, useValue: observability },
        {
          provide: ServiceIdentity,
          useValue: new ServiceIdentity(options.service, options.level ?? null),
        },
        { provide: Clock, useClass: SystemClock },
        TicketCommandBus,
        InternalTokenGuard,
        TechnicianTokens,
        TechnicianGuard,
        SessionCookie,
        CsrfTokens,
        DashboardGuard,
        TicketChanges,
        {
          provide: EVENT_LOG,
          useFactory: () =>
            createEventLog(logSettings, {
              clientId: options.service,
              databaseUrl: database.DATABASE_URL,
              logger: new Logger('EventLog'),
            }),
        },
        { provide: ProjectionLagClock, useValue: lagClock },
        ...projectionProviders({
          schema: database.DATABASE_SCHEMA,
          projection: options.projection,
          changesChannel: ticketChangesChannel(database.DATABASE_SCHEMA),
          observer: allObservers(projectionLog(new Logger(options.projection)), lagClock),
        }),
        { provide: OutboxWriter, useValue: new OutboxWriter(database.DATABASE_SCHEMA) },
        {
          provide: OutboxRelay,
          inject: [EVENT_LOG, OutboxWriter],
          useFactory: (log: EventLog, writer: OutboxWriter) =>
            new OutboxRelay({
              connectionString: database.DATABASE_URL,
              schema: database.DATABASE_SCHEMA,
              log,
              writer,
              retentionMs: logSettings.OUTBOX_RETENTION_SECONDS * 1_000,
              logger: new Logger('OutboxRelay'),
            }),
        },
        EventLogLifecycle,
        ServiceMetrics,
        MetricsTokenGuard,
      ],
      exports: [
        EVENT_LOG,
        TicketEventStream,
        ProjectionRunner,
        TicketLifecycleStore,
        OutboxWriter,
        DatabaseSettings,
        ServiceSettings,
        ServiceIdentity,
        Clock,
        TicketCommandBus,
        InternalTokenGuard,
        TechnicianTokens,
        TechnicianGuard,
        SessionCookie,
        CsrfTokens,
        DashboardGuard,
        TicketChanges,
        ServiceMetrics,
        JwtModule,
      ],
    };
  }
}

/**
 * Creates the service's schema and runs `migrate` (the DataSource's start, which runs the
 * migrations) under an advisory lock of the schema: replicas starting together (a rollout)
 * migrate one after the other, and the later ones find nothing left to do. The lock is held
 * by a connection of its own, so TypeORM's pool is free to work meanwhile.
 */
async function whileMigrating<T>(
  settings: DatabaseSettings,
  migrate: () => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: settings.DATABASE_URL });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [
      `helpdesk.migrations.${settings.DATABASE_SCHEMA}`,
    ]);
    await client.query(
      `CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(settings.DATABASE_SCHEMA)}`,
    );
    return await migrate();
  } finally {
    // Ending the session releases the lock.
    await client.end();
  }
}
