// Running a rule the way Microsoft Sentinel would, on sample data: the query-period window ending at `now`,
// the engine's run of the rule's own query, the trigger, and the alerts with their entities. One function
// serves the CLI (`run`, `test`), the rule tests and the language server.
import type { RuleDocument } from '../core/ruleDocument';
import { LineIndex } from '../core/lineIndex';
import type { Range } from '../core/types';
import { loadDataFolders } from '../data';
import type { LoadResult } from '../data';
import type { SchemaLookup } from '../data/types';
import { kqlTypeFromName } from '../data/cellValue';
import { parseDatetime, ticksFromUnixMs } from '../engine/values';
import { globalsWith, loadCatalogue } from '../kql/catalogue';
import type { Catalogue } from '../kql/catalogue';
import { documentRange, findQuery } from '../kql/queryText';
import type { QueryText } from '../kql/queryText';
import { QueryError } from '../engine';
import { buildAlerts } from './alerts';
import { executeQuery } from './execute';
import { classifyRunError } from './runErrors';
import { resultRowSources } from './rowSources';
import { readRunSettings } from './settings';
import { triggerFires } from './trigger';
import type { RuleRunResult, RunDiagnostic, RunWindow } from './types';
import { applyWindow, latestTimestamp } from './window';

export type * from './types';
export type { Alert, AlertEntity } from './alerts';
export type { ResultRowSources, SampleRowRef } from './rowSources';

export interface RunRuleOptions {
  /** The run's now: ticks, or an ISO-8601 text; default the latest timestamp of the loaded data. */
  now?: number | string;
  /** Apply the query-period window (default true; NRT rules never have one). */
  window?: boolean;
  /** Table schemas and functions (default: the bundled Sentinel catalogue). */
  catalogue?: Catalogue;
  rowBudget?: number;
  timeBudgetMs?: number;
  signal?: AbortSignal;
  /** Also find the sample rows each result row came from (`sources`); costs memory per row, so off by default. */
  lineage?: boolean;
}

/** Loads the data folders and runs the rule on them. */
export async function runRule(rule: RuleDocument, dataFolders: string[], options: RunRuleOptions = {}): Promise<RuleRunResult> {
  const started = Date.now();
  const catalogue = options.catalogue ?? loadCatalogue([]);
  const data = await loadDataFolders(dataFolders, { schema: catalogueSchema(catalogue) });
  return runRuleOnData(rule, data, { ...options, catalogue }, Date.now() - started);
}

/** Runs the rule on data already loaded (the language server keeps it between runs). */
export function runRuleOnData(rule: RuleDocument, data: LoadResult, options: RunRuleOptions = {}, loadMs = 0): RuleRunResult {
  const started = Date.now();
  const diagnostics: RunDiagnostic[] = data.issues.map((i) => ({
    code: i.severity !== 'error' ? 'SR503' : i.scope === 'file' ? 'SR501' : 'SR502',
    severity: i.severity,
    message: i.message,
    location: { kind: 'data', file: i.file, line: i.line, column: i.column },
  }));
  const { settings, problems } = readRunSettings(rule);
  // Unreadable settings fall back (no window, trigger `gt 0`) so the query still runs; the validator has the errors.
  for (const p of problems) diagnostics.push({ code: 'SR504', severity: 'warning', message: p.message, location: { kind: 'rule', range: p.range } });

  const now = chooseNow(options.now, data);
  const useWindow = options.window !== false && settings.kind === 'Scheduled' && settings.queryPeriod !== undefined;
  const window: RunWindow = useWindow
    ? { applied: true, now: now.ticks, nowSource: now.source, start: now.ticks - settings.queryPeriod!, period: settings.queryPeriod }
    : { applied: false, now: now.ticks, nowSource: now.source };
  const visible = applyWindow(data.tables, useWindow ? { start: window.start!, end: now.ticks } : undefined);
  const filesOf = new Map(data.stats.map((s) => [s.table, s.files]));
  if (useWindow) {
    for (const s of visible.stats.filter((x) => !x.timeColumn)) {
      const file = filesOf.get(s.table)?.[0] ?? '';
      diagnostics.push({ code: 'SR509', severity: 'information', message: `${s.table} has no datetime TimeGenerated or Timestamp column; the window does not apply and all its rows are visible`, location: { kind: 'data', file, line: 1, column: 1 } });
    }
  }
  const result: RuleRunResult = {
    ran: false,
    columns: [],
    rows: [],
    trigger: { ...settings.trigger, resultCount: 0, fires: false },
    alerts: [],
    window,
    tables: visible.stats.map((s) => ({ ...s, files: filesOf.get(s.table) ?? [], read: false })),
    stages: [],
    diagnostics,
    timing: { loadMs, queryMs: 0, totalMs: loadMs },
  };
  const done = () => {
    result.timing.totalMs = loadMs + (Date.now() - started);
    return result;
  };

  const lookup = findQuery(rule);
  if (lookup.kind !== 'string' || lookup.query.text.trim() === '') {
    diagnostics.push({ code: 'SR504', severity: 'error', message: 'the rule has no query to run', location: { kind: 'rule', range: rule.valueOrKeyRange(['query']) } });
    return done();
  }
  // Bad sample cells or unreadable files: running anyway would give results that silently miss rows.
  if (diagnostics.some((d) => d.severity === 'error')) return done();

  const query = lookup.query;
  const catalogue = options.catalogue ?? loadCatalogue([]);
  const globals = sampleGlobals(catalogue, data);
  const queryStarted = Date.now();
  try {
    const out = executeQuery(query.text, globals, visible.tables, catalogueSchema(catalogue), { now: now.ticks, rowBudget: options.rowBudget, timeBudgetMs: options.timeBudgetMs, signal: options.signal, lineage: options.lineage });
    for (const t of result.tables) t.read = out.tablesRead.includes(t.table);
    for (const name of out.emptyTables) {
      result.tables.push({ table: name, rowsLoaded: 0, rowsVisible: 0, files: [], read: true });
      diagnostics.push({ code: 'SR508', severity: 'information', message: `no sample data for table ${name}; it runs as an empty table`, location: { kind: 'rule', range: rule.keyRange(['query']) } });
    }
    result.ran = true;
    result.columns = out.table.columns;
    result.rows = out.table.rows;
    result.stages = out.stages;
    if (out.lineage) result.sources = resultRowSources(out.table.rows, out.lineage, data.tables);
  } catch (e) {
    if (e instanceof QueryError) {
      for (const p of e.problems) {
        diagnostics.push({ code: 'SR505', severity: 'error', message: `${p.code}: ${p.message}`, location: { kind: 'rule', range: queryRange(rule, query, p.line, p.column) } });
      }
    } else {
      const { code, message, line, column } = classifyRunError(e);
      diagnostics.push({ code, severity: 'error', message, location: { kind: 'rule', range: queryRange(rule, query, line, column) } });
    }
  }
  result.timing.queryMs = Date.now() - queryStarted;
  if (result.ran) {
    const count = result.rows.length;
    const fires = settings.kind === 'NRT' ? count > 0 : triggerFires(count, settings.trigger.operator, settings.trigger.threshold);
    result.trigger = { ...settings.trigger, resultCount: count, fires };
    if (fires) result.alerts = buildAlerts({ columns: result.columns, rows: result.rows }, settings);
  }
  return done();
}

const GLOBALS_CACHE_SIZE = 8;
const globalsCache = new Map<string, Kusto.Language.GlobalState>();

/**
 * The catalogue plus the loaded tables' columns (samples may hold columns the catalogue does not list, and
 * Kusto must know them to bind the query). Building a GlobalState costs about a second, so states are kept
 * by catalogue version and sample schema: test cases with differently filled but alike folders share one.
 */
function sampleGlobals(catalogue: Catalogue, data: LoadResult): Kusto.Language.GlobalState {
  const tables = data.tables.map((t) => ({ name: t.name, columns: t.columns }));
  const key = `${catalogue.version}|${JSON.stringify(tables)}`;
  let globals = globalsCache.get(key);
  if (!globals) {
    globals = globalsWith(catalogue, tables);
    if (globalsCache.size >= GLOBALS_CACHE_SIZE) globalsCache.delete(globalsCache.keys().next().value!);
  }
  globalsCache.delete(key);
  globalsCache.set(key, globals);
  return globals;
}

/** Schema lookup for the loader: tables the catalogue knows from Sentinel or from workspace declarations. */
export function catalogueSchema(catalogue: Catalogue): SchemaLookup {
  return (name) => {
    const t = catalogue.tables.get(name);
    if (!t || t.origin === 'sample') return undefined;
    return t.columns.map((c) => ({ name: c.name, type: kqlTypeFromName(c.type) ?? 'dynamic' }));
  };
}

function chooseNow(option: number | string | undefined, data: LoadResult): { ticks: number; source: RunWindow['nowSource'] } {
  if (typeof option === 'number') return { ticks: option, source: 'option' };
  if (typeof option === 'string') {
    const t = parseDatetime(option);
    if (t === null) throw new RangeError(`'${option}' is not a datetime (use ISO 8601, e.g. 2020-09-17T22:00:00Z)`);
    return { ticks: t, source: 'option' };
  }
  const latest = latestTimestamp(data.tables);
  return latest === undefined ? { ticks: ticksFromUnixMs(Date.now()), source: 'clock' } : { ticks: latest, source: 'data' };
}

/** Document range of a 1-based line:column in the query text (the whole query when unknown). */
function queryRange(rule: RuleDocument, query: QueryText, line: number | undefined, column: number | undefined): Range {
  if (line === undefined) return documentRange(rule, query, 0, query.text.length);
  const offset = new LineIndex(query.text).offsetAt({ line: line - 1, character: (column ?? 1) - 1 });
  return documentRange(rule, query, offset, 1);
}
