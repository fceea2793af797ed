// The data-folder naming convention: `[anything.]<Table>.<jsonl|json|csv>[.gz]`.
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

export type DataFormat = 'jsonl' | 'json' | 'csv';

export interface DataFile {
  path: string;
  table: string;
  format: DataFormat;
  gzip: boolean;
  bytes: number;
}

const NAME = /^(?:.*\.)?([A-Za-z_][A-Za-z0-9_]*)\.(jsonl|ndjson|json|csv)(\.gz)?$/i;

/** Table, format and compression of a file name, or undefined when the name does not follow the convention. */
export function parseDataFileName(fileName: string): Omit<DataFile, 'path' | 'bytes'> | undefined {
  const m = NAME.exec(fileName);
  if (!m) return undefined;
  const ext = m[2].toLowerCase();
  return { table: m[1], format: ext === 'ndjson' ? 'jsonl' : (ext as DataFormat), gzip: !!m[3] };
}

/**
 * A file that looks like workspace sample data: it follows the naming convention and its table starts with a
 * capital letter, as Log Analytics table names do (DeviceProcessEvents, MyApp_CL). This keeps other JSON and
 * CSV files of a test folder (`package.json`, `navigator-layer-4.5.schema.json`) out of discovery.
 */
export function isSampleFileName(fileName: string): boolean {
  return /^[A-Z]/.test(parseDataFileName(fileName)?.table ?? '');
}

/** The data files directly inside a folder, sorted by name so unions are deterministic. */
export async function listDataFiles(folder: string): Promise<DataFile[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: DataFile[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isFile()) continue;
    const parsed = parseDataFileName(e.name);
    if (!parsed) continue;
    const full = path.join(folder, e.name);
    files.push({ ...parsed, path: full, bytes: (await stat(full)).size });
  }
  return files;
}
