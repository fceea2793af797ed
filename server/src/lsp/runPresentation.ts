// How a rule run shows in the editor: the code lens summary, the inlay hints of rows per pipe stage, and run
// problems as diagnostics (on the rule, or on the line of the sample file that caused them).
import { InlayHintKind, type CodeLens, type Diagnostic, type InlayHint } from 'vscode-languageserver/node';
import type { RuleDocument } from '../core/ruleDocument';
import type { RuleDiagnostic } from '../core/types';
import { findQuery, toDocument } from '../kql/queryText';
import type { RuleRunResult } from '../run';
import { toDiagnostic } from './convert';
import { pathToUri } from './paths';
import type { RuleRun } from './ruleRuns';

/** Client commands the lenses invoke (registered by the extension; other editors show the lens text). */
export const runCommand = 'sentinelRules.runRule';
export const showResultsCommand = 'sentinelRules.showResults';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 results · would fire · 2 alerts · 14 ms`, or why the query did not run. */
export function runSummary(r: RuleRunResult): string {
  if (!r.ran) {
    const first = r.diagnostics.find((d) => d.severity === 'error');
    return `not run${first ? `: ${first.code} ${first.message}` : ''}`;
  }
  return [plural(r.trigger.resultCount, 'result'), r.trigger.fires ? 'would fire' : 'would not fire', plural(r.alerts.length, 'alert'), `${r.timing.totalMs} ms`].join(' · ');
}

/** Lenses above `query:`: run, and after a run its summary (marked when the text changed since). */
export function runLenses(rule: RuleDocument, uri: string, version: number, run: RuleRun | undefined): CodeLens[] {
  if (!rule.pair(['query'])) return [];
  const line = rule.keyRange(['query']).start.line;
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const lenses: CodeLens[] = [{ range, command: { title: '▶ Run on sample data', command: runCommand, arguments: [uri] } }];
  if (run) {
    const stale = run.version !== version ? ' (before the latest edits)' : '';
    lenses.push({ range, command: { title: `${runSummary(run.result)}${stale} · ${run.source.label}`, command: showResultsCommand, arguments: [uri] } });
  }
  return lenses;
}

/**
 * `⟵ 77 → 3 rows` at the end of each pipe stage, `⟵ 3 rows` after a let; only for the document version the
 * run was made on, since stage positions come from that text.
 */
export function stageHints(run: RuleRun, version: number): InlayHint[] {
  if (run.version !== version || !run.result.ran) return [];
  const found = findQuery(run.rule);
  if (found.kind !== 'string') return [];
  const q = found.query;
  return run.result.stages.map((s) => {
    let end = Math.min(s.end, q.text.length);
    while (end > s.start && /\s/.test(q.text[end - 1])) end--;
    const times = s.runs > 1 ? ` (${s.runs} runs)` : '';
    const label = s.runs === 0 ? '⟵ not run'
      : s.kind === 'let' ? `⟵ ${plural(s.rowsOut, 'row')}${times}`
        : `⟵ ${s.rowsIn} → ${plural(s.rowsOut, 'row')}${times}`;
    return { position: run.rule.lines.positionAt(toDocument(q, end - 1) + 1), label, kind: InlayHintKind.Parameter, paddingLeft: true };
  });
}

/** Run problems located in the rule, as diagnostics of the rule document. */
export function ruleRunDiagnostics(r: RuleRunResult): Diagnostic[] {
  return r.diagnostics.flatMap((d) => d.location.kind === 'rule'
    ? [toDiagnostic({ code: d.code, severity: d.severity, message: `run on sample data: ${d.message}`, range: d.location.range } satisfies RuleDiagnostic)]
    : []);
}

/** Run problems located in sample files, grouped by the file's URI (1-based line/column become LSP's 0-based). */
export function dataRunDiagnostics(r: RuleRunResult): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of r.diagnostics) {
    if (d.location.kind !== 'data') continue;
    const uri = pathToUri(d.location.file);
    const at = { line: Math.max(0, d.location.line - 1), character: Math.max(0, d.location.column - 1) };
    const list = byFile.get(uri) ?? [];
    list.push(toDiagnostic({ code: d.code, severity: d.severity, message: d.message, range: { start: at, end: { ...at, character: at.character + 1 } } }));
    byFile.set(uri, list);
  }
  return byFile;
}

