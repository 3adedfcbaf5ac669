import { BadRequestException } from '@nestjs/common';
import { reportPeriod } from './report-period';

const NOW = new Date('2026-11-30T15:00:00Z');

describe('reportPeriod', () => {
  it('ends now and starts 30 days earlier by default', () => {
    expect(reportPeriod({}, NOW)).toEqual({
      from: new Date('2026-10-31T15:00:00Z'),
      to: NOW,
    });
    expect(reportPeriod({ to: '2026-11-10T00:00:00Z' }, NOW).from).toEqual(
      new Date('2026-10-11T00:00:00Z'),
    );
  });

  it('takes the whole of the days named by dates alone', () => {
    expect(reportPeriod({ from: '2026-11-01', to: '2026-11-30' }, NOW)).toEqual({
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    expect(
      reportPeriod({ from: '2026-11-01T08:00:00+01:00', to: '2026-11-01T10:00:00Z' }, NOW),
    ).toEqual({ from: new Date('2026-11-01T07:00:00Z'), to: new Date('2026-11-01T10:00:00Z') });
  });

  it('refuses a period that does not end after it starts, naming from', () => {
    const refusal = (() => {
      try {
        reportPeriod({ from: '2026-11-02', to: '2026-11-01' }, NOW);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(BadRequestException);
    expect((refusal as BadRequestException).getResponse()).toMatchObject({
      message: ['from must be before to'],
    });
  });
});
