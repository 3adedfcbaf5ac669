import fc from 'fast-check';
import {
  BusinessCalendar,
  BusinessHours,
  DEFAULT_BUSINESS_CALENDAR,
  addBusinessTime,
  businessTimeBetween,
  parseBusinessCalendar,
} from './business-calendar';

const minutes = (count: number) => count * 60_000;
const at = (iso: string) => new Date(iso);
const after = (calendar: BusinessCalendar, from: string, businessMinutes: number) =>
  addBusinessTime(calendar, at(from), minutes(businessMinutes)).toISOString();

describe('business time', () => {
  describe('on the default calendar (Monday to Friday, 08:00 to 18:00 UTC)', () => {
    const calendar = DEFAULT_BUSINESS_CALENDAR;

    it('counts the minutes of a working day', () => {
      expect(after(calendar, '2026-11-30T09:00:00.000Z', 60)).toBe('2026-11-30T10:00:00.000Z');
    });

    it('stops at closing time and goes on the next morning', () => {
      expect(after(calendar, '2026-11-30T17:30:00.000Z', 60)).toBe('2026-12-01T08:30:00.000Z');
    });

    it('skips the weekend', () => {
      // Friday 17:00 + 2 business hours: one hour on Friday, one on Monday.
      expect(after(calendar, '2026-11-27T17:00:00.000Z', 120)).toBe('2026-11-30T09:00:00.000Z');
      expect(
        businessTimeBetween(calendar, at('2026-11-27T17:00:00.000Z'), at('2026-11-30T09:00:00Z')),
      ).toBe(minutes(120));
    });

    it('starts counting at opening time when started outside business hours', () => {
      expect(after(calendar, '2026-11-28T12:00:00.000Z', 30)).toBe('2026-11-30T08:30:00.000Z');
      expect(after(calendar, '2026-11-30T06:00:00.000Z', 30)).toBe('2026-11-30T08:30:00.000Z');
    });

    it('ends a target that uses up a day exactly at closing time, not the next morning', () => {
      expect(after(calendar, '2026-11-30T08:00:00.000Z', 600)).toBe('2026-11-30T18:00:00.000Z');
    });

    it('finds no business time between an instant and an earlier one', () => {
      expect(businessTimeBetween(calendar, at('2026-11-30T12:00Z'), at('2026-11-30T10:00Z'))).toBe(
        0,
      );
    });
  });

  it('skips holidays', () => {
    const calendar = parseBusinessCalendar('{"holidays":["2026-12-24","2026-12-25"]}');
    // Wednesday 17:00 + 2 hours: Thursday and Friday are holidays, then the weekend.
    expect(after(calendar, '2026-12-23T17:00:00.000Z', 120)).toBe('2026-12-28T09:00:00.000Z');
  });

  it('pauses over a lunch break', () => {
    const calendar = parseBusinessCalendar(
      '{"hours":{"mon":["08:00-12:00","13:00-17:00"],"tue":"08:00-17:00"}}',
    );
    expect(after(calendar, '2026-11-30T11:30:00.000Z', 60)).toBe('2026-11-30T13:30:00.000Z');
    // Monday afternoon is over at 17:00; Wednesday to Sunday are closed.
    expect(after(calendar, '2026-11-30T16:30:00.000Z', 60)).toBe('2026-12-01T08:30:00.000Z');
    expect(after(calendar, '2026-12-01T16:30:00.000Z', 60)).toBe('2026-12-07T08:30:00.000Z');
  });

  describe('in a time zone', () => {
    it("counts the zone's office hours, not UTC's", () => {
      const paris = parseBusinessCalendar('{"timeZone":"Europe/Paris"}');
      // 07:30 in Paris (06:30Z): the office opens at 08:00 Paris time, 07:00Z in winter.
      expect(after(paris, '2026-11-30T06:30:00.000Z', 60)).toBe('2026-11-30T08:00:00.000Z');
    });

    it('follows the change from summer to winter time over a weekend', () => {
      const paris = parseBusinessCalendar('{"timeZone":"Europe/Paris"}');
      // Friday 17:00 CEST (15:00Z) + 2 hours: Monday 09:00 CET, which is 08:00Z.
      expect(after(paris, '2026-10-23T15:00:00.000Z', 120)).toBe('2026-10-26T08:00:00.000Z');
    });

    it("takes a holiday on the zone's date", () => {
      const tokyo = parseBusinessCalendar(
        '{"timeZone":"Asia/Tokyo","hours":{"mon":"09:00-17:00","tue":"09:00-17:00","wed":"09:00-17:00"},"holidays":["2026-12-01"]}',
      );
      // Monday 16:00 in Tokyo (07:00Z) + 2 hours: one on Monday, Tuesday off, Wednesday 10:00.
      expect(after(tokyo, '2026-11-30T07:00:00.000Z', 120)).toBe('2026-12-02T01:00:00.000Z');
    });
  });

  describe('properties, over calendars in zones with and without daylight saving', () => {
    const zones = [
      'UTC',
      'Europe/Paris',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
    ];
    const dayHours = fc
      .uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 4 })
      .map((bounds): BusinessHours[] => {
        const sorted = [...bounds].sort((a, b) => a - b);
        const hours: BusinessHours[] = [];
        for (let index = 0; index + 1 < sorted.length; index += 2) {
          hours.push([sorted[index]! * 30, sorted[index + 1]! * 30]);
        }
        return hours;
      });
    const calendars = fc
      .record({
        timeZone: fc.constantFrom(...zones),
        week: fc.array(dayHours, { minLength: 7, maxLength: 7 }),
        holidays: fc.uniqueArray(
          fc
            .integer({ min: 0, max: 729 })
            .map((day) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000))
            .map((date) => date.toISOString().slice(0, 10)),
          { maxLength: 30 },
        ),
      })
      .filter(({ week }) => week.some((day) => day.length > 0))
      .map((calendar): BusinessCalendar => ({ ...calendar, holidays: new Set(calendar.holidays) }));
    const instants = fc
      .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) })
      .map((ms) => new Date(ms));
    const durations = fc.integer({ min: 0, max: 3 * 24 * 60 * 60_000 });

    it('the business time from a start to its due time is the duration asked for', () => {
      fc.assert(
        fc.property(calendars, instants, durations, (calendar, from, duration) => {
          const due = addBusinessTime(calendar, from, duration);
          expect(businessTimeBetween(calendar, from, due)).toBe(duration);
        }),
      );
    });

    it('is monotonic: more business time never falls due earlier', () => {
      fc.assert(
        fc.property(calendars, instants, durations, durations, (calendar, from, first, second) => {
          const [shorter, longer] = first <= second ? [first, second] : [second, first];
          expect(addBusinessTime(calendar, from, shorter).getTime()).toBeLessThanOrEqual(
            addBusinessTime(calendar, from, longer).getTime(),
          );
        }),
      );
    });

    it('adds up: the time from a to c is the time from a to b plus from b to c', () => {
      fc.assert(
        fc.property(calendars, instants, instants, instants, (calendar, ...moments) => {
          const [a, b, c] = moments.sort((x, y) => x.getTime() - y.getTime());
          expect(businessTimeBetween(calendar, a, c)).toBe(
            businessTimeBetween(calendar, a, b) + businessTimeBetween(calendar, b, c),
          );
        }),
        { numRuns: 50 },
      );
    });
  });
});

describe('SLA_CALENDAR', () => {
  it('keeps the default when unset', () => {
    expect(parseBusinessCalendar(undefined)).toBe(DEFAULT_BUSINESS_CALENDAR);
    expect(parseBusinessCalendar('')).toBe(DEFAULT_BUSINESS_CALENDAR);
  });

  it('reads a zone, hours per weekday (a day left out is closed) and holidays', () => {
    const calendar = parseBusinessCalendar(
      '{"timeZone":"Europe/Berlin","hours":{"mon":"07:30-19:00","sat":["09:00-12:00"],"sun":null},"holidays":["2026-12-25"]}',
    );
    expect(calendar.timeZone).toBe('Europe/Berlin');
    expect(calendar.week).toEqual([[[450, 1140]], [], [], [], [], [[540, 720]], []]);
    expect([...calendar.holidays]).toEqual(['2026-12-25']);
  });

  it('names the field that is wrong', () => {
    const wrong = (json: string) => () => parseBusinessCalendar(json);
    expect(wrong('{oops')).toThrow(/^SLA_CALENDAR must be JSON/);
    expect(wrong('{"timeZone":"Mars/Olympus"}')).toThrow(
      'SLA_CALENDAR timeZone: is not a time zone',
    );
    expect(wrong('{"hours":{"mon":"8-18"}}')).toThrow('SLA_CALENDAR hours.mon.0: must be "HH:MM');
    expect(wrong('{"hours":{"mon":"18:00-08:00"}}')).toThrow(
      'SLA_CALENDAR hours.mon: 18:00-08:00 ends before it starts',
    );
    expect(wrong('{"hours":{"tue":["08:00-12:00","11:00-17:00"]}}')).toThrow(
      'SLA_CALENDAR hours.tue: 08:00-12:00, 11:00-17:00 overlap',
    );
    expect(wrong('{"hours":{"mon":"08:00-25:00"}}')).toThrow('is not a time of day');
    expect(wrong('{"hours":{"monday":"08:00-18:00"}}')).toThrow(/SLA_CALENDAR hours: .*monday/);
    expect(wrong('{"hours":{}}')).toThrow('SLA_CALENDAR hours: the week has no business hours');
    expect(wrong('{"holidays":["25/12/2026"]}')).toThrow(
      'SLA_CALENDAR holidays.0: must be a date, YYYY-MM-DD',
    );
    expect(wrong('{"zone":"UTC"}')).toThrow(/^SLA_CALENDAR: .*zone/);
  });
});
