import { AppliedEvent, PartitionLag, ProjectionObserver } from '@helpdesk/event-log';

/**
 * How long the projection trails the log, in time. Per partition it remembers when the
 * projection was last known to be current there: the occurredAt of the last event it applied
 * (fed as an observer), or the moment the partition was seen caught up, whichever is later.
 * Every event a trailing partition still holds occurred after that, so `now - that` bounds the
 * age of its oldest unapplied event from above.
 */
export class ProjectionLagClock implements ProjectionObserver {
  private readonly currentAt = new Map<number, number>();

  applied(events: readonly AppliedEvent[]): void {
    for (const { event, partition } of events) {
      this.advance(partition, Date.parse(event.occurredAt));
    }
  }

  /**
   * Seconds behind: 0 when caught up, else since the trailing partition that has been current
   * the longest time ago; undefined while a trailing partition has never been seen current
   * (a service starting on a backlog) — until it applies its first event there.
   *
   * @param lag the partitions' lag, as read from the log and the checkpoints
   * @param readAt when that reading started (ms): what it shows caught up was so by then
   */
  lagSeconds(lag: readonly PartitionLag[], readAt: number, now = Date.now()): number | undefined {
    const trailing = lag.filter((partition) => partition.lag > 0);
    for (const { partition } of lag.filter((partition) => partition.lag === 0)) {
      this.advance(partition, readAt);
    }
    let oldest = now;
    for (const { partition } of trailing) {
      const since = this.currentAt.get(partition);
      if (since === undefined) return undefined;
      oldest = Math.min(oldest, since);
    }
    return Math.max(0, (now - oldest) / 1000);
  }

  private advance(partition: number, at: number): void {
    if (Number.isNaN(at)) return;
    this.currentAt.set(partition, Math.max(at, this.currentAt.get(partition) ?? -Infinity));
  }
}
