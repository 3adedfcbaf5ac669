import { PartitionLag } from '@helpdesk/event-log';
import { aTicketSubmitted } from '@helpdesk/testing';
import { ProjectionLagClock } from './projection-lag-clock';

const T0 = Date.parse('2026-11-30T09:00:00.000Z');
const seconds = (n: number) => T0 + n * 1000;

function lagOf(...lags: number[]): PartitionLag[] {
  return lags.map((lag, partition) => ({ partition, next: 0, end: lag, lag }));
}

function appliedAt(clock: ProjectionLagClock, partition: number, occurredAt: number): void {
  const event = { ...aTicketSubmitted(), occurredAt: new Date(occurredAt).toISOString() };
  clock.applied([{ event, partition, position: 0 }]);
}

describe('the projection lag in time', () => {
  it('is 0 while every partition is caught up', () => {
    expect(new ProjectionLagClock().lagSeconds(lagOf(0, 0), seconds(0), seconds(5))).toBe(0);
  });

  it('counts from when a trailing partition was last seen caught up', () => {
    const clock = new ProjectionLagClock();
    clock.lagSeconds(lagOf(0, 0), seconds(10), seconds(10));

    expect(clock.lagSeconds(lagOf(0, 3), seconds(40), seconds(40))).toBe(30);
  });

  it('counts from the last event applied there when that is later', () => {
    const clock = new ProjectionLagClock();
    clock.lagSeconds(lagOf(0, 0), seconds(10), seconds(10));
    appliedAt(clock, 1, seconds(25));

    expect(clock.lagSeconds(lagOf(0, 3), seconds(40), seconds(40))).toBe(15);
  });

  it('takes the partition that trails longest, and an old event never moves a partition back', () => {
    const clock = new ProjectionLagClock();
    clock.lagSeconds(lagOf(0, 0), seconds(20), seconds(20));
    appliedAt(clock, 0, seconds(5));
    appliedAt(clock, 1, seconds(35));

    expect(clock.lagSeconds(lagOf(2, 1), seconds(50), seconds(50))).toBe(30);
  });

  it('is unknown while a trailing partition has never been seen current, until it applies an event', () => {
    const clock = new ProjectionLagClock();

    expect(clock.lagSeconds(lagOf(0, 7), seconds(0), seconds(0))).toBeUndefined();
    appliedAt(clock, 1, seconds(-600));
    expect(clock.lagSeconds(lagOf(0, 6), seconds(0), seconds(0))).toBe(600);
  });
});
