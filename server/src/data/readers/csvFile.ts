// CSV as the Log Analytics / Defender portals export it, streamed through csv-parse. The header may carry
// types (`Timestamp:datetime`) and the portal's time-zone suffixes (`TimeGenerated [UTC]`).
import { parse } from 'csv-parse';
import type { DataFile } from '../dataFiles';
import type { IssueSink, TableBuilder } from '../tableBuilder';
import { kqlTypeFromName } from '../cellValue';
import type { DeclaredColumn } from '../types';
import { openDataFile } from './source';

interface CsvRecord { record: string[]; raw: string; info: { lines: number } }

export async function readCsvFile(file: DataFile, builder: TableBuilder, report: IssueSink): Promise<void> {
  const parser = openDataFile(file).pipe(parse({ bom: true, relax_column_count: true, info: true, raw: true, skip_empty_lines: true }));
  let header: DeclaredColumn[] | undefined;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<CsvRecord>) {
      // info.lines is the line the record ends on; a record spanning lines starts earlier. The raw text also
      // holds the skipped empty lines before the record.
      const line = info.lines - (raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
      if (!header) {
        header = record.map((name, i) => headerColumn(name, i, file, line, report));
        builder.setHeader(header, line);
        continue;
      }
      const columns = header;
      const locate = (field: string) => {
        const index = columns.findIndex((c) => c.name === field);
        return index < 0 ? undefined : { line, column: fieldStart(raw, index) };
      };
      if (!builder.addPositional(record, { line, locate })) return;
    }
  } catch (e) {
    const lines = (e as { lines?: number }).lines;
    report({ scope: 'file', severity: 'error', message: `malformed CSV: ${(e as Error).message}`, file: file.path, line: lines ?? 1, column: 1 });
  } finally {
    parser.destroy();
  }
}

const ZONE_SUFFIX = /\s*\[(UTC|Local Time)\]\s*$/i;

/** A header cell as a column: `Name`, `Name:type`, `Name [UTC]`. */
function headerColumn(cell: string, index: number, file: DataFile, line: number, report: IssueSink): DeclaredColumn {
  let name = cell.trim();
  const zone = ZONE_SUFFIX.exec(name);
  if (zone) {
    name = name.slice(0, zone.index);
    if (zone[1].toLowerCase() === 'local time') {
      report({ scope: 'file', severity: 'warning', message: `column ${name} holds local times; they are read as UTC (export with UTC times to avoid a shift)`, file: file.path, line, column: 1, field: name });
    }
  }
  const typed = /^(.+?):([A-Za-z.0-9]+)$/.exec(name);
  if (typed) {
    const type = kqlTypeFromName(typed[2]);
    if (type) return { name: typed[1], type };
  }
  if (name === '') report({ scope: 'file', severity: 'error', message: `header column ${index + 1} has no name`, file: file.path, line, column: 1 });
  return { name };
}

/** 1-based character column where field `index` starts in a raw CSV record (quotes respected). */
function fieldStart(raw: string, index: number): number {
  let field = 0;
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    if (field === index) return i + 1;
    const ch = raw[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) field++;
  }
  return 1;
}
