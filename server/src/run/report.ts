// A rule run as JSON (for tools: `sentinel-rules run --format json`), as a text table with the trigger,
// alerts, windows and stage counts (for people), or as CSV of the result rows.
import * as path from 'node:path';
import { formatDatetime, formatTimespan } from '../engine/values';
import { toText } from '../engine/functions/convert';
import { jsonValue } from './resultJson';
import type { RuleRunResult, RunDiagnostic } from './types';

/** A run diagnostic as `file:line:col: severity code: message` (1-based), the rule file for query problems. */
export function diagnosticText(d: RunDiagnostic, ruleFile: string, rel: (f: string) => string = (f) => f): string {
  const [file, line, column] = d.location.kind === 'rule'
    ? [ruleFile, d.location.range.start.line + 1, d.location.range.start.character + 1]
    : [d.location.file, d.location.line, d.location.column];
  return `${rel(file)}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
}

export function runToJson(r: RuleRunResult, ruleFile: string): unknown {
  return {
    rule: ruleFile,
    ran: r.ran,
    columns: r.columns,
    rows: r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, jsonValue(row[i], c.type)]))),
    trigger: r.trigger,
    alerts: r.alerts,
    window: {
      applied: r.window.applied,
      now: formatDatetime(r.window.now),
      nowSource: r.window.nowSource,
      ...(r.window.applied ? { start: formatDatetime(r.window.start!), period: formatTimespan(r.window.period!) } : {}),
    },
    tables: r.tables,
    stages: r.stages.map(({ id, kind, label, line, column, rowsIn, rowsOut, runs }) => ({ id, kind, label, line, column, rowsIn, rowsOut, runs })),
    diagnostics: r.diagnostics.map((d) => d.location.kind === 'rule'
      ? { code: d.code, severity: d.severity, message: d.message, file: ruleFile, line: d.location.range.start.line + 1, column: d.location.range.start.character + 1 }
      : { code: d.code, severity: d.severity, message: d.message, file: d.location.file, line: d.location.line, column: d.location.column }),
    timing: r.timing,
  };
}

const MAX_CELL = 60;

export function runToTable(r: RuleRunResult, ruleFile: string, cwd = process.cwd()): string {
  const rel = (f: string) => path.relative(cwd, f) || f;
  const out: string[] = [];
  if (r.ran) {
    const cells = r.rows.map((row) => r.columns.map((c, i) => clip(toText(row[i], c.type))));
    const widths = r.columns.map((c, i) => Math.max(c.name.length, ...cells.map((row) => row[i].length)));
    const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
    out.push(line(r.columns.map((c) => c.name)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '');
  }
  const t = r.trigger;
  const window = r.window.applied
    ? `window (${formatDatetime(r.window.start!)}, ${formatDatetime(r.window.now)}] (queryPeriod ${formatTimespan(r.window.period!)}, now from ${r.window.nowSource})`
    : `no window (now ${formatDatetime(r.window.now)} from ${r.window.nowSource})`;
  out.push(r.ran
    ? `${t.resultCount} result(s) · ${t.fires ? 'would fire' : 'would not fire'} (${t.resultCount} ${t.operator} ${t.threshold}) · ${r.alerts.length} alert(s) · ${window} · ${r.timing.totalMs} ms`
    : `not run · ${window}`);
  r.alerts.forEach((a, i) => {
    out.push(`alert ${i + 1}${a.summary ? ' (summary)' : ''}: ${a.displayName} [${a.severity}] · ${a.resultRows.length} result(s)`);
    for (const e of a.entities) out.push(`  ${e.type}: ${Object.entries(e.identifiers).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    for (const [k, v] of Object.entries(a.customDetails)) out.push(`  ${k}: ${v.join(' | ')}`);
  });
  if (r.tables.length) {
    out.push('tables:');
    for (const s of r.tables) out.push(`  ${s.table}: ${s.rowsLoaded} row(s) loaded, ${s.rowsVisible} in window${s.timeColumn ? ` (by ${s.timeColumn})` : ''}${s.read ? ', read by the query' : ', not read'}`);
  }
  if (r.stages.length) {
    out.push('stages:');
    for (const s of r.stages) out.push(`  ${s.line}:${s.column} ${s.label}: ${s.rowsIn} → ${s.rowsOut}${s.runs > 1 ? ` (${s.runs} runs)` : ''}`);
  }
  for (const d of r.diagnostics) out.push(diagnosticText(d, ruleFile, rel));
  return out.join('\n') + '\n';
}

export function runToCsv(r: RuleRunResult): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [r.columns.map((c) => quote(c.name)).join(',')];
  for (const row of r.rows) lines.push(r.columns.map((c, i) => quote(toText(row[i], c.type))).join(','));
  return lines.join('\n') + '\n';
}

function clip(s: string): string {
  const one = s.replace(/\s*[\r\n]+\s*/g, ' ');
  return one.length > MAX_CELL ? one.slice(0, MAX_CELL - 1) + '…' : one;
}
