import { Logger } from '@nestjs/common';
import { AppliedEvent, DeadLetter, ProjectionObserver } from '@helpdesk/event-log';

/**
 * A line per event the projection applied, and per dead letter, each with the event's
 * ticketId and correlationId: grep the services' logs for a correlation id and a ticket's way
 * through them shows. During a rebuild the applied events are logged at debug level.
 */
export function projectionLog(logger: Logger): ProjectionObserver {
  return {
    applied(events: readonly AppliedEvent[], { rebuilding }: { rebuilding: boolean }): void {
      for (const { event, partition, position } of events) {
        const line = {
          msg: `${event.type} #${event.sequence} applied`,
          ticketId: event.ticketId,
          correlationId: event.correlationId,
          eventId: event.eventId,
          partition,
          position,
        };
        if (rebuilding) logger.debug(line);
        else logger.log(line);
      }
    },
    deadLettered(letters: readonly DeadLetter[]): void {
      for (const letter of letters) {
        logger.warn({
          msg: `dead letter: ${letter.reason}`,
          ticketId: letter.key,
          correlationId: correlationIdIn(letter.value),
          partition: letter.partition,
          position: letter.position,
        });
      }
    },
  };
}

/** Tells every observer in turn. */
export function allObservers(...observers: ProjectionObserver[]): ProjectionObserver {
  return {
    applied: (events, context) =>
      observers.forEach((observer) => observer.applied?.(events, context)),
    deadLettered: (letters) => observers.forEach((observer) => observer.deadLettered?.(letters)),
  };
}

/** A dead letter's value may be anything; its correlation id, when it has one. */
function correlationIdIn(value: string): string | undefined {
  try {
    const parsed = JSON.parse(value) as { correlationId?: unknown } | null;
    return typeof parsed?.correlationId === 'string' ? parsed.correlationId : undefined;
  } catch {
    return undefined;
  }
}
