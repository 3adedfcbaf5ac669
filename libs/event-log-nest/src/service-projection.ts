import { OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { TicketEvent, TicketEventType, currentTicketEvents } from '@helpdesk/ticket-events';
import { TicketLifecycle, evolveLifecycle } from '@helpdesk/ticket-lifecycle';
import { Projection, ProjectionBatch, ReadModelTable } from '@helpdesk/event-log';
import { TicketLifecycleStore } from './lifecycle/ticket-lifecycle.store';
import {
  ON_TICKET_EVENT,
  ReadModelHandlers,
  TICKET_EVENT_HANDLERS,
  TicketEventContext,
  TicketEventHandlersOptions,
} from './ticket-event-handlers';

type Handler = (event: TicketEvent, context: TicketEventContext) => void;

const CATALOG = Object.keys(currentTicketEvents) as TicketEventType[];

/**
 * The service's projection: the kernel folds every event into the ticket's lifecycle, then
 * hands it to the `@OnTicketEvent` handlers of the service's `@TicketEventHandlers` classes,
 * found once at start (never looked up per event).
 */
export class ServiceProjection implements Projection, OnModuleInit {
  private readonly handlers = new Map<TicketEventType, Handler[]>();
  private readonly foldedIn = new WeakMap<ProjectionBatch, Map<string, TicketLifecycle>>();
  private handlerTables: readonly ReadModelTable<object>[] = [];

  constructor(
    readonly name: string,
    readonly lifecycle: TicketLifecycleStore,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  get tables(): readonly ReadModelTable<object>[] {
    return [this.lifecycle.table, ...this.handlerTables];
  }

  onModuleInit(): void {
    const tables: ReadModelTable<object>[] = [];
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      const options = this.reflector.get<TicketEventHandlersOptions | undefined>(
        TICKET_EVENT_HANDLERS,
        wrapper.metatype,
      );
      if (!options) continue;
      const className = wrapper.metatype.name;
      const handled = this.register(instance, className);
      assertCoversCatalog(className, handled, options.ignores);
      tables.push(...((instance as Partial<ReadModelHandlers>).tables ?? []));
    }
    this.handlerTables = [...new Map(tables.map((table) => [table.name, table])).values()];
  }

  apply(event: TicketEvent, batch: ProjectionBatch): void {
    const rows = batch.rows(this.lifecycle.table);
    const previous = rows.get({ ticket_id: event.ticketId })?.state;
    const lifecycle = evolveLifecycle(previous, event);
    rows.put(TicketLifecycleStore.rowOf(lifecycle));
    const context: TicketEventContext = {
      lifecycle,
      rows: (table) => batch.rows(table),
      run: (statement, row) => batch.run(statement, row),
    };
    for (const handler of this.handlers.get(event.type) ?? []) handler(event, context);
    // Only once every handler took the event: one that throws undoes the fold too.
    const folded = this.foldedIn.get(batch) ?? new Map<string, TicketLifecycle>();
    folded.set(event.ticketId, lifecycle);
    this.foldedIn.set(batch, folded);
  }

  /** The command bus reads the tickets its own events just moved without a round trip. */
  written(manager: EntityManager, batch: ProjectionBatch): void {
    const folded = this.foldedIn.get(batch);
    if (folded) this.lifecycle.remember(manager, [...folded.values()]);
  }

  private register(instance: object, className: string): Set<TicketEventType> {
    const handled = new Set<TicketEventType>();
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const method of this.scanner.getAllMethodNames(prototype)) {
      const implementation = prototype[method];
      if (typeof implementation !== 'function') continue;
      const types = this.reflector.get<TicketEventType[] | undefined>(
        ON_TICKET_EVENT,
        implementation,
      );
      for (const type of types ?? []) {
        if (handled.has(type)) {
          throw new Error(`${className} handles ${type} twice`);
        }
        handled.add(type);
        const handler = (implementation as Handler).bind(instance);
        this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
      }
    }
    return handled;
  }
}

function assertCoversCatalog(
  className: string,
  handled: ReadonlySet<TicketEventType>,
  ignored: readonly TicketEventType[],
): void {
  const both = ignored.filter((type) => handled.has(type));
  const neither = CATALOG.filter((type) => !handled.has(type) && !ignored.includes(type));
  if (both.length > 0 || neither.length > 0) {
    throw new Error(
      `${className} must handle or ignore each ticket event type once:` +
        (neither.length > 0 ? ` neither handled nor ignored: ${neither.join(', ')};` : '') +
        (both.length > 0 ? ` both handled and ignored: ${both.join(', ')};` : ''),
    );
  }
}
