// The one place the run layer calls the engine: compile the query once against the catalogue (plus the
// columns of the loaded samples) and run it on the windowed tables with per-stage statistics.
import { compileQuery } from '../engine';
import type { RunOptions, StageStats } from '../engine';
import type { NamedTable, Table } from '../engine/table';

export function executeQuery(query: string, globals: Kusto.Language.GlobalState, tables: NamedTable[], options: RunOptions): { table: Table; stages: StageStats[] } {
  const compiled = compileQuery(query, { globals });
  const byName = new Map(tables.map((t) => [t.name, t]));
  const { table, stats } = compiled.runWithStats((name) => byName.get(name), options);
  return { table, stages: stats };
}
