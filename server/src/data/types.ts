// Shapes of the sample-data loader: what it returns and how it reports problems.
import type { Column, NamedTable } from '../engine/table';
import type { KqlType } from '../engine/values';
import type { ParseThreadOptions } from './parallel/parseThreads';

/** The table catalogue's answer for a table name; undefined when the table is unknown. */
export type SchemaLookup = (table: string) => Column[] | undefined;

/**
 * Where a column's type came from: the table catalogue, the file's own declaration (Log Analytics export,
 * typed CSV header), inferred from the values, or a column the catalogue does not list (kept, typed from
 * the values, and reported).
 */
export type ColumnTypeSource = 'schema' | 'declared' | 'inferred' | 'extra';

export interface LoadedColumn extends Column { source: ColumnTypeSource }

/** A problem with a data file; line and column are 1-based (column 1 when only the line is known). */
export interface DataIssue {
  /** A problem with the file as a whole (unreadable, malformed document, column typing), or with one row or cell. */
  scope: 'file' | 'row';
  severity: 'error' | 'warning' | 'information';
  message: string;
  file: string;
  line: number;
  column: number;
  /** The data column (field) the problem is about, when there is one. */
  field?: string;
}

export interface TableLoadStats {
  table: string;
  files: string[];
  rows: number;
  bytes: number;
  columns: LoadedColumn[];
}

/** Which file and line a loaded row came from (for "open the sample row"). */
export interface RowOrigin { file: string; line: number }

export interface LoadedTable extends NamedTable {
  /** Origin of row i (same order as rows). */
  origin(row: number): RowOrigin;
}

export interface LoadResult {
  tables: LoadedTable[];
  stats: TableLoadStats[];
  /** Every problem found; errors mean a cell or line could not be read as it is (nothing is dropped silently). */
  issues: DataIssue[];
}

export interface LoadOptions {
  /** Column types of known tables (the KQL catalogue). Without it, types are declared or inferred. */
  schema?: SchemaLookup;
  /** Stop reading after this many errors per file (default 100); the rest is summarised in one issue. */
  maxErrorsPerFile?: number;
  /** Worker threads for large JSON-lines files (data/parallel/parseThreads.ts); `{ threads: 0 }`: main thread only. */
  parseThreads?: ParseThreadOptions;
}

/** A column as a file declares it (CSV header, Log Analytics export); type undefined when not declared. */
export interface DeclaredColumn { name: string; type?: KqlType }
