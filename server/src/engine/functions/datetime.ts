// Calendar arithmetic on datetime ticks (100 ns since 2020-01-01, UTC): period starts, calendar parts,
// datetime_add and datetime_diff's boundary counting, and bin alignment.
import {
  TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, ticksFromUnixMs, unixMsFromTicks,
} from '../values';

export interface CalendarParts { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; weekday: number }

export function calendarParts(ticks: number): CalendarParts {
  const d = new Date(unixMsFromTicks(ticks));
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds(), weekday: d.getUTCDay(),
  };
}

/** Ticks of a UTC calendar date; month and day may overflow (month 13 → January next year). */
export function ticksOfDate(year: number, month: number, day = 1): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years below 100 literal
  return ticksFromUnixMs(date.getTime());
}

const floorTo = (t: number, unit: number): number => Math.floor(t / unit) * unit;

export const startOfDay = (t: number): number => floorTo(t, TICKS_PER_DAY);
/** Weeks start on Sunday. */
export const startOfWeek = (t: number): number => startOfDay(t) - calendarParts(t).weekday * TICKS_PER_DAY;
export const startOfMonth = (t: number): number => { const p = calendarParts(t); return ticksOfDate(p.year, p.month); };
export const startOfYear = (t: number): number => ticksOfDate(calendarParts(t).year, 1);

/** Adds whole months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 29/28). */
export function addMonths(t: number, months: number): number {
  const p = calendarParts(t);
  const timeOfDay = t - startOfDay(t);
  const target = ticksOfDate(p.year, p.month + months);
  const daysInTarget = calendarParts(ticksOfDate(p.year, p.month + months + 1) - TICKS_PER_DAY).day;
  return target + (Math.min(p.day, daysInTarget) - 1) * TICKS_PER_DAY + timeOfDay;
}

const FIXED_PERIODS: Record<string, number> = {
  week: 7 * TICKS_PER_DAY, day: TICKS_PER_DAY, hour: TICKS_PER_HOUR, minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND, millisecond: TICKS_PER_MS, microsecond: 10, nanosecond: 0.01,
};
const PERIOD_ALIASES: Record<string, string> = {
  years: 'year', quarters: 'quarter', months: 'month', weeks: 'week', days: 'day', hours: 'hour',
  minutes: 'minute', seconds: 'second', milliseconds: 'millisecond', microseconds: 'microsecond',
  nanoseconds: 'nanosecond', ms: 'millisecond',
};

/** Normalises a period name ("Year", "hours", …); undefined if unknown. */
export function periodName(text: string): string | undefined {
  const p = text.trim().toLowerCase();
  const name = PERIOD_ALIASES[p] ?? p;
  return name in FIXED_PERIODS || name === 'year' || name === 'quarter' || name === 'month' ? name : undefined;
}

/** datetime_add(period, amount, dt). */
export function addPeriod(period: string, amount: number, t: number): number {
  switch (period) {
    case 'year': return addMonths(t, 12 * amount);
    case 'quarter': return addMonths(t, 3 * amount);
    case 'month': return addMonths(t, amount);
    default: return t + Math.round(amount * FIXED_PERIODS[period]);
  }
}

/** datetime_diff(period, a, b): the number of period boundaries between b and a (positive when a is later). */
export function periodBoundariesBetween(period: string, a: number, b: number): number {
  // Calendar parts only for calendar periods: fixed periods are plain arithmetic (this runs per row in filters).
  switch (period) {
    case 'year': return calendarParts(a).year - calendarParts(b).year;
    case 'quarter': case 'month': {
      const pa = calendarParts(a); const pb = calendarParts(b);
      return period === 'month'
        ? (pa.year * 12 + pa.month) - (pb.year * 12 + pb.month)
        : (pa.year * 4 + Math.floor((pa.month - 1) / 3)) - (pb.year * 4 + Math.floor((pb.month - 1) / 3));
    }
    case 'week': return Math.round((startOfWeek(a) - startOfWeek(b)) / FIXED_PERIODS.week);
    case 'nanosecond': return (a - b) * 100;
    default: {
      const unit = FIXED_PERIODS[period];
      return Math.floor(a / unit) - Math.floor(b / unit);
    }
  }
}

/** The datetime range (scalar-data-types/datetime): 0001-01-01 to 9999-12-31 23:59:59.9999999, in engine ticks. */
export const MIN_DATETIME = -637_134_336_000_000_000;
/** The last tick of 9999 (2518244639999999999) is not a JS number; the nearest one is the start of 10000. */
export const MAX_DATETIME = 2_518_244_640_000_000_000;

/** A computed datetime, or null outside the datetime range (the result of an overflowing date computation). */
export function inDatetimeRange(t: number | null): number | null {
  return t === null || !Number.isFinite(t) || t < MIN_DATETIME || t > MAX_DATETIME ? null : t;
}

/** Days from 0001-01-01 (.NET's tick origin, to which datetime bins are aligned) to 2020-01-01. */
const DAYS_FROM_YEAR_ONE = 737424;

/** bin(datetime, size): floor to a multiple of size counted from 0001-01-01. */
export function binDatetime(t: number, size: number): number {
  const offset = binOffset(size);
  return Math.floor((t + offset) / size) * size - offset;
}

// The offset depends on the size only, and a query bins by one size per call site: computing it in BigInts
// for every row cost 4 BigInts per row.
let lastSize = NaN;
let lastOffset = 0;
function binOffset(size: number): number {
  if (size !== lastSize) {
    lastOffset = Number((BigInt(DAYS_FROM_YEAR_ONE) * BigInt(TICKS_PER_DAY)) % BigInt(Math.round(size)));
    lastSize = size;
  }
  return lastOffset;
}
