// Converting one raw sample cell (a JSON value, or CSV text) to the engine's value of a column type, and
// inferring a column type from raw values when neither the catalogue nor the file declares one.
import type { KqlType, Value } from '../engine/values';
import { dynamicToJson, fromText, parseReal } from '../engine/functions/convert';
import { canonicalIsoTicks } from './isoDatetime';
import { ValuePool } from './valuePool';

/** Returned instead of a value when a cell cannot be converted; the caller reports it with its location. */
export const BAD_CELL: unique symbol = Symbol('bad cell');
export type CellResult = Value | typeof BAD_CELL;

const INT = /^\s*[+-]?\d+\s*$/;
/** Only unambiguous ISO-8601 texts are inferred as datetimes (a free-form date stays a string). */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Converts a raw cell to a value of `type`. Texts (every CSV cell, JSON strings) are parsed by the engine's
 * one text conversion, `fromText`; JSON numbers, booleans, arrays and objects are taken as they are where the
 * type holds them. Null becomes null (the empty string for string columns: KQL strings are never null).
 */
export function convertCell(raw: unknown, type: KqlType): CellResult {
  if (raw === null || raw === undefined) return type === 'string' ? '' : null;
  switch (typeof raw) {
    case 'string': {
      const v = fromText(raw, type);
      return v === undefined ? BAD_CELL : v;
    }
    case 'number':
      if (type === 'string') return String(raw);
      if (type === 'int' || type === 'long') return Number.isInteger(raw) ? (type === 'int' ? raw | 0 : raw) : BAD_CELL;
      if (type === 'real' || type === 'decimal' || type === 'dynamic') return raw;
      if (type === 'bool') return raw === 0 ? false : raw === 1 ? true : BAD_CELL;
      return BAD_CELL;
    case 'boolean':
      if (type === 'bool' || type === 'dynamic') return raw;
      if (type === 'string') return raw ? 'true' : 'false';
      if (type === 'int' || type === 'long') return raw ? 1 : 0;
      return BAD_CELL;
    case 'object':
      if (type === 'dynamic') return raw as Value;
      if (type === 'string') return dynamicToJson(raw as Value);
      return BAD_CELL;
    default:
      return BAD_CELL;
  }
}

/** Converts the raw cells of one column; chosen once per column so a cell pays for no type dispatch. */
export type CellConverter = (raw: unknown) => CellResult;

/**
 * The converter for a column of `type`: `convertCell` with fast paths for the common cells of large samples
 * (texts of string columns and canonical ISO datetimes, shared through a pool unless `pooled` is false: the
 * parallel reader's threads pool texts themselves, by id). Every other cell goes through `convertCell`, so the
 * result is the same.
 */
export function cellConverter(type: KqlType, pooled = true): CellConverter {
  switch (type) {
    case 'string': {
      if (!pooled) return (raw) => (typeof raw === 'string' ? raw : convertCell(raw, type));
      const pool = new ValuePool<string>();
      return (raw) => (typeof raw === 'string' ? pool.share(raw) : convertCell(raw, type));
    }
    case 'datetime': {
      const pool = pooled ? new ValuePool<number>() : undefined;
      return (raw) => {
        const ticks = typeof raw === 'string' ? canonicalIsoTicks(raw) : undefined;
        if (ticks === undefined) return convertCell(raw, type);
        return pool ? pool.share(ticks) : ticks;
      };
    }
    default:
      return (raw) => convertCell(raw, type);
  }
}

/** The message of a cell that cannot be read as its column's type (the same from every reader). */
export function badCellMessage(raw: unknown, type: KqlType, column: string): string {
  return `cannot read ${JSON.stringify(raw)} as ${type} (column ${column})`;
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
        else if (parseReal(raw) !== null) this.reals++;
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
