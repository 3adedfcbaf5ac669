import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { TicketEventType } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { BatchStatement, ReadModelTable, StagedRows } from '@helpdesk/event-log';

export const TICKET_EVENT_HANDLERS = 'helpdesk:ticket-event-handlers';
export const ON_TICKET_EVENT = 'helpdesk:on-ticket-event';

/** What a handler class says of the event types it has no handler for. */
export interface TicketEventHandlersOptions {
  /**
   * The event types this class passes over on purpose. With the types its `@OnTicketEvent`
   * methods handle, they must name every type of the catalog, once: checked at start, so a new
   * event type is a decision in every read model, never an oversight.
   */
  readonly ignores: readonly TicketEventType[];
}

/**
 * Marks a provider whose `@OnTicketEvent` methods project ticket events into the service's
 * read model. The class names its tables in `tables` (the engine reads their rows for the
 * batch's tickets before the handlers run and writes them once per batch).
 */
export function TicketEventHandlers(options: TicketEventHandlersOptions): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(TICKET_EVENT_HANDLERS, options));
}

/** A class marked with `@TicketEventHandlers`. */
export interface ReadModelHandlers {
  readonly tables: readonly ReadModelTable<object>[];
}

/**
 * Handles one or several event types: `(event: TicketEventOfType<'...'>, context:
 * TicketEventContext) => void`. A handler is pure: it reads the rows the engine prepared and
 * stages changes on them; it awaits nothing. Several classes may handle one type: their
 * handlers run one after the other, in the order the classes are registered.
 */
export function OnTicketEvent(...types: [TicketEventType, ...TicketEventType[]]): MethodDecorator {
  return SetMetadata(ON_TICKET_EVENT, types);
}

/** What a handler gets with its event. */
export interface TicketEventContext {
  /** The ticket's lifecycle, already folded with this event. */
  readonly lifecycle: TicketLifecycle;
  /** A table's rows as the batch left them so far, to read and to change. */
  rows<Row extends object>(table: ReadModelTable<Row>): StagedRows<Row>;
  /** The escape hatch: SQL run once per batch with the rows given to it (see BatchStatement). */
  run(statement: BatchStatement, row: object): void;
}
