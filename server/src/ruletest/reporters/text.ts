// The terminal report of a test run: one line per case, and for a failure the mismatches with a -/+ diff
// of the rows that differ; diagnostics as file:line:col.
import * as path from 'node:path';
import type { FileDiagnostic, Mismatch, TestRunSummary } from '../types';

export function formatText(summary: TestRunSummary, cwd = process.cwd()): string {
  const rel = (f: string) => path.relative(cwd, f) || f;
  const out: string[] = [];
  let lastFile = '';
  for (const r of summary.results) {
    if (r.file !== lastFile) {
      out.push(`${rel(r.file)} (rule ${rel(r.rule)})`);
      lastFile = r.file;
    }
    const mark = r.status === 'passed' ? '✔' : r.status === 'failed' ? '✘' : '!';
    const detail = r.run ? ` ${r.run.rows.length} result(s), ${r.run.trigger.fires ? 'fires' : 'does not fire'},` : '';
    out.push(`  ${mark} ${r.name} (${r.status},${detail} ${r.durationMs} ms)`);
    for (const m of r.mismatches) out.push(...mismatchLines(m).map((l) => `      ${l}`));
    for (const d of r.diagnostics) out.push(`      ${diagnosticLine(d, rel)}`);
  }
  if (summary.problems.length > 0) {
    out.push('problems:');
    for (const d of summary.problems) out.push(`  ${diagnosticLine(d, rel)}`);
  }
  out.push(`${summary.passed} passed, ${summary.failed} failed, ${summary.errors} errors, ${summary.problems.filter((p) => p.severity === 'error').length} problems (${summary.durationMs} ms)`);
  return out.join('\n') + '\n';
}

export function diagnosticLine(d: FileDiagnostic, rel: (f: string) => string = (f) => f): string {
  return `${rel(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`;
}

/** A mismatch's message, then for multi-line values the lines only expected (-) and only actual (+). */
function mismatchLines(m: Mismatch): string[] {
  const lines = [m.message];
  if (!m.expected.includes('\n') && !m.actual.includes('\n') && m.what !== 'rows' && m.what !== 'entities') return lines;
  // A multiset difference: a row expected once but returned twice shows the second as extra.
  const unmatched = new Map<string, number>();
  for (const l of m.actual.split('\n')) unmatched.set(l, (unmatched.get(l) ?? 0) + 1);
  const missing: string[] = [];
  for (const l of m.expected.split('\n')) {
    const n = unmatched.get(l) ?? 0;
    if (n > 0) unmatched.set(l, n - 1); else missing.push(l);
  }
  lines.push(...missing.map((l) => `- ${l}`));
  for (const [l, n] of unmatched) for (let i = 0; i < n; i++) lines.push(`+ ${l}`);
  return lines;
}
