// The embedded KQL engine. compileQuery analyses a query once with Kusto.Language and lowers the tree once
// into plain closures; CompiledQuery.run executes them on in-memory tables (rows never touch Bridge objects).
import { buildGlobals, parseAndAnalyze, toArray, type TableSpec } from '../kusto/bridge';
import { Compiler } from './compile/compiler';
import { CompileContext, Scope } from './compile/context';
import { bindStatements } from './compile/tabular';
import { isTableType, Positions } from './compile/syntax';
import type { Plan, StageInfo, StageStats } from './plan';
import { RunState, type RunOptions, type Sources } from './runState';
import type { Column, Table } from './table';
import type { Lineage } from './lineage';

export { UnsupportedError, KqlRuntimeError } from './functions/types';
export { CancelledError, DEFAULT_ROW_BUDGET } from './runState';
export type { RunOptions, Sources } from './runState';
export type { StageInfo, StageStats } from './plan';
export { LINEAGE_CAP, type Lineage, type RowSources, type SourceRow } from './lineage';

export interface CompileOptions {
  /** The tables and functions the query may use (e.g. the catalogue's GlobalState). */
  globals?: Kusto.Language.GlobalState;
  /** Or just table schemas, when no GlobalState is at hand. */
  tables?: TableSpec[];
}

/** A problem Kusto.Language found in the query text, at a 1-based line and column. */
export interface QueryProblem { line: number; column: number; code: string; message: string }

/** The query does not analyse cleanly; the message lists every error with its line:col. */
export class QueryError extends Error {
  constructor(readonly problems: QueryProblem[]) {
    super(problems.map((p) => `${p.line}:${p.column}: ${p.message} (${p.code})`).join('\n'));
    this.name = 'QueryError';
  }
}

export interface RunResult {
  table: Table;
  /** Rows through each stage that ran (pipe operators and tabular lets), in stage order. */
  stats: StageStats[];
  warnings: string[];
  /** With `lineage: true`: the source rows of each row of `table` (and of every row the run built). */
  lineage?: Lineage;
}

export class CompiledQuery {
  constructor(private readonly plan: Plan, readonly stages: StageInfo[]) {}

  /** Output columns, as the analyzer names and types them. */
  get columns(): Column[] { return this.plan.columns; }

  run(sources: Sources, options: RunOptions): Table {
    return this.plan.run(new RunState(sources, options));
  }

  runWithStats(sources: Sources, options: RunOptions): RunResult {
    const rs = new RunState(sources, options);
    const table = this.plan.run(rs);
    return { table, stats: [...rs.stats.values()].sort((a, b) => a.id - b.id), warnings: rs.warnings, lineage: rs.lineage };
  }
}

export function compileQuery(text: string, options: CompileOptions = {}): CompiledQuery {
  const globals = options.globals ?? buildGlobals(options.tables ?? []);
  const code = parseAndAnalyze(text, globals);
  const positions = new Positions(text);
  const errors = toArray<Kusto.Language.Diagnostic>(code.GetDiagnostics()).filter((d) => d.Severity === 'Error');
  if (errors.length) {
    throw new QueryError(errors.map((d) => ({ ...positions.lineCol(d.HasLocation ? d.Start : 0), code: d.Code ?? 'KS000', message: d.Message ?? '' })));
  }
  const root = code.Syntax as unknown as { Statements: unknown };
  const cx = new CompileContext(text, root);
  const compiler = new Compiler(cx);
  const scope = new Scope();
  const result = bindStatements(compiler, root.Statements, scope);
  if (!result) throw new QueryError([{ line: 1, column: 1, code: 'SR000', message: 'the query has no tabular expression to run' }]);
  if (!isTableType(result.ResultType)) throw cx.unsupported('a query whose result is a scalar (use print)', result);
  return new CompiledQuery(compiler.tabular(result, scope), cx.stages);
}
