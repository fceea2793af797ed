// Analysis of one KQL query by Kusto.Language, handed out as plain TypeScript. Callers never see Bridge
// lists or boxed values; the analysed KustoCode is kept only for the engine's plan compiler.
import { activeAnalysisStore, analysisKey, fingerprint } from './analysisStore';
import { K, Symbols, Syntax, buildGlobals, globalsFingerprint, parseAndAnalyze, toArray, kindName } from './bridge';
import type { ColumnSpec } from './bridge';

export type KustoSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface KustoDiagnostic {
  /** Kusto's own code, e.g. KS204. */
  code: string;
  severity: KustoSeverity;
  message: string;
  /** 0-based UTF-16 offset into the query text. */
  start: number;
  length: number;
  /** A parse error (the semantic errors after it are usually follow-ons). */
  isSyntax: boolean;
}

/** The result schema after one query operator (one pipe stage). */
export interface StageColumns {
  /** SyntaxKind name of the operator, e.g. FilterOperator, SummarizeOperator. */
  operator: string;
  start: number;
  end: number;
  columns: ColumnSpec[];
}

export interface QueryAnalysis {
  diagnostics: KustoDiagnostic[];
  /** Kusto's best-practice analyzer findings (KS5xx…); computed only when asked for. */
  analyzerDiagnostics: KustoDiagnostic[];
  /** Columns of the query's result, in order; empty when the query's result is not a table. */
  outputColumns: ColumnSpec[];
  stages: StageColumns[];
  /** Names of the tables the query reads (known tables, and `table("X")` with a constant name). */
  tablesRead: { name: string; start: number; length: number }[];
  /** True when the query calls `table()` with a name known only at run time (e.g. a function parameter). */
  readsTablesByName: boolean;
  /** Names of the user and database functions the query calls (not built-ins), e.g. `_GetWatchlist`. */
  functionsCalled: string[];
  /** The analysed code, for the engine's plan compiler only (Bridge objects). */
  code: Kusto.Language.KustoCode;
}

export interface AnalyseOptions { bestPractices?: boolean }

/** The parts of an analysis that are plain data (what the persistent analysis store keeps). */
export type PlainAnalysis = Omit<QueryAnalysis, 'code' | 'stages'>;

export function analyse(query: string, globals: Kusto.Language.GlobalState, options: AnalyseOptions = {}): QueryAnalysis {
  const store = activeAnalysisStore();
  const key = store && storeKey(query, globals, options);
  const stored = key ? store.get(key) : undefined;
  if (stored) return withCode(stored, () => parseAndAnalyze(query, globals));
  const code = parseAndAnalyze(query, globals);
  const plain = plainAnalysis(code, options);
  if (key) store.set(key, plain);
  return withCode(plain, () => code);
}

/** The analysis with its syntax tree: analysed again on first use when the plain parts came from the store. */
function withCode(plain: PlainAnalysis, getCode: () => Kusto.Language.KustoCode): QueryAnalysis {
  let code: Kusto.Language.KustoCode | undefined;
  let stages: StageColumns[] | undefined;
  return {
    ...plain,
    get code() { return (code ??= getCode()); },
    // Built on first use: listing every operator's columns was ~5 % of a corpus validation, which never reads them.
    get stages() { return (stages ??= stagesOf(this.code)); },
  };
}

function plainAnalysis(code: Kusto.Language.KustoCode, options: AnalyseOptions): PlainAnalysis {
  const syntaxKeys = new Set(toArray<Kusto.Language.Diagnostic>(code.GetSyntaxDiagnostics()).map(diagnosticKey));
  const diagnostics = toArray<Kusto.Language.Diagnostic>(code.GetDiagnostics()).map((d) => plain(d, syntaxKeys.has(diagnosticKey(d))));
  const analyzerDiagnostics = options.bestPractices
    ? toArray<Kusto.Language.Diagnostic>(new K.Editor.KustoCodeService.ctor(code).GetAnalyzerDiagnostics(true, new K.Utils.CancellationToken()))
      .map((d) => plain(d, false))
    : [];
  return { diagnostics, analyzerDiagnostics, outputColumns: columnsOf(code.ResultType), ...walk(code) };
}

/**
 * The store key, when the GlobalState's content is known (it was made by buildGlobals). It includes the source
 * of the functions that make a PlainAnalysis, so entries stored by an older version of them are never read.
 */
function storeKey(query: string, globals: Kusto.Language.GlobalState, options: AnalyseOptions): string | undefined {
  const source = globalsFingerprint(globals);
  producer ??= fingerprint([plainAnalysis, plain, diagnosticKey, severityOf, columnsOf, typeName, walk].map(String));
  return source === undefined ? undefined : analysisKey(`${producer}|${source}`, options.bestPractices === true, query);
}
let producer: string | undefined;

function diagnosticKey(d: Kusto.Language.Diagnostic): string {
  return `${d.Code}@${d.Start}+${d.Length}`;
}

function plain(d: Kusto.Language.Diagnostic, isSyntax: boolean): KustoDiagnostic {
  return {
    code: d.Code ?? 'KS000',
    severity: severityOf(d.Severity),
    message: d.Message ?? '',
    start: d.HasLocation ? d.Start : 0,
    length: d.HasLocation ? d.Length : 0,
    isSyntax,
  };
}

function severityOf(s: string | null): KustoSeverity {
  switch (s) {
    case 'Error': return 'error';
    case 'Warning': return 'warning';
    case 'Suggestion': return 'information';
    default: return 'hint';
  }
}

/** Columns of a tabular result type; anything else (a scalar, an error type) has none. */
export function columnsOf(type: Kusto.Language.Symbols.TypeSymbol | null | undefined): ColumnSpec[] {
  if (!type || !(type instanceof Symbols.TableSymbol)) return [];
  return toArray<Kusto.Language.Symbols.ColumnSymbol>((type as Kusto.Language.Symbols.TableSymbol).Columns)
    .map((c) => ({ name: c.Name ?? '', type: typeName(c.Type) }));
}

/** Kusto's display name of a scalar type: string, long, datetime, dynamic… */
export function typeName(type: Kusto.Language.Symbols.TypeSymbol | null | undefined): string {
  return type?.Name ?? 'unknown';
}

/** The schema after each query operator, in text order. */
function stagesOf(code: Kusto.Language.KustoCode): StageColumns[] {
  const stages: StageColumns[] = [];
  const visit = (el: Kusto.Language.Syntax.SyntaxElement | null): void => {
    if (!el || el.IsToken) return;
    if (el instanceof Syntax.QueryOperator) {
      stages.push({ operator: kindName(el.Kind), start: el.TextStart, end: el.End, columns: columnsOf((el as Kusto.Language.Syntax.Expression).ResultType) });
    }
    for (let i = 0; i < el.ChildCount; i++) visit(el.GetChild(i));
  };
  visit(code.Syntax);
  return stages;
}

/** One pass over the tree: the tables read and the workspace functions called. */
function walk(code: Kusto.Language.KustoCode): Pick<QueryAnalysis, 'tablesRead' | 'functionsCalled' | 'readsTablesByName'> {
  let readsTablesByName = false;
  const tablesRead: QueryAnalysis['tablesRead'] = [];
  const functionsCalled = new Set<string>();
  const databaseFunctions = new Set(toArray<Kusto.Language.Symbols.FunctionSymbol>(code.Globals?.Database?.Functions).map((f) => f.Name));
  const visit = (el: Kusto.Language.Syntax.SyntaxElement | null): void => {
    if (!el || el.IsToken) return;
    const referenced = (el as Kusto.Language.Syntax.SyntaxNode).ReferencedSymbol;
    if (referenced instanceof Symbols.TableSymbol && el instanceof Syntax.NameReference) {
      tablesRead.push({ name: referenced.Name ?? '', start: el.TextStart, length: el.End - el.TextStart });
    } else if (referenced instanceof Symbols.FunctionSymbol && databaseFunctions.has(referenced.Name)) {
      functionsCalled.add(referenced.Name ?? '');
    }
    if (el instanceof Syntax.FunctionCallExpression && el.Name?.SimpleName === 'table') {
      // table("X") with a constant name: Kusto resolves it to the table X.
      const result = el.ResultType;
      if (result instanceof Symbols.TableSymbol && result.Name) tablesRead.push({ name: result.Name, start: el.TextStart, length: el.End - el.TextStart });
      else readsTablesByName = true;
    }
    for (let i = 0; i < el.ChildCount; i++) visit(el.GetChild(i));
  };
  visit(code.Syntax);
  return { tablesRead, functionsCalled: [...functionsCalled], readsTablesByName };
}

const warmed = new WeakSet<Kusto.Language.GlobalState>();
/**
 * Pays Kusto.Language's one-time costs (JIT of the parser and binder, the lazy parts of a GlobalState) with a
 * small query, so the first real diagnostics come without a stall. Pass the GlobalState that real queries will
 * use; without one a tiny schema is used. Hover and completion warm up on first use (a few hundred ms once).
 */
export function warmUp(globals?: Kusto.Language.GlobalState): void {
  const g = globals ?? buildGlobals([{ name: 'WarmUp', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Name', type: 'string' }] }]);
  if (warmed.has(g)) return;
  const table = globals ? 'SecurityEvent' : 'WarmUp';
  const name = globals ? 'Account' : 'Name';
  analyse(`let x = 5m;\n${table}\n| where TimeGenerated > ago(x) and ${name} has "a"\n| summarize count() by ${name}, bin(TimeGenerated, 1h)\n| join kind=inner (${table} | project ${name}) on ${name}\n| extend y = tostring(${name})`, g);
  warmed.add(g);
}
