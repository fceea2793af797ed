// Comparing a run's result with a test case's expectations, producing readable mismatches with an
// expected and an actual text that line up row by row (the Testing view shows them as a diff).
import { isDeepStrictEqual } from 'node:util';
import type { Column } from '../engine/table';
import type { KqlType, Value } from '../engine/values';
import { parseDatetime, parseTimespan } from '../engine/values';
import { toText } from '../engine/functions/convert';
import type { RuleRunResult } from '../run';
import { jsonCell } from '../engine/format';
import type { ExpectedEntity, Expectation, Mismatch } from './types';

export function compareResult(expect: Expectation, run: RuleRunResult): Mismatch[] {
  const out: Mismatch[] = [];
  const count = run.rows.length;
  if (expect.count !== undefined && expect.count !== count) {
    out.push({ what: 'count', message: `expected ${expect.count} result rows, got ${count}`, expected: String(expect.count), actual: String(count) });
  }
  if (expect.fires !== undefined && expect.fires !== run.trigger.fires) {
    const t = run.trigger;
    out.push({ what: 'fires', message: `expected the rule ${expect.fires ? 'to fire' : 'not to fire'}; ${count} results ${t.operator} ${t.threshold} is ${t.fires}`, expected: String(expect.fires), actual: String(t.fires) });
  }
  if (expect.alerts !== undefined && expect.alerts !== run.alerts.length) {
    out.push({ what: 'alerts', message: `expected ${expect.alerts} alerts, got ${run.alerts.length}`, expected: String(expect.alerts), actual: String(run.alerts.length) });
  }
  if (expect.rows) {
    const m = compareRows(expect.rows, run.columns, run.rows);
    if (m) out.push(m);
  }
  if (expect.entities) {
    const m = compareEntities(expect.entities, run);
    if (m) out.push(m);
  }
  return out;
}

function compareRows(expected: Record<string, unknown>[], columns: Column[], rows: Value[][]): Mismatch | undefined {
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const names = [...new Set(expected.flatMap((r) => Object.keys(r)))];
  const unknown = names.filter((n) => !index.has(n));
  if (unknown.length > 0) {
    return {
      what: 'rows',
      message: `expected rows name column(s) the result does not have: ${unknown.join(', ')}`,
      expected: names.join(', '),
      actual: columns.map((c) => c.name).join(', '),
    };
  }
  const used = new Set<number>();
  const pairing = expected.map((exp) => {
    const hit = rows.findIndex((row, i) => !used.has(i) && Object.entries(exp).every(([k, v]) => valueMatches(v, row[index.get(k)!], columns[index.get(k)!].type)));
    if (hit >= 0) used.add(hit);
    return hit;
  });
  if (pairing.every((p) => p >= 0) && rows.length === expected.length) return undefined;
  const show = (row: Value[]) => JSON.stringify(Object.fromEntries(names.map((n) => [n, jsonCell(row[index.get(n)!], columns[index.get(n)!].type)])));
  // Actual rows in the order of the expected rows they matched, then the rest: a line diff then shows only
  // the rows that differ.
  const order = [...pairing.filter((p) => p >= 0), ...rows.map((_, i) => i).filter((i) => !used.has(i))];
  const missing = pairing.filter((p) => p < 0).length;
  const extra = rows.length - used.size;
  return {
    what: 'rows',
    message: `result rows differ: ${missing} expected row(s) not found, ${extra} result row(s) not expected (compared on ${names.join(', ')})`,
    expected: expected.map((r) => JSON.stringify(Object.fromEntries(names.filter((n) => n in r).map((n) => [n, r[n]])))).join('\n'),
    actual: order.map((i) => show(rows[i])).join('\n'),
  };
}

/** Whether an expected YAML value equals a result value of a column type (datetimes and timespans as Kusto reads their text). */
export function valueMatches(expected: unknown, actual: Value, type: KqlType): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === '';
  switch (type) {
    case 'datetime': return typeof expected === 'string' && parseDatetime(expected) === actual;
    case 'timespan': return typeof expected === 'string' ? parseTimespan(expected) === actual : expected === actual;
    case 'int': case 'long': case 'real': case 'decimal': return Number(expected) === actual;
    case 'bool': return expected === actual || String(expected).toLowerCase() === String(actual);
    case 'dynamic': return dynamicMatches(expected, actual);
    default: return String(expected) === actual;
  }
}

/** Arrays compare as multisets: make_set and make_list order is not something a test should pin. */
function dynamicMatches(expected: unknown, actual: Value): boolean {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return false;
    const key = (v: unknown) => JSON.stringify(v);
    return isDeepStrictEqual(expected.map(key).sort(), actual.map(key).sort());
  }
  if (typeof expected === 'object') return isDeepStrictEqual(expected, actual);
  return expected === actual || String(expected) === toText(actual, 'dynamic');
}

function compareEntities(expected: ExpectedEntity[], run: RuleRunResult): Mismatch | undefined {
  const actual = run.alerts.flatMap((a) => a.entities);
  const missing = expected.filter((e) => !actual.some((a) => a.type.toLowerCase() === e.type.toLowerCase()
    && Object.entries(e.identifiers).every(([k, v]) => a.identifiers[k] === String(v))));
  if (missing.length === 0) return undefined;
  const seen = new Set<string>();
  const lines = actual.map((a) => JSON.stringify(a)).filter((l) => !seen.has(l) && seen.add(l));
  return {
    what: 'entities',
    message: `${missing.length} expected entit${missing.length === 1 ? 'y is' : 'ies are'} not in the alerts: ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
    expected: expected.map((e) => JSON.stringify(e)).join('\n'),
    actual: lines.join('\n') || '(no entities)',
  };
}
