// Sample-data loading: every data file of the given folders, grouped by table (several files of a table are
// unioned), typed by the table catalogue, else by the file's declarations, else inferred and reported.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { DataFile } from './dataFiles';
import { listDataFiles, parseDataFileName } from './dataFiles';
import { TableBuilder } from './tableBuilder';
import type { IssueSink } from './tableBuilder';
import { readCsvFile } from './readers/csvFile';
import { readJsonFile } from './readers/jsonDocument';
import { readJsonLines } from './readers/jsonLines';
import { ParseThreads } from './parallel/parseThreads';
import type { DataIssue, LoadOptions, LoadResult, LoadedTable, TableLoadStats } from './types';

export type * from './types';
export { parseDataFileName } from './dataFiles';
export type { DataFile, DataFormat } from './dataFiles';

const READERS = { jsonl: readJsonLines, json: readJsonFile, csv: readCsvFile } as const;

/**
 * Loads the data files of `paths` (in order): every data file of a folder, or a single data file named by the
 * convention. A missing path is an error issue, not an exception.
 */
export async function loadDataFolders(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const issues: DataIssue[] = [];
  const files: DataFile[] = [];
  for (const p of paths) {
    try {
      const info = await stat(p);
      if (info.isDirectory()) { files.push(...await listDataFiles(p)); continue; }
      const parsed = parseDataFileName(path.basename(p));
      if (parsed) files.push({ ...parsed, path: p, bytes: info.size });
      else issues.push({ scope: 'file', severity: 'error', message: 'not a data file: the name must be [prefix.]<Table>.<jsonl|json|csv>[.gz]', file: p, line: 1, column: 1 });
    } catch (e) {
      issues.push({ scope: 'file', severity: 'error', message: `cannot read data folder: ${(e as Error).message}`, file: p, line: 1, column: 1 });
    }
  }
  const loaded = await loadDataFiles(files, options);
  return { ...loaded, issues: [...issues, ...loaded.issues] };
}

/** Loads the given data files; files of the same table are unioned in the order given. */
export async function loadDataFiles(files: DataFile[], options: LoadOptions = {}): Promise<LoadResult> {
  const issues: DataIssue[] = [];
  const builders = new Map<string, TableBuilder>();
  const threads = new ParseThreads(options.parseThreads);
  try {
    for (const file of files) await loadFile(file, builders, threads, options, issues);
  } finally {
    await threads.close();
  }
  const tables: LoadedTable[] = [];
  const stats: TableLoadStats[] = [];
  for (const builder of builders.values()) {
    const known = !!options.schema?.(builder.table);
    const { table, columns } = builder.finish();
    tables.push(table);
    stats.push({ table: table.name, files: builder.files, rows: table.rows.length, bytes: builder.bytes, columns });
    const first = builder.files[0];
    const inferred = columns.filter((c) => c.source === 'inferred' || c.source === 'extra');
    if (inferred.length > 0) {
      const what = known ? 'not in the table schema; kept with types inferred from the values' : 'typed from the values (unknown table)';
      issues.push({ scope: 'file', severity: 'information', message: `${table.name}: ${inferred.length} column(s) ${what}: ${inferred.map((c) => `${c.name}:${c.type}`).join(', ')}`, file: first, line: 1, column: 1 });
    }
  }
  return { tables, stats, issues };
}

/** Reads one file into its table's builder (made on the table's first file); problems go to `issues`. */
async function loadFile(file: DataFile, builders: Map<string, TableBuilder>, threads: ParseThreads, options: LoadOptions, issues: DataIssue[]): Promise<void> {
  const maxErrors = options.maxErrorsPerFile ?? 100;
  let errors = 0;
  const report: IssueSink = (issue) => {
    if (issue.severity !== 'error') { issues.push(issue); return true; }
    errors++;
    if (errors <= maxErrors) issues.push(issue);
    if (errors === maxErrors + 1) {
      issues.push({ ...issue, message: `more than ${maxErrors} errors; the rest of the file was not read` });
      return false;
    }
    return true;
  };
  let builder = builders.get(file.table);
  if (!builder) {
    builder = new TableBuilder(file.table, options.schema?.(file.table));
    builders.set(file.table, builder);
  }
  builder.beginFile(file.path, file.bytes, report);
  try {
    await READERS[file.format](file, builder, report, threads);
  } catch (e) {
    issues.push({ scope: 'file', severity: 'error', message: `cannot read file: ${(e as Error).message}`, file: file.path, line: 1, column: 1 });
  }
}
