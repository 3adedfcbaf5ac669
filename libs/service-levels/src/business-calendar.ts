import { z } from 'zod';
import { describeConfigurationError, parseJsonSetting } from './configuration';
import { DAY_MS, civilDayOf, instantOf, isTimeZone, isoDateOf, weekdayOf } from './zoned-time';

/** Minutes after local midnight: [start, end), end at most 24:00. */
export type BusinessHours = readonly [start: number, end: number];

/** When the service desk works: weekly hours in a time zone, less the holidays. */
export interface BusinessCalendar {
  /** IANA zone the hours and holidays are in. */
  readonly timeZone: string;
  /** Each weekday's hours, Monday first, sorted and apart. */
  readonly week: readonly (readonly BusinessHours[])[];
  /** Local dates (`YYYY-MM-DD`) without business hours. */
  readonly holidays: ReadonlySet<string>;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const OFFICE_HOURS: BusinessHours[] = [[8 * 60, 18 * 60]];

/** Monday to Friday, 08:00 to 18:00 UTC, no holidays. */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  timeZone: 'UTC',
  week: [OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, [], []],
  holidays: new Set(),
};

/**
 * A long search for business time means a calendar that has hardly any: stop rather than loop.
 * Ten years of days, far beyond any target.
 */
const DAYS_SEARCHED = 3_660;

/**
 * The business intervals from `from` on, clipped to start there, in order and apart. Days
 * are those of the zone; a holiday has none.
 */
function* businessIntervals(
  calendar: BusinessCalendar,
  from: number,
): Generator<readonly [number, number]> {
  let day = civilDayOf(from, calendar.timeZone);
  let previousEnd = from;
  for (let searched = 0; searched < DAYS_SEARCHED; searched++, day += DAY_MS) {
    if (calendar.holidays.has(isoDateOf(day))) continue;
    for (const [startMinute, endMinute] of calendar.week[weekdayOf(day)] ?? []) {
      // A daylight-saving change can fold a wall-clock interval onto its neighbour: keep order.
      const start = Math.max(instantOf(day, startMinute, calendar.timeZone), previousEnd);
      const end = instantOf(day, endMinute, calendar.timeZone);
      if (end <= start) continue;
      previousEnd = end;
      yield [start, end];
    }
  }
  throw new Error(`the business calendar has no business time in ${DAYS_SEARCHED} days`);
}

/** Business time (ms) between two instants; 0 when `to` is not after `from`. */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const end = to.getTime();
  if (end <= from.getTime()) return 0;
  let total = 0;
  for (const [start, stop] of businessIntervals(calendar, from.getTime())) {
    if (start >= end) break;
    total += Math.min(stop, end) - start;
  }
  return total;
}

/**
 * The instant at which `duration` ms of business time have passed since `from`: inside (or at
 * the end of) a business interval. A zero duration is `from` itself.
 */
export function addBusinessTime(calendar: BusinessCalendar, from: Date, duration: number): Date {
  if (duration <= 0) return from;
  let remaining = duration;
  for (const [start, end] of businessIntervals(calendar, from.getTime())) {
    if (remaining <= end - start) return new Date(start + remaining);
    remaining -= end - start;
  }
  throw new Error('unreachable: businessIntervals ends by throwing');
}

const HOURS_PATTERN = /^\d{2}:\d{2}-\d{2}:\d{2}$/;

const DayHoursSchema = z
  .preprocess(
    (value) => (value === null ? [] : typeof value === 'string' ? [value] : value),
    z.array(z.string().regex(HOURS_PATTERN, 'must be "HH:MM-HH:MM" (or a list)')),
  )
  .optional();

const CalendarSettingSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'is not a time zone (e.g. Europe/Paris, UTC)'),
    hours: z
      .object({
        mon: DayHoursSchema,
        tue: DayHoursSchema,
        wed: DayHoursSchema,
        thu: DayHoursSchema,
        fri: DayHoursSchema,
        sat: DayHoursSchema,
        sun: DayHoursSchema,
      })
      .strict(),
    holidays: z.array(z.iso.date('must be a date, YYYY-MM-DD')),
  })
  .partial()
  .strict();

/**
 * Reads `SLA_CALENDAR`, e.g. `{"timeZone":"Europe/Paris","hours":{"mon":"08:00-18:00",
 * "tue":["08:00-12:00","13:00-17:00"]},"holidays":["2026-12-25"]}`. A field left out keeps the
 * default (UTC, Monday to Friday 08:00-18:00, no holidays); given `hours` replace the whole
 * week, a day left out being closed. Errors name the field.
 */
export function parseBusinessCalendar(json: string | undefined): BusinessCalendar {
  const setting = 'SLA_CALENDAR';
  if (!json) return DEFAULT_BUSINESS_CALENDAR;
  const parsed = CalendarSettingSchema.safeParse(parseJsonSetting(setting, json));
  if (!parsed.success) throw describeConfigurationError(setting, parsed.error);
  const { timeZone, hours, holidays } = parsed.data;
  const week = hours
    ? WEEKDAYS.map((day) => businessHoursOf(setting, day, hours[day] ?? []))
    : DEFAULT_BUSINESS_CALENDAR.week;
  if (week.every((day) => day.length === 0)) {
    throw new Error(`${setting} hours: the week has no business hours`);
  }
  return {
    timeZone: timeZone ?? DEFAULT_BUSINESS_CALENDAR.timeZone,
    week,
    holidays: holidays ? new Set(holidays) : DEFAULT_BUSINESS_CALENDAR.holidays,
  };
}

function businessHoursOf(setting: string, day: Weekday, texts: readonly string[]): BusinessHours[] {
  const hours = texts
    .map((text): BusinessHours => {
      const [from = '', to = ''] = text.split('-');
      const start = minutesOfClock(from);
      const end = minutesOfClock(to);
      if (!(start < 24 * 60 && end <= 24 * 60)) {
        throw new Error(`${setting} hours.${day}: ${text} is not a time of day (00:00 to 24:00)`);
      }
      if (end <= start) throw new Error(`${setting} hours.${day}: ${text} ends before it starts`);
      return [start, end];
    })
    .sort((a, b) => a[0] - b[0]);
  hours.forEach(([start], index) => {
    const previous = hours[index - 1];
    if (previous && start < previous[1]) {
      throw new Error(`${setting} hours.${day}: ${texts.join(', ')} overlap`);
    }
  });
  return hours;
}

/** `HH:MM` as minutes after midnight; NaN when it is not a time of day. */
function minutesOfClock(clock: string): number {
  const [hours = NaN, minutes = NaN] = clock.split(':').map(Number);
  return minutes > 59 ? NaN : hours * 60 + minutes;
}
