// The KQL feature family: Kusto diagnostics inside `query:`, hover and completion there, and the checks of
// everything outside the query that depends on it (output columns, data connectors).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleFeature, WorkspaceContext } from '../core/feature';
import type { RuleDocument } from '../core/ruleDocument';
import type { CompletionEntry, CompletionKind, Fix, RuleDiagnostic } from '../core/types';
import type { KustoDiagnostic, QueryAnalysis } from '../kusto/analysis';
import { completion, quickInfo } from '../kusto/editor';
import { warmUp } from '../kusto/analysis';
import { analyseCached } from './analysisCache';
import { DECLARATIONS_DIR, loadCatalogue } from './catalogue';
import type { Catalogue } from './catalogue';
import { kqlCodes, MAX_ANALYSED_QUERY, UNKNOWN_COLUMN_CODE, UNKNOWN_NAME_CODES } from './codes';
import { columnRefAt, columnRefs } from './columnRefs';
import { connectorDiagnostics, tablesNamedInStrings } from './connectors';
import { outputColumnDiagnostics } from './outputColumns';
import { latestThreatIntelDiagnostics } from './latestThreatIntel';
import { documentRange, findQuery, toQuery } from './queryText';
import type { QueryText } from './queryText';

/** The declarations folder as users write it, whatever the platform. */
const DECLARED_IN = DECLARATIONS_DIR.split(path.sep).join('/');

interface Analysed { q: QueryText; analysis: QueryAnalysis; catalogue: Catalogue }

function analysed(rule: RuleDocument, ctx: WorkspaceContext, found = findQuery(rule)): Analysed | undefined {
  if (found.kind !== 'string' || found.query.text.length > MAX_ANALYSED_QUERY) return undefined;
  const catalogue = loadCatalogue(ctx.roots);
  return { q: found.query, catalogue, analysis: analyseCached(found.query.text, catalogue, bestPracticesOn(ctx)) };
}

/** `sentinelRules.kql.bestPractices`, as a dotted key or a nested section. */
function bestPracticesOn(ctx: WorkspaceContext): boolean {
  const s = ctx.settings ?? {};
  const nested = (s.kql as Record<string, unknown> | undefined)?.bestPractices;
  return (s['kql.bestPractices'] ?? nested) === true;
}

/**
 * Loads Kusto.Language and the workspace's catalogue and warms both up, so the first rule opened gets its KQL
 * diagnostics without a multi-second stall. The language server calls this once its roots are known.
 */
export function warmUpKql(workspaceRoots: string[]): void {
  warmUp(loadCatalogue(workspaceRoots).globals);
}

export const kqlFeature: RuleFeature = {
  name: 'kql',

  diagnostics(rule, ctx) {
    const found = findQuery(rule);
    if (found.kind === 'notString') {
      const node = found.node as { range?: [number, number, number] } | null;
      return [{
        code: 'SR300', severity: kqlCodes.SR300.severity,
        message: `query is ${found.typeName === 'empty value' ? 'empty' : `a ${found.typeName}`}, not a string of KQL, so it is not analysed.`,
        range: node?.range ? rule.rangeOf(node as never) : rule.keyRange(['query']),
      }];
    }
    // The CI's text pattern: it needs no analysis, so it holds for queries of any length.
    const threatIntel = found.kind === 'string' ? latestThreatIntelDiagnostics(rule, found.query) : [];
    if (found.kind === 'string' && found.query.text.length > MAX_ANALYSED_QUERY) {
      return [...threatIntel, {
        code: 'SR306', severity: kqlCodes.SR306.severity, range: rule.keyRange(['query']),
        message: `query has ${found.query.text.length.toLocaleString('en-US')} characters; queries over ${MAX_ANALYSED_QUERY.toLocaleString('en-US')} are not analysed (the Azure-Sentinel CI allows 10,000).`,
      }];
    }
    const a = analysed(rule, ctx, found);
    if (!a) return [];
    const { q, analysis, catalogue } = a;
    const out: RuleDiagnostic[] = catalogue.problems.map((p) => ({
      code: 'SR305', severity: kqlCodes.SR305.severity, message: p.message, range: rule.keyRange(['query']),
    }));
    out.push(...threatIntel);
    const openSchema = usesUndeclaredWatchlist(analysis, catalogue);
    for (const d of visibleKustoDiagnostics(analysis.diagnostics)) out.push(kustoDiagnostic(rule, q, d, ctx, openSchema));
    for (const d of analysis.analyzerDiagnostics) out.push({ ...kustoDiagnostic(rule, q, d, ctx, false), severity: 'information' });
    // The checks below read the YAML structure and the query's output: skip them when either is not reliable
    // (a YAML error, a Kusto error, or an unknown table whose columns Kusto had to guess).
    if (rule.yaml.errors.length > 0) return out;
    // An empty query (or one of only comments or lets) has no tabular result; the schema family reports it.
    const outputKnown = analysis.outputColumns.length > 0 && !analysis.diagnostics.some((d) => d.severity === 'error' || UNKNOWN_NAME_CODES.has(d.code));
    if (outputKnown) out.push(...outputColumnDiagnostics(rule, columnRefs(rule), analysis.outputColumns));
    // Unknown names are left out: they are as often ASIM parsers or other functions as tables.
    const tables = analysis.readsTablesByName ? [...analysis.tablesRead, ...tablesNamedInStrings(q.text, catalogueTableNames(catalogue))] : analysis.tablesRead;
    out.push(...connectorDiagnostics(rule, q, tables, outputKnown));
    return out;
  },

  hover(rule, offset, ctx) {
    const a = analysed(rule, ctx);
    if (!a) return undefined;
    const inQuery = toQuery(a.q, offset);
    if (inQuery !== undefined) {
      const items = quickInfo(a.q.text, a.catalogue.globals, inQuery);
      return items ? { markdown: quickInfoMarkdown(items) } : undefined;
    }
    const ref = columnRefAt(columnRefs(rule), offset);
    if (!ref) return undefined;
    const column = a.analysis.outputColumns.find((c) => c.name === ref.name);
    const range = rule.lines.range(ref.start, ref.end);
    return column
      ? { markdown: `\`${column.name}\`: **${column.type}**, a column of the query's output.`, range }
      : { markdown: `\`${ref.name}\` is not a column of the query's output.`, range };
  },

  completion(rule, offset, ctx) {
    const a = analysed(rule, ctx);
    if (!a) return [];
    const inQuery = toQuery(a.q, offset);
    if (inQuery !== undefined) return queryCompletions(rule, a, inQuery);
    const ref = columnRefAt(columnRefs(rule), offset);
    if (!ref) return [];
    const range = rule.lines.range(ref.start, ref.end);
    // Right after `columnName:` YAML needs a space before the value.
    const space = rule.text[ref.start - 1] === ':' ? ' ' : '';
    return a.analysis.outputColumns.map((c, i): CompletionEntry => ({
      label: c.name, kind: 'column', detail: c.type, range, sortText: String(i).padStart(4, '0'), ...(space ? { insertText: space + c.name } : {}),
    }));
  },
};

/**
 * Kusto's quick info items as Markdown: the signatures (`LogonType: int`) as KQL code, the description Kusto puts
 * after a blank line (from the table reference or a declaration) as text under its signature.
 */
function quickInfoMarkdown(items: string[]): string {
  const parts: string[] = [];
  let code: string[] = [];
  const flush = () => {
    if (code.length) parts.push('```kusto\n' + code.join('\n') + '\n```');
    code = [];
  };
  for (const item of items) {
    const blank = item.indexOf('\n\n');
    code.push(blank < 0 ? item : item.slice(0, blank));
    if (blank >= 0) {
      flush();
      parts.push(item.slice(blank + 2).trim());
    }
  }
  flush();
  return parts.join('\n\n');
}

/** Syntax errors, then the semantic diagnostics before the first syntax error (the later ones are follow-ons). */
export function visibleKustoDiagnostics(all: KustoDiagnostic[]): KustoDiagnostic[] {
  const syntax = all.filter((d) => d.isSyntax);
  if (syntax.length === 0) return all;
  const firstSyntax = Math.min(...syntax.map((d) => d.start));
  return [...syntax, ...all.filter((d) => !d.isSyntax && d.start < firstSyntax)];
}

function kustoDiagnostic(rule: RuleDocument, q: QueryText, d: KustoDiagnostic, ctx: WorkspaceContext, openSchema: boolean): RuleDiagnostic {
  const range = documentRange(rule, q, d.start, d.length);
  if (openSchema && d.code === UNKNOWN_COLUMN_CODE) {
    return { code: d.code, severity: 'warning', message: `${d.message} If it is a column of a watchlist, declare _GetWatchlist with the watchlist's columns in ${DECLARED_IN}/_GetWatchlist.json.`, range };
  }
  if (!UNKNOWN_NAME_CODES.has(d.code)) return { code: d.code, severity: d.severity, message: d.message, range };
  const name = q.text.substr(d.start, d.length);
  const fix = declarationFix(rule, ctx, name);
  return {
    code: d.code,
    severity: 'warning',
    message: `${d.message} Declare it in ${DECLARED_IN}/${name}.json to check the query against it.`,
    range,
    ...(fix ? { fixes: [fix] } : {}),
  };
}

const tableNames = new WeakMap<Catalogue, Set<string>>();
function catalogueTableNames(catalogue: Catalogue): Set<string> {
  let names = tableNames.get(catalogue);
  if (!names) tableNames.set(catalogue, (names = new Set(catalogue.tables.keys())));
  return names;
}

/**
 * The bundled `_GetWatchlist` knows only the columns every watchlist has; a watchlist's own columns are
 * unknown until the user declares them, so unknown-column errors in such a query are only Warnings.
 */
function usesUndeclaredWatchlist(analysis: QueryAnalysis, catalogue: Catalogue): boolean {
  const watchlist = catalogue.functions.get('_GetWatchlist');
  return !!watchlist && !watchlist.file && analysis.functionsCalled.includes('_GetWatchlist');
}

function declarationFix(rule: RuleDocument, ctx: WorkspaceContext, name: string): Fix | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const root = ctx.roots[0] ?? (rule.uri.startsWith('file:') ? path.dirname(fileURLToPath(rule.uri)) : undefined);
  if (!root) return undefined;
  const content = JSON.stringify({ name, columns: [{ name: 'TimeGenerated', type: 'datetime' }] }, null, 2) + '\n';
  return { title: `Declare table '${name}' in ${DECLARED_IN}/${name}.json`, edits: [], createFiles: [{ path: path.join(root, DECLARATIONS_DIR, `${name}.json`), content }] };
}

const KINDS: Record<string, CompletionKind> = {
  Column: 'column', Table: 'table', MaterialiedView: 'table', Graph: 'table', Database: 'reference', Cluster: 'reference',
  BuiltInFunction: 'function', LocalFunction: 'function', DatabaseFunction: 'function', AggregateFunction: 'function',
  Variable: 'variable', Parameter: 'variable', Keyword: 'keyword', QueryPrefix: 'keyword', Syntax: 'keyword',
  ScalarPrefix: 'keyword', TabularPrefix: 'keyword', ScalarInfix: 'keyword', TabularSuffix: 'keyword',
  Identifier: 'value', Example: 'value', Unknown: 'value',
};

function queryCompletions(rule: RuleDocument, a: Analysed, offset: number): CompletionEntry[] {
  const c = completion(a.q.text, a.catalogue.globals, offset);
  const range = documentRange(rule, a.q, c.editStart, c.editLength);
  const described = descriptions(a);
  return c.items.map((i): CompletionEntry => {
    const kind = KINDS[i.kind] ?? 'keyword';
    const entry: CompletionEntry = { label: i.label, kind, detail: i.kind, range, sortText: i.orderText, filterText: i.matchText };
    const documentation = kind === 'column' ? described.columns.get(i.label) : kind === 'table' ? described.tables.get(i.label) : undefined;
    if (documentation) entry.documentation = documentation;
    if (i.afterText) {
      // Kusto puts the caret between the two texts, e.g. inside `count(|)`.
      entry.insertText = `${snippetEscape(i.insertText)}$0${snippetEscape(i.afterText)}`;
      entry.isSnippet = true;
    } else if (i.insertText !== i.label) entry.insertText = i.insertText;
    return entry;
  });
}

/**
 * The descriptions completion entries show (Kusto's completion items carry none): every catalogue table's, and the
 * columns' of the tables the query reads, the first table's description winning for a column of several.
 */
function descriptions(a: Analysed): { tables: Map<string, string>; columns: Map<string, string> } {
  const tables = new Map<string, string>();
  for (const t of a.catalogue.tables.values()) if (t.description) tables.set(t.name, t.description);
  const columns = new Map<string, string>();
  for (const read of a.analysis.tablesRead) {
    for (const c of a.catalogue.tables.get(read.name)?.columns ?? []) if (c.description && !columns.has(c.name)) columns.set(c.name, c.description);
  }
  return { tables, columns };
}

function snippetEscape(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

