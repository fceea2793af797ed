// Conversions between KQL values: to text (tostring and Kusto's printed form), from text (todatetime,
// toint…, sample-data cells), and between scalar types. Null in, null out (except text: strings are never null).
import {
  formatDatetime, formatTimespan, parseDatetime, parseTimespan,
  type KqlType, type Value,
} from '../values';

/**
 * A real as .NET prints a double (shortest round-trip digits, "G" layout): scientific when the decimal
 * exponent is below -4 or 15 and above, e.g. 1E-05, 1E+15.
 */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e15) {
    // in this range JS also prints plain, shortest round-trip digits
    return String(x);
  }
  const [mantissa, exp] = x.toExponential().split('e');
  const sign = exp[0] === '-' ? '-' : '+';
  return `${mantissa}E${sign}${exp.slice(1).padStart(2, '0')}`;
}

/** Compact JSON text of a dynamic value, as tostring() prints arrays and bags. */
export function dynamicToJson(v: Value): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? formatReal(x) : x));
}

/** tostring(): the text of a typed value. Null of any type gives "" (strings are never null). */
export function toText(v: Value, type: KqlType): string {
  if (v === null) return '';
  switch (type) {
    case 'string': case 'guid': return v as string;
    case 'bool': return v ? 'true' : 'false';
    case 'int': case 'long': return String(v);
    case 'real': case 'decimal': return formatReal(v as number);
    case 'datetime': return formatDatetime(v as number);
    case 'timespan': return formatTimespan(v as number);
    case 'dynamic': return dynamicText(v);
  }
}

/** The text of a dynamic value: a string is itself (no quotes), primitives their text, arrays/bags JSON. */
export function dynamicText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatReal(v);
  return dynamicToJson(v);
}

/** Ticks from 0001-01-01 (the origin of Kusto's datetime ticks) to 2020-01-01 (the engine's tick origin). */
export const DOTNET_EPOCH_TICKS = 737_424 * 864_000_000_000;

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const HEX_TEXT = /^\s*0[xX][0-9a-fA-F]+\s*$/;
const REAL_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const GUID_TEXT = /^\s*\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?\s*$/;

/** Parses a real the way todouble() does: decimal or exponent forms, "NaN", "inf"; null otherwise. */
export function parseReal(text: string): number | null {
  if (REAL_TEXT.test(text)) return Number(text);
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === 'infinity' || t === '+inf' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return null;
}

export function parseGuid(text: string): string | null {
  const m = GUID_TEXT.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : null;
}

function parseBool(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return null;
}

/**
 * Parses JSON into a dynamic value; text that is not JSON stays a dynamic string (parse_json's rule), but empty
 * text is null (isnull-function: `isnull(parse_json(""))` is true).
 */
export function parseJson(text: string): Value {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as Value;
  } catch {
    return text;
  }
}

/**
 * Converts the text of a cell (sample data, a CSV field) to a value of `type`. Returns `undefined` when the
 * text is not a valid `type` value, so the caller can report file/line/column; "" is null for non-strings.
 */
export function fromText(text: string, type: KqlType): Value | undefined {
  if (type === 'string') return text;
  if (text.trim() === '' || text.trim() === 'null') return null;
  let v: Value | undefined;
  switch (type) {
    case 'bool': v = parseBool(text); break;
    case 'int': case 'long': {
      const n = integerFromText(text);
      // an int cell outside 32 bits is bad data, not a value to wrap; longs beyond 2^53 keep a rounded value
      v = n === null || (type === 'int' && int32(n) !== n) ? null : n;
      break;
    }
    case 'real': case 'decimal': v = parseReal(text); break;
    case 'datetime': v = parseDatetime(text); break;
    case 'timespan': v = parseTimespan(text); break;
    case 'guid': v = parseGuid(text); break;
    case 'dynamic': {
      try { return JSON.parse(text) as Value; } catch { return text; }
    }
  }
  return v === null ? undefined : v;
}

function integerFromText(text: string): number | null {
  if (INTEGER_TEXT.test(text)) return Number(text);
  if (HEX_TEXT.test(text)) return Number.parseInt(text.trim().slice(2), 16);
  return null;
}

/** Wraps to a signed 32-bit integer, as int arithmetic and toint() do. */
export function int32(n: number): number { return n | 0; }

/**
 * tolong()/toint() of any value: strings parse, reals truncate, bools 0/1, timespans their ticks, datetimes their
 * ticks since 0001-01-01 (scalar-data-types/datetime).
 */
export function toInteger(v: Value, type: KqlType): number | null {
  if (v === null) return null;
  switch (type) {
    case 'bool': return v ? 1 : 0;
    case 'int': case 'long': case 'timespan': return v as number;
    case 'datetime': return (v as number) + DOTNET_EPOCH_TICKS;
    case 'real': case 'decimal': return Number.isFinite(v) ? Math.trunc(v as number) : null;
    case 'string': case 'guid': {
      const text = v as string;
      const n = integerFromText(text);
      if (n !== null) return n;
      const r = parseReal(text);
      return r !== null && Number.isFinite(r) ? Math.trunc(r) : null;
    }
    case 'dynamic': return typeof v === 'object' ? null : toInteger(v, dynamicScalarType(v)); // an array or bag is no number
  }
}

/** todouble()/toreal() of any value. */
export function toReal(v: Value, type: KqlType): number | null {
  if (v === null) return null;
  switch (type) {
    case 'bool': return v ? 1 : 0;
    case 'int': case 'long': case 'real': case 'decimal': case 'timespan': return v as number;
    case 'datetime': return (v as number) + DOTNET_EPOCH_TICKS;
    case 'string': case 'guid': return parseReal(v as string);
    case 'dynamic': return typeof v === 'object' ? null : toReal(v, dynamicScalarType(v));
  }
}

/** tobool(): "true"/"false" (any case), numbers non-zero; anything else null. */
export function toBool(v: Value, type: KqlType): boolean | null {
  if (v === null) return null;
  switch (type) {
    case 'bool': return v as boolean;
    case 'int': case 'long': case 'real': case 'decimal': return v !== 0;
    case 'string': {
      const t = (v as string).trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : null;
    }
    case 'dynamic': return typeof v === 'object' ? null : toBool(v, dynamicScalarType(v));
    default: return null;
  }
}

/** todatetime(): datetime text, a datetime, or a dynamic holding one; numbers are not datetimes. */
export function toDatetimeValue(v: Value, type: KqlType): number | null {
  if (v === null) return null;
  if (type === 'datetime') return v as number;
  if (type === 'string' || (type === 'dynamic' && typeof v === 'string')) return parseDatetime(v as string);
  return null;
}

/** totimespan(): timespan text, a timespan, or a number of ticks. */
export function toTimespanValue(v: Value, type: KqlType): number | null {
  if (v === null) return null;
  switch (type) {
    case 'timespan': case 'int': case 'long': return v as number;
    case 'real': case 'decimal': return Math.trunc(v as number);
    case 'string': return parseTimespan(v as string);
    case 'dynamic':
      if (typeof v === 'string') return parseTimespan(v);
      return typeof v === 'number' ? Math.trunc(v) : null;
    default: return null;
  }
}

/** toguid(). */
export function toGuidValue(v: Value, type: KqlType): string | null {
  if (v === null) return null;
  if (type === 'guid') return v as string;
  if (type === 'string' || (type === 'dynamic' && typeof v === 'string')) return parseGuid(v as string);
  return null;
}

/** todynamic() of a typed scalar: datetimes and timespans become their text, as in a JSON cell. */
export function toDynamic(v: Value, type: KqlType): Value {
  if (v === null) return null;
  if (type === 'datetime' || type === 'timespan') return toText(v, type);
  return v;
}

/**
 * The conversion of a value of static type `from` to the type `to` the analyzer gave an expression that merges
 * branches of several types (iff/case/coalesce: `iff(c, datetime(…), dynamic(…))` is a datetime): a dynamic
 * branch is cast as the to* function would, a typed value entering a dynamic result takes its dynamic form.
 * Undefined when no change of representation is needed (the same type, numeric widening).
 */
export function castTo(from: KqlType, to: KqlType): ((v: Value) => Value) | undefined {
  if (from === to) return undefined;
  if (to === 'dynamic') return from === 'datetime' || from === 'timespan' ? (v) => toDynamic(v, from) : undefined;
  if (from !== 'dynamic') return undefined;
  switch (to) {
    case 'string': return (v) => toText(v, 'dynamic');
    case 'int': return (v) => { const n = toInteger(v, 'dynamic'); return n === null ? null : int32(n); };
    case 'long': return (v) => toInteger(v, 'dynamic');
    case 'real': case 'decimal': return (v) => toReal(v, 'dynamic');
    case 'bool': return (v) => toBool(v, 'dynamic');
    case 'datetime': return (v) => toDatetimeValue(v, 'dynamic');
    case 'timespan': return (v) => toTimespanValue(v, 'dynamic');
    case 'guid': return (v) => toGuidValue(v, 'dynamic');
  }
}

/** The scalar type a primitive dynamic value behaves as. */
function dynamicScalarType(v: Value): KqlType {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  return 'dynamic';
}
