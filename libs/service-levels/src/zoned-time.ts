/** Wall-clock time in an IANA time zone, with Intl (the zone rules come with Node). */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the zone (`Europe/Paris`, `UTC`, ...). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const offsets = new Map<string, number>();

/**
 * How far the zone's wall clock is ahead of UTC at `instant`, in ms. Zones change their offset
 * on quarter hours (all current zones do; a few 1970s ones did not), so it is asked of Intl
 * once per zone and quarter hour: Intl's formatting dominated the SLA timers' cost.
 */
function offsetAt(instant: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(instant / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= 100_000) offsets.clear();
    offset = intlOffsetAt(instant, timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

function intlOffsetAt(instant: number, timeZone: string): number {
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  const parts = formatterOf(timeZone).formatToParts(new Date(wholeSecond));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  const wallClock = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wallClock - wholeSecond;
}

/**
 * The local date of an instant in the zone, as the UTC midnight of that date (a "civil day":
 * consecutive days are exactly DAY_MS apart whatever the zone does).
 */
export function civilDayOf(instant: number, timeZone: string): number {
  const wallClock = instant + offsetAt(instant, timeZone);
  return Math.floor(wallClock / DAY_MS) * DAY_MS;
}

/**
 * The instant at which the zone's clocks show `minuteOfDay` (0..1440) on the civil day. A wall
 * time skipped by a daylight-saving change maps next to the gap; a repeated one to one of the two.
 */
export function instantOf(civilDay: number, minuteOfDay: number, timeZone: string): number {
  const wallClock = civilDay + minuteOfDay * MINUTE_MS;
  const guess = wallClock - offsetAt(wallClock, timeZone);
  return wallClock - offsetAt(guess, timeZone);
}

/** 0 = Monday ... 6 = Sunday. */
export function weekdayOf(civilDay: number): number {
  return (new Date(civilDay).getUTCDay() + 6) % 7;
}

/** `YYYY-MM-DD` of a civil day. */
export function isoDateOf(civilDay: number): string {
  return new Date(civilDay).toISOString().slice(0, 10);
}
