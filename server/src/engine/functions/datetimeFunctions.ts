// Date/time functions: ago, now, bin/floor/bin_at, datetime_add/diff/part, start/end of periods, calendar
// parts, format_*, unixtime_*_todatetime, make_datetime/make_timespan.
import type { KqlType, Value } from '../values';
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND, ticksFromUnixMs } from '../values';
import { toInteger, toReal, toText } from './convert';
import {
  addMonths, addPeriod, binDatetime, calendarParts, inDatetimeRange, periodBoundariesBetween, periodName,
  startOfDay, startOfMonth, startOfWeek, startOfYear, ticksOfDate,
} from './datetime';
import { formatDatetimeWith, formatTimespanWith } from './datetimeFormat';
import type { CallSite, ScalarCompiler } from './types';
import { KqlRuntimeError } from './types';

const ago: ScalarCompiler = () => ([span], rt) => (span === null ? null : rt.now - (span as number));
const now: ScalarCompiler = () => ([offset], rt) => (offset === undefined ? rt.now : offset === null ? null : rt.now + (offset as number));

/** bin(value, size) rounds down to a multiple of size; datetimes align to 0001-01-01. */
function binBy(valueType: KqlType, sizeType: KqlType): (v: number, size: number) => number | null {
  if (valueType === 'datetime') return (v, size) => binDatetime(v, size);
  const integerResult = (valueType === 'int' || valueType === 'long') && (sizeType === 'int' || sizeType === 'long');
  return (v, size) => {
    const q = Math.floor(v / size) * size;
    return integerResult ? Math.trunc(q) : q;
  };
}
const bin: ScalarCompiler = ({ argTypes: [vt, st] }) => {
  const f = binBy(vt, st);
  return ([v, size]) => (v === null || size === null || (size as number) <= 0 ? null : f(v as number, size as number));
};
/** bin_at(value, size, fixedPoint): bins aligned so that fixedPoint starts a bin. */
const bin_at: ScalarCompiler = () => ([v, size, fixed]) => {
  if (v === null || size === null || fixed === null || (size as number) <= 0) return null;
  const s = size as number; const f = fixed as number;
  return f + Math.floor(((v as number) - f) / s) * s;
};

/** A period-name argument, checked once when constant. */
function periodArg(site: CallSite, index: number): (v: Value) => string {
  const check = (v: Value) => {
    const p = periodName(toText(v, site.argTypes[index]));
    if (!p) throw new KqlRuntimeError(`${site.name}(): unknown period '${toText(v, site.argTypes[index])}' at ${site.where}`);
    return p;
  };
  const c = site.constArgs[index];
  if (c !== undefined) { const p = check(c); return () => p; }
  return check;
}

const datetime_add: ScalarCompiler = (site) => {
  const period = periodArg(site, 0);
  return ([p, amount, dt]) => {
    if (amount === null || dt === null) return null;
    return inDatetimeRange(addPeriod(period(p), toInteger(amount, site.argTypes[1]) ?? 0, dt as number));
  };
};

const datetime_diff: ScalarCompiler = (site) => {
  const period = periodArg(site, 0);
  return ([p, a, b]) => (a === null || b === null ? null : periodBoundariesBetween(period(p), a as number, b as number));
};

/** datetime_part(part, dt): Year, Quarter, Month, week_of_year, Day, DayOfYear, Hour, Minute, Second… */
const datetime_part: ScalarCompiler = (site) => ([part, dt]) => {
  if (dt === null) return null;
  const t = dt as number;
  const p = calendarParts(t);
  const name = toText(part, site.argTypes[0]).toLowerCase();
  switch (name) {
    case 'year': return p.year;
    case 'quarter': return Math.floor((p.month - 1) / 3) + 1;
    case 'month': return p.month;
    case 'week_of_year': case 'weekofyear': return isoWeek(t);
    case 'day': return p.day;
    case 'dayofyear': return dayOfYear(t);
    case 'hour': return p.hour;
    case 'minute': return p.minute;
    case 'second': return p.second;
    case 'millisecond': return Math.floor(mod(t, TICKS_PER_SECOND) / TICKS_PER_MS);
    case 'microsecond': return Math.floor(mod(t, TICKS_PER_SECOND) / 10);
    case 'nanosecond': return mod(t, TICKS_PER_SECOND) * 100;
  }
  throw new KqlRuntimeError(`datetime_part(): unknown part '${name}' at ${site.where}`);
};

const mod = (a: number, m: number) => ((a % m) + m) % m;
const dayOfYear = (t: number) => Math.floor((startOfDay(t) - startOfYear(t)) / TICKS_PER_DAY) + 1;

/** ISO 8601 week number (weeks start Monday; week 1 holds the year's first Thursday). */
function isoWeek(t: number): number {
  const weekdayMonday0 = (calendarParts(t).weekday + 6) % 7;
  const thursday = startOfDay(t) + (3 - weekdayMonday0) * TICKS_PER_DAY;
  return Math.floor((thursday - startOfYear(thursday)) / (7 * TICKS_PER_DAY)) + 1;
}

/** A start-of-period function with an optional integer offset in periods. */
function startOf(start: (t: number) => number, shift: (t: number, n: number) => number): ScalarCompiler {
  return ({ argTypes }) => ([dt, offset]) => {
    if (dt === null) return null;
    const n = offset === undefined ? 0 : toInteger(offset, argTypes[1]);
    return n === null ? null : start(shift(dt as number, n));
  };
}
/** endof…: one tick before the next period starts. */
function endOf(start: (t: number) => number, shift: (t: number, n: number) => number): ScalarCompiler {
  return ({ argTypes }) => ([dt, offset]) => {
    if (dt === null) return null;
    const n = offset === undefined ? 0 : toInteger(offset, argTypes[1]);
    return n === null ? null : start(shift(dt as number, n + 1)) - 1;
  };
}
const shiftDays = (days: number) => (t: number, n: number) => t + n * days * TICKS_PER_DAY;
const shiftMonths = (months: number) => (t: number, n: number) => addMonths(startOfMonth(t), n * months);

/** A calendar part of a datetime as a number. */
function part(get: (t: number) => number): ScalarCompiler {
  return () => ([dt]) => (dt === null ? null : get(dt as number));
}

/** dayofweek: days since the preceding Sunday, as a timespan. */
const dayofweek = part((t) => calendarParts(t).weekday * TICKS_PER_DAY);

const format_datetime: ScalarCompiler = ({ argTypes }) => ([dt, f]) =>
  dt === null ? '' : formatDatetimeWith(dt as number, toText(f, argTypes[1]));
const format_timespan: ScalarCompiler = ({ argTypes }) => ([ts, f]) =>
  ts === null ? '' : formatTimespanWith(ts as number, toText(f, argTypes[1]));

/** Ticks from 1970-01-01 to the engine's tick origin 2020-01-01. */
const UNIX_EPOCH_TICKS = BigInt(-ticksFromUnixMs(0));

/**
 * unixtime_*_todatetime(n): n units since 1970-01-01; non-numbers give null. Whole numbers are converted in
 * BigInt, since n × ticks-per-unit exceeds 2^53 for present-day values.
 */
function fromUnix(ticksPerUnit: bigint, unitsPerTick = 1n): ScalarCompiler {
  return ({ argTypes: [t] }) => ([v]) => {
    const n = toReal(v, t);
    if (n === null || !Number.isFinite(n)) return null;
    if (Number.isInteger(n)) return inDatetimeRange(Number((BigInt(n) * ticksPerUnit) / unitsPerTick - UNIX_EPOCH_TICKS));
    return inDatetimeRange(Math.round((n * Number(ticksPerUnit)) / Number(unitsPerTick)) - Number(UNIX_EPOCH_TICKS));
  };
}

/** make_datetime(year, month, day [, hour, minute, second]) with a fractional second. */
const make_datetime: ScalarCompiler = ({ argTypes }) => (args) => {
  const n = args.map((v, i) => toReal(v, argTypes[i]));
  if (n.some((x) => x === null)) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = n as number[];
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return inDatetimeRange(ticksOfDate(y, mo, d) + h * TICKS_PER_HOUR + mi * TICKS_PER_MINUTE + Math.round(s * TICKS_PER_SECOND));
};

/** make_timespan(hour, minute [, second]) or make_timespan(day, hour, minute, second). */
const make_timespan: ScalarCompiler = ({ argTypes }) => (args) => {
  const n = args.map((v, i) => toReal(v, argTypes[i]));
  if (n.some((x) => x === null)) return null;
  const [d, h, mi, s] = n.length === 4 ? (n as number[]) : [0, ...(n as number[]), 0];
  return d * TICKS_PER_DAY + h * TICKS_PER_HOUR + mi * TICKS_PER_MINUTE + Math.round((s ?? 0) * TICKS_PER_SECOND);
};

export const datetimeFunctions: Record<string, ScalarCompiler> = {
  ago, now, bin, floor: bin, bin_at, datetime_add, datetime_diff, datetime_part,
  startofday: startOf(startOfDay, shiftDays(1)), startofweek: startOf(startOfWeek, shiftDays(7)),
  startofmonth: startOf(startOfMonth, shiftMonths(1)), startofyear: startOf(startOfYear, shiftMonths(12)),
  endofday: endOf(startOfDay, shiftDays(1)), endofweek: endOf(startOfWeek, shiftDays(7)),
  endofmonth: endOf(startOfMonth, shiftMonths(1)), endofyear: endOf(startOfYear, shiftMonths(12)),
  dayofweek, dayofmonth: part((t) => calendarParts(t).day), dayofyear: part(dayOfYear),
  hourofday: part((t) => calendarParts(t).hour), monthofyear: part((t) => calendarParts(t).month),
  getmonth: part((t) => calendarParts(t).month), getyear: part((t) => calendarParts(t).year),
  week_of_year: part(isoWeek), // the obsolete weekofyear() used another week rule; it stays unsupported
  format_datetime, format_timespan,
  unixtime_seconds_todatetime: fromUnix(BigInt(TICKS_PER_SECOND)), unixtime_milliseconds_todatetime: fromUnix(BigInt(TICKS_PER_MS)),
  unixtime_microseconds_todatetime: fromUnix(10n), unixtime_nanoseconds_todatetime: fromUnix(1n, 100n),
  make_datetime, make_timespan,
};
