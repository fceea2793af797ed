// Shared pieces of the DuckDB oracle (test/unit/engineOracle.test.ts): writing generated tables as JSON lines
// and as DuckDB tables, SQL for Kusto operators that have no one-word SQL twin, and comparing the two results.
import { strict as assert } from 'node:assert';
import { formatDatetime, formatTimespan, type KqlType, type Value } from '../../../server/src/engine/values';
import type { Table } from '../../../server/src/engine/table';

/** The part of @duckdb/node-api's connection the oracle uses. */
export interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ columnNames(): string[]; getRowsJson(): unknown[][] }>;
  closeSync?(): void;
}

/** One row as a JSON line, as a Log Analytics export writes it (datetimes as ISO-8601 with 7 digits). */
export function jsonLine(table: Table, row: Value[]): string {
  const o: Record<string, unknown> = {};
  table.columns.forEach((c, i) => {
    const v = row[i];
    o[c.name] = v === null ? null : c.type === 'datetime' ? formatDatetime(v as number) : c.type === 'timespan' ? formatTimespan(v as number) : v;
  });
  return JSON.stringify(o);
}

const DUCK_TYPE: Record<KqlType, string> = {
  string: 'VARCHAR', guid: 'VARCHAR', bool: 'BOOLEAN', int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE', decimal: 'DOUBLE',
  // read as text, cast below: DuckDB's reader leaves 7-digit fractions as text
  datetime: 'VARCHAR', timespan: 'VARCHAR', dynamic: 'JSON',
};

/**
 * CREATE TABLE for one generated table read from its JSON-lines file, with the catalogue's column types;
 * `rowIds` adds `_row`, the row's place in the file.
 */
export function sqlTableDdl(name: string, table: Table, file: string, rowIds = false): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const columns = table.columns.map((c) => `${q(c.name)}: '${DUCK_TYPE[c.type]}'`).join(', ');
  const select = table.columns.map((c) => {
    const x = q(c.name);
    if (c.type === 'datetime') return `CAST(${x} AS TIMESTAMP_NS) AS ${x}`; // KQL keeps 100 ns ticks
    // the loader reads a JSON string in a dynamic column as JSON text, as Log Analytics exports write dynamic
    // values (convert.ts fromText): blank or "null" is null, valid JSON is parsed, other text stays a string
    if (c.type === 'dynamic') {
      return `CASE WHEN json_type(${x}) <> 'VARCHAR' THEN ${x} WHEN trim(${x}->>'$') IN ('', 'null') THEN NULL `
        + `ELSE coalesce(TRY_CAST(${x}->>'$' AS JSON), ${x}) END AS ${x}`;
    }
    return x;
  }).join(', ');
  return `CREATE OR REPLACE TABLE ${q(name)} AS SELECT ${select}${rowIds ? ', row_number() OVER () AS _row' : ''} FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = {${columns}})`;
}

/**
 * Changes some plain string cells (not JSON or XML text) the way real data differs from the query's needles:
 * about a quarter in upper, lower or alternating case (the generator writes needles as the query spells them),
 * and about a tenth glued to letters or digits at one end (`has` then fails where `contains` still matches).
 */
export function perturbStrings(table: Table, r: () => number): void {
  table.columns.forEach((c, j) => {
    if (c.type !== 'string') return;
    for (const row of table.rows) {
      const v = row[j];
      if (typeof v !== 'string' || /^\s*[[{<]/.test(v)) continue;
      const x = r();
      if (x < 0.1) row[j] = x < 0.05 ? `Q${v}` : `${v}7`;
      else if (x < 0.35) {
        const y = r();
        row[j] = y < 0.4 ? v.toUpperCase() : y < 0.8 ? v.toLowerCase() : [...v].map((ch, i) => (i % 2 ? ch.toUpperCase() : ch.toLowerCase())).join('');
      }
    }
  });
}

/** Gives half of the datetime cells sub-millisecond ticks (KQL datetimes have 100 ns precision). */
export function addSubMillisecondTicks(table: Table, r: () => number): void {
  table.columns.forEach((c, j) => {
    if (c.type !== 'datetime') return;
    for (const row of table.rows) if (typeof row[j] === 'number' && r() < 0.5) row[j] = (row[j] as number) + Math.floor(r() * 10_000);
  });
}

const ALNUM = '0-9A-Za-z';
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * `expr has needle`: the needle is found, case-insensitively, starting at a term boundary when it starts with
 * an alphanumeric character and ending at one when it ends with one (datatypes-string-operators.md, "What is a term").
 */
export function has(expr: string, needle: string): string {
  const start = /^[0-9A-Za-z]/.test(needle) ? `(^|[^${ALNUM}])` : '';
  const end = /[0-9A-Za-z]$/.test(needle) ? `($|[^${ALNUM}])` : '';
  return `regexp_matches(${expr}, ${sqlString(`(?is)${start}${reEscape(needle)}${end}`)})`;
}

/** `expr hassuffix needle`: some term ends with the needle (hassuffix-operator.md), so only its end is held to a term boundary. */
export function hasSuffix(expr: string, needle: string): string {
  const end = /[0-9A-Za-z]$/.test(needle) ? `($|[^${ALNUM}])` : '';
  return `regexp_matches(${expr}, ${sqlString(`(?is)${reEscape(needle)}${end}`)})`;
}

/** `expr has_any (needles)`. */
export const hasAny = (expr: string, needles: string[]) => `(${needles.map((n) => has(expr, n)).join(' OR ')})`;

/** `expr contains needle` (case-insensitive substring). */
export const contains = (expr: string, needle: string) => `contains(lower(${expr}), ${sqlString(needle.toLowerCase())})`;

/** `expr in~ (values)` / `=~` (ASCII case folding). */
export const inCi = (expr: string, values: string[]) => `lower(${expr}) IN (${values.map((v) => sqlString(v.toLowerCase())).join(', ')})`;

/** `ago(span)` at the run's now: `span` as a DuckDB interval, e.g. `3 DAY`. */
export const ago = (now: string, span: string) => `(TIMESTAMP '${now.replace('T', ' ').replace('Z', '')}' - INTERVAL ${span})`;

/** A datetime as a dynamic value holds it (e.g. in make_list): ISO-8601 text with 7 fractional digits and Z. */
export const datetimeInDynamic = (expr: string) => `(strftime(${expr}, '%Y-%m-%dT%H:%M:%S.') || substr(strftime(${expr}, '%n'), 1, 7) || 'Z')`;

/** A cell as comparable text: datetimes to the 100 ns tick, reals to 12 digits, dynamic as sorted JSON. */
function canonical(v: unknown, type: KqlType, side: 'engine' | 'duckdb', unordered: boolean): unknown {
  if (side === 'duckdb' && (type === 'string' || type === 'guid') && v === null) return ''; // a Kusto string is never null
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': {
      if (side === 'engine') return formatDatetime(v as number).slice(0, 27);
      const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(String(v));
      assert.ok(m, `DuckDB datetime ${JSON.stringify(v)} not understood`);
      return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(7, '0').slice(0, 7)}`;
    }
    case 'int': case 'long': return Number(v);
    case 'real': case 'decimal': return Number(Number(v).toPrecision(12));
    case 'bool': return v === true || v === 'true';
    case 'dynamic': {
      // DuckDB gives a dynamic column as JSON text (the SQL must say to_json/json): parse it once
      const value = side === 'duckdb' && typeof v === 'string' ? JSON.parse(v) as unknown : v;
      return value === null ? null : sortedJson(value, unordered); // JSON null is Kusto's dynamic null
    }
    default: return String(v);
  }
}

function sortedJson(v: unknown, unorderedTop: boolean): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, norm((x as Record<string, unknown>)[k])]));
    return x;
  };
  const n = norm(v);
  if (unorderedTop && Array.isArray(n)) return JSON.stringify(n.map((e) => JSON.stringify(e)).sort().map((e) => JSON.parse(e) as unknown));
  return JSON.stringify(n);
}

/**
 * Asserts that both results have the same column names (in order) and the same rows as a multiset, each cell
 * read by the engine's column type; `unordered` columns (make_set, make_list of unsorted input) compare as sets.
 */
export function compareResults(ours: Table, theirs: { columns: string[]; rows: unknown[][] }, unordered: string[], label: string): void {
  assert.deepEqual(theirs.columns, ours.columns.map((c) => c.name), `${label}: column names differ (expected: the engine's)`);
  const text = (rows: unknown[][], side: 'engine' | 'duckdb') => rows
    .map((row) => JSON.stringify(ours.columns.map((c, i) => canonical(row[i], c.type, side, unordered.includes(c.name))))).sort();
  /** A row for the failure message, long cells cut. */
  const show = (row: string) => (JSON.parse(row) as unknown[]).map((v) => { const t = JSON.stringify(v); return t.length > 60 ? `${t.slice(0, 57)}...` : t; }).join(', ');
  const a = text(ours.rows, 'engine');
  const b = text(theirs.rows, 'duckdb');
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  const onlyOurs = [...ca].filter(([k, n]) => (cb.get(k) ?? 0) < n).map(([k]) => k);
  const onlyTheirs = [...cb].filter(([k, n]) => (ca.get(k) ?? 0) < n).map(([k]) => k);
  if (onlyOurs.length || onlyTheirs.length) {
    const cols = ours.columns.map((c) => `${c.name}:${c.type}`).join(', ');
    assert.fail(`${label}: engine ${a.length} rows, DuckDB ${b.length} rows; columns ${cols}\n`
      + `  only in the engine's result (${onlyOurs.length}):\n${onlyOurs.slice(0, 4).map((r) => `    [${show(r)}]`).join('\n')}\n`
      + `  only in DuckDB's result (${onlyTheirs.length}):\n${onlyTheirs.slice(0, 4).map((r) => `    [${show(r)}]`).join('\n')}`);
  }
}

/** Runs the SQL and returns its column names and rows (DuckDB's JSON form: big integers as text, timestamps as text). */
export async function duckRows(conn: DuckConnection, sql: string): Promise<{ columns: string[]; rows: unknown[][] }> {
  const result = await conn.runAndReadAll(sql);
  return { columns: result.columnNames(), rows: result.getRowsJson() };
}
