import {
  ArgumentsHost,
  Catch,
  Controller,
  RpcExceptionFilter,
  UseFilters,
  applyDecorators,
} from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { TicketEventType } from '@helpdesk/ticket-events';

/** The pattern of the handler that empties a read model before a rebuild. */
export const READ_MODEL_RESET = 'ReadModelReset';

/**
 * Nest's default RPC filter turns every error into "Internal server error". A projection must
 * see the real one: it decides between a retry (database down) and a dead letter (bad event).
 */
@Catch()
class RethrowToProjectionRunner implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/** Marks a class whose methods handle ticket events with `@OnTicketEvent`. */
export function TicketEventHandlers(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RethrowToProjectionRunner()));
}

/**
 * Handles one or several event types inside the projection's transaction: declare
 * `(@Payload() event: TicketEventOfType<'...'>, @Ctx() context: ProjectionContext)`.
 * Several classes may handle one type: their handlers run one after the other (in the order
 * the classes are registered), all in the one transaction.
 */
export function OnTicketEvent(
  ...types: [
    TicketEventType | typeof READ_MODEL_RESET,
    ...(TicketEventType | typeof READ_MODEL_RESET)[],
  ]
): MethodDecorator {
  return EventPattern(types);
}
