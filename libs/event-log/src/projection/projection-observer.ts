import { TicketEvent } from '@helpdesk/ticket-events';
import { DeadLetter } from '../port/event-log';

/** An event the projection applied, and where it was in the log. */
export interface AppliedEvent {
  readonly event: TicketEvent;
  readonly partition: number;
  readonly position: number;
}

/**
 * Hears about events once their transaction has committed, never before: a batch that rolls
 * back and runs again is reported once. Called synchronously; an observer that throws is
 * reported to the logger and does not disturb the projection.
 */
export interface ProjectionObserver {
  /** Events applied from the log (`rebuilding`: during a rebuild) or by a dead-letter replay. */
  applied?(events: readonly AppliedEvent[], context: { rebuilding: boolean }): void;
  /** Records sent to the dead letters. */
  deadLettered?(letters: readonly DeadLetter[]): void;
}
