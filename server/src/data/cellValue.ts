// Converting one raw sample cell (a JSON value, or CSV text) to the engine's value of a column type, and
// inferring a column type from raw values when neither the catalogue nor the file declares one.
import type { KqlType, Value } from '../engine/values';
import { parseDatetime, parseTimespan } from '../engine/values';

/** Returned instead of a value when a cell cannot be converted; the caller reports it with its location. */
export const BAD_CELL: unique symbol = Symbol('bad cell');
export type CellResult = Value | typeof BAD_CELL;

const INT = /^\s*[+-]?\d+\s*$/;
const REAL = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|NaN|[+-]?Infinity)\s*$/;
const GUID = /^\s*\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?\s*$/;
/** Only unambiguous ISO-8601 texts are inferred as datetimes (a free-form date stays a string). */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Converts a raw cell to a value of `type`. Nulls and empty texts become null (the empty string for string
 * columns: KQL strings are never null). Numbers in JSON stay numbers; texts are parsed as Kusto parses them.
 */
export function convertCell(raw: unknown, type: KqlType): CellResult {
  if (raw === null || raw === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    case 'int':
    case 'long':
      if (typeof raw === 'number') return Number.isInteger(raw) ? raw : BAD_CELL;
      if (typeof raw === 'string') return raw.trim() === '' ? null : INT.test(raw) ? Number(raw) : BAD_CELL;
      if (typeof raw === 'boolean') return raw ? 1 : 0;
      return BAD_CELL;
    case 'real':
    case 'decimal':
      if (typeof raw === 'number') return raw;
      if (typeof raw === 'string') return raw.trim() === '' ? null : REAL.test(raw) ? Number(raw) : BAD_CELL;
      return BAD_CELL;
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'number') return raw === 0 ? false : raw === 1 ? true : BAD_CELL;
      if (typeof raw === 'string') return boolFromText(raw);
      return BAD_CELL;
    case 'datetime':
      if (typeof raw === 'string') return raw.trim() === '' ? null : parseDatetime(raw) ?? BAD_CELL;
      return BAD_CELL;
    case 'timespan':
      if (typeof raw === 'string') return raw.trim() === '' ? null : parseTimespan(raw) ?? BAD_CELL;
      return BAD_CELL;
    case 'guid': {
      if (typeof raw !== 'string') return BAD_CELL;
      if (raw.trim() === '') return null;
      const m = GUID.exec(raw);
      return m ? m[1].toLowerCase() : BAD_CELL;
    }
    case 'dynamic':
      return typeof raw === 'string' ? dynamicFromText(raw) : (raw as Value);
  }
}

function boolFromText(text: string): CellResult {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return BAD_CELL;
}

/**
 * A dynamic cell given as text: JSON objects and arrays (how exports write `AdditionalFields`) are parsed;
 * anything else stays the string it is.
 */
function dynamicFromText(text: string): Value {
  const t = text.trim();
  if (t === '') return null;
  if (t[0] === '{' || t[0] === '[') {
    try { return JSON.parse(t) as Value; } catch { return text; }
  }
  return text;
}

/** Type names of Log Analytics / ADX exports and `Name:type` headers, mapped to KQL types. */
const TYPE_NAMES: Record<string, KqlType> = {
  bool: 'bool', boolean: 'bool', 'system.boolean': 'bool', sbyte: 'bool', 'system.sbyte': 'bool',
  int: 'int', int32: 'int', 'system.int32': 'int',
  long: 'long', int64: 'long', 'system.int64': 'long',
  real: 'real', double: 'real', 'system.double': 'real', float: 'real',
  decimal: 'decimal', 'system.data.sqltypes.sqldecimal': 'decimal', 'system.decimal': 'decimal',
  string: 'string', 'system.string': 'string',
  datetime: 'datetime', date: 'datetime', 'system.datetime': 'datetime',
  timespan: 'timespan', time: 'timespan', 'system.timespan': 'timespan',
  guid: 'guid', uniqueid: 'guid', 'system.guid': 'guid',
  dynamic: 'dynamic', object: 'dynamic', 'system.object': 'dynamic',
};

/** The KQL type a declared type name means, or undefined for a name nobody uses. */
export function kqlTypeFromName(name: string): KqlType | undefined {
  return TYPE_NAMES[name.trim().toLowerCase()];
}

/**
 * Accumulates what the raw values of one column look like, so its type can be inferred after all rows are
 * read. Texts count as what they spell (CSV has only texts).
 */
export class TypeEvidence {
  private nonNull = 0;
  private bools = 0;
  private ints = 0;
  private reals = 0;
  private datetimes = 0;
  private structured = 0;

  add(raw: unknown): void {
    if (raw === null || raw === undefined || raw === '') return;
    this.nonNull++;
    switch (typeof raw) {
      case 'boolean': this.bools++; return;
      case 'number': if (Number.isInteger(raw)) this.ints++; else this.reals++; return;
      case 'object': this.structured++; return;
      case 'string':
        if (INT.test(raw)) this.ints++;
        else if (REAL.test(raw)) this.reals++;
        else if (/^(true|false)$/i.test(raw)) this.bools++;
        else if (ISO_DATETIME.test(raw)) this.datetimes++;
    }
  }

  /** The narrowest type that holds every value seen; string when values disagree or none were seen. */
  infer(): KqlType {
    const n = this.nonNull;
    if (n === 0) return 'string';
    if (this.structured > 0) return 'dynamic';
    if (this.bools === n) return 'bool';
    if (this.ints === n) return 'long';
    if (this.ints + this.reals === n) return 'real';
    if (this.datetimes === n) return 'datetime';
    return 'string';
  }
}
