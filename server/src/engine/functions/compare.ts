// Comparison and equality with Kusto's null semantics and type rules. Operands are first brought to one
// comparison type (a dynamic operand takes the other side's scalar type), then compared.
import type { KqlType, Value } from '../values';
import { parseDatetime, parseTimespan } from '../values';
import { dynamicText, dynamicToJson, parseGuid, toText } from './convert';

const NUMERIC = new Set<KqlType>(['int', 'long', 'real', 'decimal']);
export const isNumericType = (t: KqlType): boolean => NUMERIC.has(t);

/** The type two operands are compared as. */
export function comparisonType(left: KqlType, right: KqlType): KqlType {
  if (left === right) return left;
  if (left === 'dynamic') return right;
  if (right === 'dynamic') return left;
  if (isNumericType(left) && isNumericType(right)) return 'real';
  if (left === 'guid' || right === 'guid') return 'string';
  // `where ResultType == 0` on a string column (tutorials/common-tasks-microsoft-sentinel): the number is
  // compared as its text, as `in` compares it.
  if ((left === 'string' && isNumericType(right)) || (right === 'string' && isNumericType(left))) return 'string';
  // `where HasInteractiveLogon == 0` (scalar-data-types/bool: true is 1, false is 0)
  if ((left === 'bool' && isNumericType(right)) || (right === 'bool' && isNumericType(left))) return 'real';
  return left;
}

/**
 * Converts a value of `from` type to the comparison type `to`. A dynamic holding a value of another kind
 * (an array compared with a number) gives `undefined`: such operands are never equal and never ordered.
 */
export function toComparable(v: Value, from: KqlType, to: KqlType): Value | undefined {
  if (v === null || from === to) return v;
  // numeric widening and guid-as-string need no change of representation; a number compared as text and a
  // bool compared as a number do
  if (from !== 'dynamic') {
    if (to === 'string' && isNumericType(from)) return toText(v, from);
    if (from === 'bool' && isNumericType(to)) return Number(v);
    // `true in (1)`: a number equals a bool only as 1 or 0
    if (to === 'bool' && isNumericType(from)) return v === 1 ? true : v === 0 ? false : undefined;
    return v;
  }
  if (isNumericType(to)) return typeof v === 'number' ? v : undefined;
  switch (to) {
    case 'string': return typeof v === 'object' ? dynamicToJson(v) : dynamicText(v);
    case 'guid': return typeof v === 'string' ? parseGuid(v) ?? undefined : undefined;
    case 'bool': return typeof v === 'boolean' ? v : undefined;
    case 'datetime': return typeof v === 'string' ? parseDatetime(v) ?? undefined : undefined;
    case 'timespan': return typeof v === 'string' ? parseTimespan(v) ?? undefined : typeof v === 'number' ? v : undefined;
    default: return v;
  }
}

/** Ordinal string order (UTF-16 code units), as Kusto orders strings. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Structural equality of two dynamic values (bags compare unordered). */
function dynamicEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => dynamicEquals(x, b[i]));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && dynamicEquals(a[k], b[k]));
}

/**
 * Orders two values already of comparison type `type`: negative, 0 or positive; null if either is null or
 * the values are not ordered (dynamic of different kinds).
 */
export function compare(a: Value, b: Value, type: KqlType): number | null {
  if (a === null || b === null) return null;
  switch (type) {
    case 'string': case 'guid': return compareStrings(a as string, b as string);
    case 'bool': return Number(a) - Number(b);
    case 'dynamic': {
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
      if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
      return dynamicEquals(a, b) ? 0 : null;
    }
    default: {
      const x = a as number; const y = b as number;
      return x < y ? -1 : x > y ? 1 : x === y ? 0 : null; // NaN is unordered
    }
  }
}

/** Kusto `==`: null vs non-null is false, null vs null is null. */
export function equals(a: Value, b: Value, type: KqlType): boolean | null {
  if (a === null || b === null) return a === null && b === null ? null : false;
  if (type === 'dynamic') return dynamicEquals(a, b);
  return a === b;
}

/** Kusto `!=`: null vs non-null is true, null vs null is null. */
export function notEquals(a: Value, b: Value, type: KqlType): boolean | null {
  const eq = equals(a, b, type);
  return eq === null ? null : !eq;
}

/**
 * A total order for sorting, grouping and min/max: nulls first, then values by `compare`; unordered dynamic
 * values fall back to their JSON text so sorting is deterministic.
 */
export function sortCompare(a: Value, b: Value, type: KqlType): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
  const c = compare(a, b, type);
  if (c !== null) return c;
  if (typeof a === 'number' && Number.isNaN(a)) return typeof b === 'number' && Number.isNaN(b) ? 0 : -1;
  if (typeof b === 'number' && Number.isNaN(b)) return 1;
  return compareStrings(dynamicToJson(a), dynamicToJson(b));
}
