// A `.json` file: JSON lines (streamed), an array of row objects, or a Log Analytics query API response
// `{"tables":[{"name","columns":[{"name","type"}],"rows":[[…]]}]}`. Arrays and exports are one document,
// read whole; use JSON lines for very large samples.
import { createInterface } from 'node:readline';
import type { DataFile } from '../dataFiles';
import type { IssueSink, TableBuilder } from '../tableBuilder';
import type { ParseThreads } from '../parallel/parseThreads';
import { kqlTypeFromName } from '../cellValue';
import type { DeclaredColumn } from '../types';
import { openDataFile, readDataFileText } from './source';
import { TextPositions } from './jsonPositions';
import { readJsonLines } from './jsonLines';

/** Largest JSON document (array or export) read whole; beyond it JSON lines are the way (they stream). */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

export async function readJsonFile(file: DataFile, builder: TableBuilder, report: IssueSink, threads?: ParseThreads): Promise<void> {
  if (await isJsonLines(file)) return readJsonLines(file, builder, report, threads);
  if (!file.gzip && file.bytes > MAX_DOCUMENT_BYTES) {
    report({ scope: 'file', severity: 'error', message: `a JSON document of ${Math.round(file.bytes / 1048576)} MB is too large to read whole; write the rows as JSON lines (.jsonl), which are streamed`, file: file.path, line: 1, column: 1 });
    return;
  }
  const text = await readDataFileText(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    report({ scope: 'file', severity: 'error', message: `malformed JSON: ${(e as Error).message}`, file: file.path, ...new TextPositions(text).ofParseError(e) });
    return;
  }
  if (Array.isArray(doc)) return readRowObjects(file, text, doc, builder, report);
  if (isExport(doc)) return readExport(file, text, doc, builder, report);
  report({ scope: 'file', severity: 'error', message: 'expected an array of row objects, JSON lines, or a Log Analytics export ({"tables":[…]})', file: file.path, line: 1, column: 1 });
}

/** JSON lines when the first non-blank line is a complete object that is not a Log Analytics export. */
async function isJsonLines(file: DataFile): Promise<boolean> {
  const stream = openDataFile(file);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const t = line.replace(/^\uFEFF/, '').trim();
      if (t === '') continue;
      if (t[0] !== '{') return false;
      try {
        const first = JSON.parse(t);
        return !isExport(first);
      } catch {
        return false;
      }
    }
    return false;
  } finally {
    lines.close();
    stream.destroy();
  }
}

interface ExportTable { name?: string; columns: { name?: string; columnName?: string; type?: string; dataType?: string; columnType?: string }[]; rows: unknown[][] }

function isExport(doc: unknown): doc is { tables: ExportTable[] } {
  return typeof doc === 'object' && doc !== null && Array.isArray((doc as { tables?: unknown }).tables);
}

function readRowObjects(file: DataFile, text: string, rows: unknown[], builder: TableBuilder, report: IssueSink): void {
  const positions = new TextPositions(text);
  const starts = elementOffsets(text, text.indexOf('['));
  for (let i = 0; i < rows.length; i++) {
    const start = starts[i] ?? 0;
    const end = starts[i + 1] ?? text.length;
    const at = positions.at(start);
    const row = rows[i];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      if (!report({ scope: 'row', severity: 'error', message: `array element ${i} must be an object of column values`, file: file.path, ...at })) return;
      continue;
    }
    const locate = (field: string) => positions.find(JSON.stringify(field), start, end);
    if (!builder.addObject(row as Record<string, unknown>, { line: at.line, locate })) return;
  }
}

function readExport(file: DataFile, text: string, doc: { tables: ExportTable[] }, builder: TableBuilder, report: IssueSink): void {
  const [table, ...others] = doc.tables;
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) {
    report({ scope: 'file', severity: 'error', message: 'the export\'s first table needs "columns" and "rows" arrays', file: file.path, line: 1, column: 1 });
    return;
  }
  if (others.length > 0) {
    report({ scope: 'file', severity: 'warning', message: `the export has ${doc.tables.length} tables; only the first (${table.name ?? 'unnamed'}) is read`, file: file.path, line: 1, column: 1 });
  }
  const positions = new TextPositions(text);
  const rowsAt = text.indexOf('"rows"');
  const columnsAt = positions.at(Math.max(text.indexOf('"columns"'), 0));
  const header: DeclaredColumn[] = [];
  for (const c of table.columns) {
    const name = c.name ?? c.columnName;
    const typeName = c.type ?? c.dataType ?? c.columnType;
    const type = typeName ? kqlTypeFromName(typeName) : undefined;
    if (!name) {
      report({ scope: 'file', severity: 'error', message: 'an export column has no name', file: file.path, ...columnsAt });
      return;
    }
    if (typeName && !type) report({ scope: 'file', severity: 'warning', message: `column ${name} has unknown type '${typeName}'; its type is inferred`, file: file.path, ...columnsAt, field: name });
    header.push({ name, type });
  }
  builder.setHeader(header, columnsAt.line);
  const starts = rowsAt >= 0 ? elementOffsets(text, text.indexOf('[', rowsAt)) : [];
  for (let i = 0; i < table.rows.length; i++) {
    const start = starts[i] ?? 0;
    const at = positions.at(start);
    const row = table.rows[i];
    if (!Array.isArray(row)) {
      if (!report({ scope: 'row', severity: 'error', message: `row ${i} must be an array of values`, file: file.path, ...at })) return;
      continue;
    }
    if (!builder.addPositional(row, { line: at.line, locate: () => at })) return;
  }
}

/** Offsets where each top-level element of the JSON array opening at `open` starts. */
function elementOffsets(text: string, open: number): number[] {
  const starts: number[] = [];
  if (open < 0) return starts;
  let depth = 0;
  let expectElement = false;
  for (let i = open; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      if (expectElement && depth === 1) { starts.push(i); expectElement = false; }
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      continue;
    }
    if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (expectElement && depth === 1) { starts.push(i); expectElement = false; }
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) {
      depth--;
      if (depth === 0) break;
    } else if (ch === 44 /* , */ && depth === 1) {
      expectElement = true;
    } else if (expectElement && depth === 1 && ch > 32) {
      starts.push(i);
      expectElement = false;
    }
  }
  return starts;
}
