// CSV as the Log Analytics / Defender portals export it. The header may carry types (`Timestamp:datetime`)
// and the portal's time-zone suffixes (`TimeGenerated [UTC]`).
import type { DataFile } from '../dataFiles';
import type { IssueSink, TableBuilder } from '../tableBuilder';
import { kqlTypeFromName } from '../cellValue';
import type { DeclaredColumn } from '../types';
import { forEachCsvRecord } from './csvRecords';

export async function readCsvFile(file: DataFile, builder: TableBuilder, report: IssueSink): Promise<void> {
  let header: DeclaredColumn[] | undefined;
  let names = new Map<string, number>();
  await forEachCsvRecord(file, ({ fields, line, columns }) => {
    if (!header) {
      header = fields.map((name, i) => headerColumn(name, i, file, line, report));
      names = new Map(header.map((c, i) => [c.name, i]));
      builder.setHeader(header, line);
      return true;
    }
    const locate = (field: string) => {
      const index = names.get(field);
      return index === undefined ? undefined : { line, column: columns[index] ?? 1 };
    };
    return builder.addPositional(fields, { line, locate });
  }, (problem) => {
    const goOn = report({ scope: 'row', severity: 'error', message: `malformed CSV: ${problem.message}`, file: file.path, line: problem.line, column: problem.column });
    return goOn && header !== undefined; // without its header no row of the file can be read
  });
}

const ZONE_SUFFIX = /\s*\[(UTC|Local Time)\]\s*$/i;

/** What one header cell declares. */
export interface CsvHeaderCell extends DeclaredColumn { localTime: boolean }

/**
 * A header cell as a column: `Name`, `Name:type`, `Name [UTC]`, `Name [Local Time]`. The one reading of header
 * cells: the loader and the KQL catalogue's sample columns (kql/sampleColumns.ts) both use it.
 */
export function parseCsvHeaderCell(cell: string): CsvHeaderCell {
  let name = cell.trim();
  const zone = ZONE_SUFFIX.exec(name);
  if (zone) name = name.slice(0, zone.index);
  const localTime = zone?.[1].toLowerCase() === 'local time';
  const typed = /^(.+?):([A-Za-z.0-9]+)$/.exec(name);
  const type = typed ? kqlTypeFromName(typed[2]) : undefined;
  return type ? { name: typed![1], type, localTime } : { name, localTime };
}

function headerColumn(cell: string, index: number, file: DataFile, line: number, report: IssueSink): DeclaredColumn {
  const { localTime, ...column } = parseCsvHeaderCell(cell);
  if (localTime) {
    report({ scope: 'file', severity: 'warning', message: `column ${column.name} holds local times; they are read as UTC (export with UTC times to avoid a shift)`, file: file.path, line, column: 1, field: column.name });
  }
  if (column.name === '') report({ scope: 'file', severity: 'error', message: `header column ${index + 1} has no name`, file: file.path, line, column: 1 });
  return column;
}
