// Run-time representation of KQL values. Chosen for speed in the row loop: plain JS primitives, no boxes.
//
//   bool            -> boolean
//   int, long, real, decimal -> number (the static type from the analyzer decides integer semantics)
//   string          -> string (KQL strings are never null: a missing string is "")
//   datetime        -> number: 100-ns ticks since 2020-01-01T00:00:00Z (exact for 1991..2048, so values such
//                      as 2020-09-17T21:46:05.4030000Z keep their 7 fractional digits)
//   timespan        -> number: 100-ns ticks
//   guid            -> string (lower case)
//   dynamic         -> JS JSON value (null, boolean, number, string, array, plain object)
//   null (of any type but string) -> null
export type KqlType = 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'guid' | 'dynamic';
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;
/** Unix milliseconds of the tick origin 2020-01-01T00:00:00Z. */
export const TICK_EPOCH_MS = Date.UTC(2020, 0, 1);

export function ticksFromUnixMs(ms: number): number { return (ms - TICK_EPOCH_MS) * TICKS_PER_MS; }
export function unixMsFromTicks(ticks: number): number { return Math.floor(ticks / TICKS_PER_MS) + TICK_EPOCH_MS; }

const ISO = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$/;

// The shapes of the datetime text Kusto reads besides ISO 8601 (scalar-data-types/datetime: RFC 822/850
// `Sat, 8 Nov 14 15:05:02 GMT`, `Saturday, 08-Nov-14 15:05`, sortable with a zone name `2014-11-08 15:05 PST`;
// todatetime-function's `12-02-2022`; the portal's CSV export `10/25/2023, 9:43:21.990 AM`), each matched whole,
// with the place of its day and month.
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
const CLOCK = '(?:,?[ T]+\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:\\s*[ap]m)?)?';
const ZONE = '(?:\\s*(?:gmt|utc|ut|z|[ecmp][sd]t|[+-]\\d{2}:?\\d{2}))?';
const shape = (date: string) => new RegExp(`^\\s*${date}${CLOCK}${ZONE}\\s*$`, 'i');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const OTHER_SHAPES: { re: RegExp; dayMonth: (m: RegExpExecArray) => [number, number] }[] = [
  { re: shape(`(?:[a-z]+,\\s*)?(\\d{1,2})[ -]${MONTH}[ -]\\d{2,4}`), dayMonth: (m) => [+m[1], MONTHS.indexOf(m[2].toLowerCase()) + 1] },
  { re: shape('(\\d{1,2})[-/](\\d{1,2})[-/]\\d{2,4}'), dayMonth: (m) => [+m[2], +m[1]] }, // month first, as V8 reads it
  { re: shape('\\d{4}[-/](\\d{1,2})[-/](\\d{1,2})'), dayMonth: (m) => [+m[2], +m[1]] },
];
const HAS_ZONE = /(?:gmt|utc|ut|z|[ecmp][sd]t|[+-]\d{2}:?\d{2})\s*$/i;

/** Parses the datetime forms Kusto accepts in sample data and `datetime()`/`todatetime()`; null when it cannot. */
export function parseDatetime(text: string): number | null {
  const m = ISO.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    if (Number.isNaN(ms) || +mo < 1 || +mo > 12 || +d < 1 || +d > daysInMonth(+y, +mo) || +h > 23 || +mi > 59 || +s > 59) return null;
    // Date.UTC maps years 0..99 to 1900+; fix them.
    const date = new Date(ms);
    if (+y < 100) date.setUTCFullYear(+y);
    let ticks = ticksFromUnixMs(date.getTime()) + (frac ? Number(frac.slice(0, 7).padEnd(7, '0')) : 0);
    if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC' && zone !== 'GMT') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
      ticks -= sign * offsetMin * TICKS_PER_MINUTE;
    }
    return ticks;
  }
  // Other documented forms. Only text of such a shape goes to Date.parse, which alone accepts far more (V8
  // reads "12" as 2001-12-01 and "2014-11-08 junk" as 11 June).
  for (const { re, dayMonth } of OTHER_SHAPES) {
    const shaped = re.exec(text);
    if (!shaped) continue;
    const [day, month] = dayMonth(shaped);
    const ms = Date.parse(HAS_ZONE.test(text) ? text : text + ' GMT');
    // Date.parse rolls "31 Feb 14" and "2/30/2014" over to March; a day the month does not have is no date
    if (Number.isNaN(ms) || month < 1 || month > 12 || day < 1 || day > daysInMonth(new Date(ms).getUTCFullYear(), month)) return null;
    return ticksFromUnixMs(ms);
  }
  return null;
}

/** Days of a month (1-12) in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO-8601 UTC with 7 fractional digits, as Kusto prints datetimes: 2020-09-17T21:46:05.4030000Z. */
export function formatDatetime(ticks: number): string {
  // 9999-12-31 23:59:59.9999999 (the largest datetime) is not a JS number: it rounds to the start of year 10000
  if (ticks >= 2_518_244_640_000_000_000) return '9999-12-31T23:59:59.9999999Z';
  const ms = Math.floor(ticks / TICKS_PER_MS);
  const subMs = Math.round(ticks - ms * TICKS_PER_MS);
  const iso = new Date(ms + TICK_EPOCH_MS).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 19)}.${millis}${String(subMs).padStart(4, '0')}Z`;
}

const TIMESPAN = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$/;
const TIMESPAN_UNIT = /^\s*(-)?(\d+(?:\.\d+)?)\s*(d|day|days|h|hr|hrs|hour|hours|m|min|minute|minutes|s|sec|second|seconds|ms|milli|millis|millisecond|milliseconds|microsecond|microseconds|tick|ticks)\s*$/;
const UNIT_TICKS: Record<string, number> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hr: TICKS_PER_HOUR, hrs: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, min: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, sec: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS, milli: TICKS_PER_MS, millis: TICKS_PER_MS, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10, microseconds: 10, tick: 1, ticks: 1,
};

/** A whole number of days: `timespan(2)` is 2 days (scalar-data-types/timespan), as .NET's TimeSpan.Parse reads "2". */
const TIMESPAN_DAYS = /^\s*([-+]?\d+)\s*$/;

/** Parses `[-][d.]hh:mm[:ss[.fffffff]]`, `<n><unit>` (`5m`, `1.5h`, `2d`) and `<days>`; null when it cannot. */
export function parseTimespan(text: string): number | null {
  let m = TIMESPAN_DAYS.exec(text);
  if (m) return Number(m[1]) * TICKS_PER_DAY;
  m = TIMESPAN.exec(text);
  if (m) {
    const [, neg, d = '0', h, mi, s = '0', frac = ''] = m;
    // [inferred] each field within its clock range, as .NET's TimeSpan.Parse requires: "00:00:61" is no timespan
    if (+h > 23 || +mi > 59 || +s > 59) return null;
    const ticks = +d * TICKS_PER_DAY + +h * TICKS_PER_HOUR + +mi * TICKS_PER_MINUTE + +s * TICKS_PER_SECOND
      + (frac ? Number(frac.padEnd(7, '0')) : 0);
    return neg ? -ticks : ticks;
  }
  m = TIMESPAN_UNIT.exec(text);
  if (m) {
    const ticks = Math.round(Number(m[2]) * UNIT_TICKS[m[3]]);
    return m[1] ? -ticks : ticks;
  }
  return null;
}

/** Kusto's timespan text: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ticks: number): string {
  const neg = ticks < 0;
  let t = Math.abs(Math.round(ticks));
  const days = Math.floor(t / TICKS_PER_DAY); t -= days * TICKS_PER_DAY;
  const h = Math.floor(t / TICKS_PER_HOUR); t -= h * TICKS_PER_HOUR;
  const mi = Math.floor(t / TICKS_PER_MINUTE); t -= mi * TICKS_PER_MINUTE;
  const s = Math.floor(t / TICKS_PER_SECOND); t -= s * TICKS_PER_SECOND;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${neg ? '-' : ''}${days ? days + '.' : ''}${two(h)}:${two(mi)}:${two(s)}${t ? '.' + String(t).padStart(7, '0') : ''}`;
}
