// A fast path for the one datetime form sample data nearly always uses, Kusto's canonical
// `YYYY-MM-DDThh:mm:ss[.f{1,7}]Z` (e.g. 2020-09-17T21:46:05.4030000Z). It reads digits by character code
// instead of a regex match with nine captures; any other form (and any text it does not fully accept) is
// left to the engine's general parser, so the two can never disagree on what a text means.
import { daysInMonth, ticksFromUnixMs } from '../engine/values';

const ZERO = 48;
/** Powers of ten that scale a fraction of n digits to 7 (100 ns ticks). */
const TO_TICKS = [1, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/** Ticks of a canonical ISO UTC datetime text, or undefined when the text is not exactly that form. */
export function canonicalIsoTicks(text: string): number | undefined {
  const n = text.length;
  if (n < 20 || n > 28 || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 /* T */
    || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let fraction = 0;
  if (n > 20) {
    const fractionDigits = n - 21;
    if (text.charCodeAt(19) !== 46 /* . */ || fractionDigits < 1) return undefined;
    fraction = digits(text, 20, fractionDigits);
    if (fraction < 0) return undefined;
    fraction *= TO_TICKS[fractionDigits];
  } else if (text.charCodeAt(19) !== 90) {
    return undefined;
  }
  const ms = (daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000;
  return ticksFromUnixMs(ms) + fraction;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): Date.UTC's arithmetic
 * without a call into the runtime. A day the month does not have is turned away before (the general parser
 * reads it as no date).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal number of `count` ASCII digits at `start`, or -1 when one is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
