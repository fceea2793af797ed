// "Which sample rows did this result come from": the engine's row lineage (engine/lineage.ts) mapped through
// the query-period window (it keeps the loaded row objects) back to the data file and line each row was read
// from (LoadedTable.origin). Computed only when a run asks for it (runRule's `lineage` option).
import type { LoadedTable } from '../data/types';
import type { Lineage } from '../engine';
import type { Row } from '../engine/plan';

/** One sample row: its table, and the file and 1-based line it was read from. */
export interface SampleRowRef {
  table: string;
  file: string;
  line: number;
}

/** The sample rows one result row was derived from (see docs/run.md, "Where a result came from"). */
export interface ResultRowSources {
  /** Up to LINEAGE_CAP rows, in the order the query met them. */
  rows: SampleRowRef[];
  /** All source rows, including those past the cap. */
  total: number;
}

/**
 * For each result row, its sample rows; null when the lineage is unknown (an operator on its way does not
 * record lineage yet).
 */
export function resultRowSources(resultRows: Row[], lineage: Lineage, tables: LoadedTable[]): (ResultRowSources | null)[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  // Row object -> its index in the loaded table, built only for the tables results come from.
  const indexes = new Map<string, Map<Row, number>>();
  const indexOf = (table: string, row: Row): number | undefined => {
    let index = indexes.get(table);
    if (!index) {
      index = new Map((byName.get(table)?.rows ?? []).map((r, i) => [r, i]));
      indexes.set(table, index);
    }
    return index.get(row);
  };
  return resultRows.map((row) => {
    const sources = lineage.sourcesOf(row);
    if (!sources) return null;
    const rows: SampleRowRef[] = [];
    for (const s of sources.rows) {
      const i = indexOf(s.table, s.row);
      // A source row that is not a loaded row cannot be located: say unknown rather than leave it out.
      if (i === undefined) return null;
      const origin = byName.get(s.table)!.origin(i);
      rows.push({ table: s.table, file: origin.file, line: origin.line });
    }
    return { rows, total: sources.total };
  });
}

/** The sample rows of several result rows together (an alert's), without repeats; null when any is unknown. */
export function combinedSources(perRow: (ResultRowSources | null)[], resultRows: number[]): ResultRowSources | null {
  const seen = new Set<string>();
  const rows: SampleRowRef[] = [];
  let total = 0;
  for (const i of resultRows) {
    const s = perRow[i];
    if (!s) return null;
    for (const r of s.rows) {
      const key = `${r.file}\n${r.line}`;
      if (!seen.has(key)) { seen.add(key); rows.push(r); total++; }
    }
    total += s.total - s.rows.length;
  }
  return { rows, total };
}
