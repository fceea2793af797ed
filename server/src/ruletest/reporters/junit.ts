// JUnit XML (the de-facto CI format: one <testsuite> per test file, one <testcase> per case; a failed
// expectation is a <failure>, a case that could not run an <error>; test-file problems are an <error> case).
import * as path from 'node:path';
import type { FileDiagnostic, TestCaseResult, TestRunSummary } from '../types';
import { diagnosticLine } from './text';

export function formatJunit(summary: TestRunSummary, cwd = process.cwd()): string {
  const rel = (f: string) => path.relative(cwd, f) || f;
  const suites = new Map<string, TestCaseResult[]>();
  for (const r of summary.results) suites.set(r.file, [...(suites.get(r.file) ?? []), r]);
  const problemsByFile = new Map<string, FileDiagnostic[]>();
  for (const p of summary.problems.filter((d) => d.severity === 'error')) problemsByFile.set(p.file, [...(problemsByFile.get(p.file) ?? []), p]);
  for (const f of problemsByFile.keys()) if (!suites.has(f)) suites.set(f, []);

  const body: string[] = [];
  let tests = 0, failures = 0, errors = 0;
  for (const [file, cases] of suites) {
    const problems = problemsByFile.get(file) ?? [];
    const f = cases.filter((c) => c.status === 'failed').length;
    const e = cases.filter((c) => c.status === 'error').length + (problems.length ? 1 : 0);
    const n = cases.length + (problems.length ? 1 : 0);
    tests += n; failures += f; errors += e;
    const time = (cases.reduce((s, c) => s + c.durationMs, 0) / 1000).toFixed(3);
    body.push(`  <testsuite name="${esc(rel(file))}" tests="${n}" failures="${f}" errors="${e}" skipped="0" time="${time}">`);
    for (const c of cases) {
      const open = `    <testcase classname="${esc(rel(file))}" name="${esc(c.name)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
      if (c.status === 'passed') { body.push(`${open}/>`); continue; }
      body.push(`${open}>`);
      if (c.status === 'failed') {
        const text = c.mismatches.map((m) => `${m.message}\nexpected:\n${m.expected}\nactual:\n${m.actual}`).join('\n\n');
        body.push(`      <failure message="${esc(c.mismatches.map((m) => m.message).join('; '))}" type="ExpectationFailed">${esc(text)}</failure>`);
      } else {
        body.push(`      <error message="${esc(c.diagnostics.map((d) => d.message).join('; '))}" type="RunError">${esc(c.diagnostics.map((d) => diagnosticLine(d, rel)).join('\n'))}</error>`);
      }
      body.push('    </testcase>');
    }
    if (problems.length) {
      body.push(`    <testcase classname="${esc(rel(file))}" name="test file" time="0">`);
      body.push(`      <error message="${esc(problems.map((p) => p.message).join('; '))}" type="${esc(problems[0].code)}">${esc(problems.map((p) => diagnosticLine(p, rel)).join('\n'))}</error>`);
      body.push('    </testcase>');
    }
    body.push('  </testsuite>');
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sentinel-rules" tests="${tests}" failures="${failures}" errors="${errors}" time="${(summary.durationMs / 1000).toFixed(3)}">\n${body.join('\n')}\n</testsuites>\n`;
}

/** XML text and attribute escaping; characters XML 1.0 forbids are dropped. */
function esc(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
