import { Logger, Provider } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { EventLog, ProjectionObserver, ProjectionRunner } from '@helpdesk/event-log';
import { EVENT_LOG } from './event-log.token';
import { TicketLifecycleStore } from './lifecycle/ticket-lifecycle.store';
import { ServiceProjection } from './service-projection';
import { TicketEventStream } from './ticket-event-stream.server';

export interface ProjectionOptions {
  /** The service's own schema: its read model, lifecycle and projection store. */
  schema: string;
  /** Projection and consumer-group name, versioned: `triage.read-model.v1`. */
  projection: string;
  /** Where the projection announces the tickets it changed (see TicketChanges). */
  changesChannel?: string;
  /** Told of the events applied and dead-lettered, once committed (logs, metrics). */
  observer?: ProjectionObserver;
}

/**
 * The providers that feed a service's read model from the log (needs `DiscoveryModule`, the
 * EVENT_LOG and a TypeORM DataSource): the lifecycle store, the ServiceProjection that finds the
 * `@TicketEventHandlers` classes, the ProjectionRunner, and the Nest transport that runs it.
 */
export function projectionProviders(options: ProjectionOptions): Provider[] {
  return [
    { provide: TicketLifecycleStore, useValue: new TicketLifecycleStore(options.schema) },
    {
      provide: ServiceProjection,
      inject: [TicketLifecycleStore, DiscoveryService, MetadataScanner, Reflector],
      useFactory: (
        lifecycle: TicketLifecycleStore,
        discovery: DiscoveryService,
        scanner: MetadataScanner,
        reflector: Reflector,
      ) => new ServiceProjection(options.projection, lifecycle, discovery, scanner, reflector),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_LOG, DataSource, ServiceProjection],
      useFactory: (log: EventLog, dataSource: DataSource, projection: ServiceProjection) =>
        new ProjectionRunner({
          log,
          dataSource,
          schema: options.schema,
          projection,
          changesChannel: options.changesChannel,
          logger: new Logger(options.projection),
          observer: options.observer,
        }),
    },
    {
      provide: TicketEventStream,
      inject: [ProjectionRunner],
      useFactory: (runner: ProjectionRunner) => new TicketEventStream(runner),
    },
  ];
}
