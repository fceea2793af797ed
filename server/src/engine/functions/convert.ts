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
  // not JSON.stringify: it prints 1e20 as 100000000000000000000 and 1e-5 as 0.00001, where Kusto prints reals
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return jsonString(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return Number.isFinite(v) ? numberText(v) : `"${formatReal(v)}"`;
  }
  // loops and concatenation: this runs per row for group keys and string operators on dynamic columns
  let out: string;
  if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + dynamicToJson(v[i]);
    return out + ']';
  }
  out = '{';
  let first = true;
  for (const key in v) {
    out += (first ? '' : ',') + jsonString(key) + ':' + dynamicToJson(v[key]);
    first = false;
  }
  return out + '}';
}

/** The characters JSON.stringify escapes in a string: quote, backslash, controls, surrogates (lone ones). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const jsonString = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/** Whether a dynamic number prints as a long: a whole number inside the signed 64-bit range. */
const isLongNumber = (x: number) => Number.isInteger(x) && x >= -(2 ** 63) && x < 2 ** 63;

/** The text of a number held in a dynamic value: a long's digits, otherwise as a real prints (1E+20, 0.1). */
const numberText = (x: number) => (isLongNumber(x) ? longText(x) : formatReal(x));

/**
 * A long's digits. Beyond 2^53 a long is held rounded; its exact digits (9223372036854775808) beat JS's
 * 9223372036854776000, which no long prints as.
 */
const longText = (x: number) => (Number.isSafeInteger(x) || !Number.isInteger(x) ? String(x) : BigInt(x).toString());

/** tostring(): the text of a typed value. Null of any type gives "" (strings are never null). */
export function toText(v: Value, type: KqlType): string {
  if (v === null) return '';
  switch (type) {
    case 'string': case 'guid': return v as string;
    case 'bool': return v ? 'true' : 'false';
    case 'int': case 'long': return longText(v as number);
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
  if (typeof v === 'number') return numberText(v);
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
  return guidOf(GUID_TEXT.exec(text));
}

const guidOf = (m: RegExpExecArray | null) => (m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : null);

/**
 * toguid() of text (toguid-function): the first 32 hex digits, hyphens allowed only between the guid's groups;
 * the rest of the text is ignored. Upper-case digits are read too ([inferred]: the page names only 0-9, a-f).
 */
const GUID_PREFIX = /^([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})/;

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
    // a cell outside the type's range is bad data, not a value to wrap; longs beyond 2^53 keep a rounded value
    case 'int': case 'long': v = integerFromText(text, type === 'int' ? 32 : 64); break;
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

/**
 * The integer an integer text spells when it fits a signed `bits`-bit integer, else null (toint-function: a
 * failed conversion is null). Hex text is the bit pattern, as .NET reads it: toint("0xffffffff") is -1.
 */
function integerFromText(text: string, bits: 32 | 64): number | null {
  const t = text.trim();
  let n: bigint;
  if (INTEGER_TEXT.test(t)) {
    const x = Number(t);
    if (Number.isSafeInteger(x)) return bits === 64 || int32(x) === x ? x : null;
    n = BigInt(t); // beyond 2^53 only BigInt tells whether the text is inside the long range
  } else if (HEX_TEXT.test(t)) {
    n = BigInt(t);
    if (n >= 1n << BigInt(bits)) return null;
    n = BigInt.asIntN(bits, n);
  } else {
    return null;
  }
  const half = 1n << BigInt(bits - 1);
  return n >= -half && n < half ? Number(n) : null;
}

/** A real truncated to an integer, or null when it is not finite or outside a signed `bits`-bit integer. */
function truncateReal(x: number, bits: 32 | 64): number | null {
  const n = Math.trunc(x);
  const half = 2 ** (bits - 1);
  return n >= -half && n < half ? n : null; // false for NaN and the infinities
}

/** Wraps to a signed 32-bit integer, as int arithmetic and toint() of a long do. */
export function int32(n: number): number { return n | 0; }

/**
 * tolong() of any value: strings parse, reals truncate, bools 0/1, timespans their ticks, datetimes their ticks
 * since 0001-01-01 (scalar-data-types/datetime). Text or a real outside a signed `bits`-bit integer is null;
 * integer types pass unchanged (toInt32 wraps them).
 */
export function toInteger(v: Value, type: KqlType, bits: 32 | 64 = 64): number | null {
  if (v === null) return null;
  switch (type) {
    case 'bool': return v ? 1 : 0;
    case 'int': case 'long': case 'timespan': return v as number;
    case 'datetime': return (v as number) + DOTNET_EPOCH_TICKS;
    case 'real': case 'decimal': return truncateReal(v as number, bits);
    case 'string': case 'guid': {
      const text = v as string;
      if (INTEGER_TEXT.test(text) || HEX_TEXT.test(text)) return integerFromText(text, bits);
      const r = parseReal(text); // toint-function: "If the input includes a decimal value, the result truncate[s]"
      return r === null ? null : truncateReal(r, bits);
    }
    case 'dynamic': return typeof v === 'object' ? null : toInteger(v, dynamicScalarType(v), bits); // an array or bag is no number
  }
}

/**
 * toint() of any value: text and reals outside the signed 32-bit range are null (toint-function); a long wraps
 * to its low 32 bits, as a .NET cast does ([inferred]).
 */
export function toInt32(v: Value, type: KqlType): number | null {
  const n = toInteger(v, type, 32);
  return n === null ? null : int32(n);
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

/** tobool(): "true"/"false" (any case), numbers and integer text non-zero; anything else null. */
export function toBool(v: Value, type: KqlType): boolean | null {
  if (v === null) return null;
  switch (type) {
    case 'bool': return v as boolean;
    case 'int': case 'long': case 'real': case 'decimal': return v !== 0;
    case 'string': {
      const t = (v as string).trim().toLowerCase();
      if (t === 'true' || t === 'false') return t === 'true';
      // [inferred] text holding an integer is true when non-zero, as tobool(123) is (bool: true (1), false (0))
      const n = INTEGER_TEXT.test(t) ? Number(t) : NaN;
      return Number.isNaN(n) ? null : n !== 0;
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
  if (type === 'string' || (type === 'dynamic' && typeof v === 'string')) return guidOf(GUID_PREFIX.exec(v as string));
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
    case 'int': return (v) => toInt32(v, 'dynamic');
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
