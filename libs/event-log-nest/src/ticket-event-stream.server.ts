import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { TicketEvent } from '@helpdesk/ticket-events';
import {
  EventLog,
  Logger,
  ProjectionContext,
  ProjectionObserver,
  ProjectionRunner,
} from '@helpdesk/event-log';
import { TicketLifecycleStore } from './lifecycle/ticket-lifecycle.store';
import { READ_MODEL_RESET } from './ticket-event-handlers';

export interface TicketEventStreamOptions {
  log: EventLog;
  dataSource: DataSource;
  /** The service's own schema (projection store tables). */
  schema: string;
  /** Projection and consumer-group name, versioned: `triage.read-model.v1`. */
  projection: string;
  /** Where the projection announces the tickets it changed (see TicketChanges). */
  changesChannel?: string;
  logger?: Logger;
  /** Told of the events applied and dead-lettered, once committed (logs, metrics). */
  observer?: ProjectionObserver;
}

/**
 * A Nest transport that feeds the service's `@OnTicketEvent` handlers from the event log,
 * through a ProjectionRunner: the handlers' writes and the checkpoint commit together, poison
 * events go to the dead letters. Before the handler, every event is folded into the service's
 * ticket_lifecycle table (ownership and status, for its commands). Event types without a
 * handler are passed over (they still count for the ticket's sequence).
 */
export class TicketEventStream extends Server implements CustomTransportStrategy {
  readonly runner: ProjectionRunner;
  readonly lifecycle: TicketLifecycleStore;

  constructor(options: TicketEventStreamOptions) {
    super();
    this.lifecycle = new TicketLifecycleStore(options.schema);
    this.runner = new ProjectionRunner({
      log: options.log,
      dataSource: options.dataSource,
      schema: options.schema,
      changesChannel: options.changesChannel,
      logger: options.logger,
      observer: options.observer,
      projection: {
        name: options.projection,
        apply: async (event, context) => {
          await this.lifecycle.apply(context.manager, event);
          await this.dispatch(event.type, event, context);
        },
        reset: async (manager) => {
          await this.lifecycle.clear(manager);
          await this.dispatch(READ_MODEL_RESET, undefined, { manager });
        },
      },
    });
  }

  listen(callback: (error?: unknown) => void): void {
    this.runner.start().then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await this.runner.stop();
  }

  on(): never {
    throw new Error('TicketEventStream has no events to subscribe to');
  }

  /**
   * Several classes may handle one event type (a service with two read models). Nest would
   * run their handlers side by side on the one transaction; here each one runs after the
   * previous one has finished, in the order the classes are registered.
   */
  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const route = this.normalizePattern(pattern as string);
    const previous = this.messageHandlers.get(route);
    if (!previous) {
      super.addHandler(pattern, callback, isEventHandler, extras);
      return;
    }
    const next: MessageHandler<unknown, unknown, unknown> = callback;
    const inTurn: MessageHandler<unknown, unknown, unknown> = async (data, context) => {
      await lastValueFrom(this.transformToObservable(await previous(data, context)), {
        defaultValue: undefined,
      });
      return next(data, context);
    };
    this.messageHandlers.set(route, Object.assign(inTurn, { isEventHandler, extras }));
  }

  unwrap<T>(): T {
    return this.runner as T;
  }

  private async dispatch(
    pattern: string,
    event: TicketEvent | undefined,
    context: ProjectionContext | { manager: EntityManager },
  ): Promise<void> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) return;
    await lastValueFrom(this.transformToObservable(await handler(event, context)), {
      defaultValue: undefined,
    });
  }
}
