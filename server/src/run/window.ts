// Sentinel's query-period window: a scheduled rule's query sees only rows whose TimeGenerated (else Timestamp)
// lies in (now - queryPeriod, now]. `now` defaults to the latest timestamp of the loaded data so a sample
// recorded years ago still falls inside the window.
import type { NamedTable } from '../engine/table';

/** Time columns in the order Sentinel's window uses them. */
const TIME_COLUMNS = ['TimeGenerated', 'Timestamp'];

/** Index of the column the window filters a table on, or -1 when the table has no datetime time column. */
export function timeColumnIndex(table: NamedTable): number {
  for (const name of TIME_COLUMNS) {
    const i = table.columns.findIndex((c) => c.name === name && c.type === 'datetime');
    if (i >= 0) return i;
  }
  return -1;
}

/** The latest time-column value over all tables (ticks), or undefined when no table has one. */
export function latestTimestamp(tables: NamedTable[]): number | undefined {
  let latest: number | undefined;
  for (const t of tables) {
    const c = timeColumnIndex(t);
    if (c < 0) continue;
    for (const row of t.rows) {
      const v = row[c] as number | null;
      if (v !== null && (latest === undefined || v > latest)) latest = v;
    }
  }
  return latest;
}

export interface TableWindowStats {
  table: string;
  /** The column the window filtered on; undefined when the table has none (all its rows are visible). */
  timeColumn?: string;
  rowsLoaded: number;
  rowsVisible: number;
}

/**
 * The tables as the query sees them: rows in (start, end] when a window applies; a table without a time
 * column is passed whole. Rows with a null time are outside any window (Sentinel filters on the column).
 */
export function applyWindow(tables: NamedTable[], window: { start: number; end: number } | undefined): { tables: NamedTable[]; stats: TableWindowStats[] } {
  const out: NamedTable[] = [];
  const stats: TableWindowStats[] = [];
  for (const t of tables) {
    const c = timeColumnIndex(t);
    const timeColumn = c >= 0 ? t.columns[c].name : undefined;
    if (!window || c < 0) {
      out.push(t);
      stats.push({ table: t.name, timeColumn: window ? timeColumn : undefined, rowsLoaded: t.rows.length, rowsVisible: t.rows.length });
      continue;
    }
    const rows = t.rows.filter((r) => {
      const v = r[c] as number | null;
      return v !== null && v > window.start && v <= window.end;
    });
    out.push({ name: t.name, columns: t.columns, rows });
    stats.push({ table: t.name, timeColumn, rowsLoaded: t.rows.length, rowsVisible: rows.length });
  }
  return { tables: out, stats };
}
