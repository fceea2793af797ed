// The column names (and inferred types) of sample-data files, read from the first rows only: enough to
// declare the table to Kusto. Loading the rows is the data loader's job (server/src/data/).
import { readFileSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse/sync';
import { TypeEvidence, kqlTypeFromName } from '../data/cellValue';
import { parseCsvHeaderCell } from '../data/readers/csvFile';
import type { DataFile } from '../data/dataFiles';
import type { ColumnSpec } from '../kusto/bridge';

/** Rows looked at to infer a column's type. */
const SAMPLE_ROWS = 50;
/** Bytes read from a JSON-lines or CSV file; whole JSON documents are read up to FULL_JSON_LIMIT. */
const HEAD_BYTES = 256 * 1024;
const FULL_JSON_LIMIT = 16 * 1024 * 1024;

export interface SampleColumns { table: string; file: string; columns: ColumnSpec[] }

/** Columns of one data file; throws an Error naming the file (and line) when its head cannot be read. */
export function sampleColumns(file: DataFile): SampleColumns {
  const text = file.format === 'json' ? readWhole(file) : readHead(file);
  let columns: ColumnSpec[];
  switch (file.format) {
    case 'jsonl': columns = fromObjects(jsonLines(text, file.path)); break;
    case 'json': columns = fromJsonDocument(text, file.path); break;
    case 'csv': columns = fromCsv(text, file.path); break;
  }
  return { table: file.table, file: file.path, columns };
}

function readWhole(file: DataFile): string {
  if (statSync(file.path).size > FULL_JSON_LIMIT) throw new Error(`${file.path}: JSON document larger than ${FULL_JSON_LIMIT >> 20} MB; use JSON lines for large samples`);
  const bytes = readFileSync(file.path);
  return (file.gzip ? gunzipSync(bytes) : bytes).toString('utf8');
}

function readHead(file: DataFile): string {
  if (file.gzip) return gunzipSync(readFileSync(file.path)).toString('utf8').slice(0, HEAD_BYTES);
  const fd = openSync(file.path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally { closeSync(fd); }
}

/** Complete lines only: the last line of a head may be cut. */
function completeLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > 1) lines.pop();
  return lines;
}

function jsonLines(text: string, path: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const lines = text.length < HEAD_BYTES ? text.replace(/^\uFEFF/, '').split(/\r?\n/) : completeLines(text);
  for (let i = 0; i < lines.length && rows.length < SAMPLE_ROWS; i++) {
    if (!lines[i].trim()) continue;
    let row: unknown;
    try { row = JSON.parse(lines[i]); } catch (e) { throw new Error(`${path}:${i + 1}:1: not a JSON object (${(e as Error).message})`); }
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`${path}:${i + 1}:1: a JSON-lines row must be an object`);
    rows.push(row as Record<string, unknown>);
  }
  return rows;
}

function fromJsonDocument(text: string, path: string): ColumnSpec[] {
  let doc: unknown;
  try { doc = JSON.parse(text.replace(/^\uFEFF/, '')); } catch (e) { throw new Error(`${path}: not valid JSON (${(e as Error).message})`); }
  if (Array.isArray(doc)) return fromObjects(doc.slice(0, SAMPLE_ROWS).filter((r): r is Record<string, unknown> => !!r && typeof r === 'object'));
  const tables = (doc as { tables?: { columns?: { name?: unknown; type?: unknown }[] }[] } | null)?.tables;
  const declared = Array.isArray(tables) ? tables[0]?.columns : undefined;
  if (!Array.isArray(declared)) throw new Error(`${path}: expected an array of rows or a Log Analytics response ({"tables":[{"columns":[…]}]})`);
  return declared.map((c, i) => {
    if (typeof c?.name !== 'string') throw new Error(`${path}: tables[0].columns[${i}] has no name`);
    return { name: c.name, type: (typeof c.type === 'string' && kqlTypeFromName(c.type)) || 'string' };
  });
}

function fromObjects(rows: Record<string, unknown>[]): ColumnSpec[] {
  const evidence = new Map<string, TypeEvidence>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      let e = evidence.get(k);
      if (!e) evidence.set(k, (e = new TypeEvidence()));
      e.add(v);
    }
  }
  return [...evidence].map(([name, e]) => ({ name, type: e.infer() }));
}

function fromCsv(text: string, path: string): ColumnSpec[] {
  const lines = text.length < HEAD_BYTES ? text : completeLines(text).join('\n');
  let records: string[][];
  try {
    records = parseCsv(lines, { bom: true, to: SAMPLE_ROWS + 1, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) { throw new Error(`${path}: ${(e as Error).message}`); }
  const [header, ...rows] = records;
  if (!header) throw new Error(`${path}:1:1: empty CSV file (a header line is needed)`);
  return header.map((cell, i) => {
    // Read as the data loader reads it: `Name:type` declares the type, `Name [UTC]` is the column `Name`.
    const { name, type } = parseCsvHeaderCell(cell);
    if (type) return { name, type };
    const e = new TypeEvidence();
    for (const r of rows) e.add(r[i]);
    return { name, type: e.infer() };
  });
}
