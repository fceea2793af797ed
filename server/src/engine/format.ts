// A result table for people and tools: JSON (`{ columns: [{name, type}], rows: [{col: value}] }`, datetimes
// ISO-8601 UTC, timespans as Kusto prints them, dynamic values as their JSON), CSV, and an aligned text table.
// Values are printed by the function library's tostring() rules, so the CLI and the editor agree with KQL.
import { formatReal, toText } from './functions/convert';
import type { Table } from './table';
import type { KqlType, Value } from './values';

/** A cell as a JSON value: numbers and booleans as JSON, dynamic as itself, the rest as KQL text. */
export function jsonCell(v: Value, type: KqlType): unknown {
  if (v === null) return null;
  switch (type) {
    case 'dynamic': return jsonSafe(v);
    case 'bool': case 'int': case 'long': case 'real': case 'decimal':
      return typeof v === 'number' && !Number.isFinite(v) ? toText(v, type) : v;
    default:
      return toText(v, type);
  }
}

/**
 * A dynamic value JSON can carry: NaN and the infinities inside become their text, as tostring prints them
 * (series_divide's "2/0 yields double(+inf)"); JSON.stringify would print null.
 */
function jsonSafe(v: Value): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : formatReal(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(jsonSafe);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
}

export function tableToJson(t: Table): { columns: { name: string; type: KqlType }[]; rows: Record<string, unknown>[] } {
  return {
    columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, jsonCell(r[i], c.type)]))),
  };
}

/** RFC 4180 CSV with a header line; cells are their KQL text (null is empty). */
export function tableToCsv(t: Table): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [t.columns.map((c) => quote(c.name)).join(',')];
  for (const r of t.rows) lines.push(t.columns.map((c, i) => quote(toText(r[i], c.type))).join(','));
  return lines.join('\n') + '\n';
}

/** Column-aligned text; long cells are clipped to `maxCell` characters and line breaks folded. */
export function tableToText(t: Table, maxCell = 60): string {
  const clip = (s: string) => {
    const one = s.replace(/\s*[\r\n]+\s*/g, ' ');
    return one.length > maxCell ? one.slice(0, maxCell - 1) + '…' : one;
  };
  const cells = t.rows.map((r) => t.columns.map((c, i) => clip(toText(r[i], c.type))));
  const widths = t.columns.map((c, i) => Math.max(c.name.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(t.columns.map((c) => c.name)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
