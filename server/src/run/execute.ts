// The one place the run layer calls the engine: compile the query once against the catalogue (plus the
// columns of the loaded samples) and run it on the windowed tables with per-stage statistics.
import { compileQuery } from '../engine';
import type { CompiledQuery, Lineage, RunOptions, StageStats } from '../engine';
import type { NamedTable, Table } from '../engine/table';
import type { SchemaLookup } from '../data/types';

/**
 * Runs the query on `tables`. A table the query reads that no sample provides runs empty, with the columns
 * `emptySchema` gives (as in Sentinel, where the table exists but holds no rows); its name is reported back.
 */
export function executeQuery(query: string, globals: Kusto.Language.GlobalState, tables: NamedTable[], emptySchema: SchemaLookup, options: RunOptions): { table: Table; stages: StageStats[]; tablesRead: string[]; emptyTables: string[]; lineage?: Lineage } {
  const compiled = compiledQuery(query, globals);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const emptyTables: string[] = [];
  const tablesRead = new Set<string>();
  const source = (name: string): Table | undefined => {
    tablesRead.add(name);
    const loaded = byName.get(name);
    if (loaded) return loaded;
    const columns = emptySchema(name);
    if (!columns) return undefined;
    const empty = { name, columns, rows: [] };
    byName.set(name, empty);
    emptyTables.push(name);
    return empty;
  };
  const { table, stats, lineage } = compiled.runWithStats(source, options);
  return { table, stages: stats, tablesRead: [...tablesRead], emptyTables, lineage };
}

/** Queries compiled per GlobalState (a plan holds no run state): re-runs on other data skip the compile. */
const compiledCache = new WeakMap<object, Map<string, CompiledQuery>>();
const COMPILED_PER_GLOBALS = 16;

function compiledQuery(query: string, globals: Kusto.Language.GlobalState): CompiledQuery {
  let byText = compiledCache.get(globals);
  if (!byText) compiledCache.set(globals, (byText = new Map()));
  let compiled = byText.get(query);
  if (!compiled) {
    compiled = compileQuery(query, { globals });
    if (byText.size >= COMPILED_PER_GLOBALS) byText.delete(byText.keys().next().value!);
    byText.set(query, compiled);
  }
  return compiled;
}
