// A rule run as JSON (for tools: `sentinel-rules run --format json`), as a text table with the trigger,
// alerts, windows and stage counts (for people), or as CSV of the result rows.
import * as path from 'node:path';
import { formatDatetime, formatTimespan } from '../engine/values';
import { tableToCsv, tableToJson, tableToText } from '../engine/format';
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
    rows: tableToJson(r).rows,
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
    ...(r.sources ? { sources: r.sources } : {}),
  };
}

export function runToTable(r: RuleRunResult, ruleFile: string, cwd = process.cwd()): string {
  const rel = (f: string) => path.relative(cwd, f) || f;
  const out: string[] = [];
  if (r.ran) out.push(tableToText(r));
  if (r.sources) out.push(...sourcesText(r.sources, rel));
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

/** `row 1 ← 5 sample row(s): DeviceNetworkEvents x.jsonl:13, …` per result row. */
function sourcesText(sources: NonNullable<RuleRunResult['sources']>, rel: (f: string) => string): string[] {
  return sources.map((s, i) => {
    if (!s) return `row ${i + 1} ← unknown (an operator of the query does not record lineage yet)`;
    const more = s.total > s.rows.length ? ` and ${s.total - s.rows.length} more` : '';
    return `row ${i + 1} ← ${s.total} sample row(s): ${s.rows.map((x) => `${x.table} ${rel(x.file)}:${x.line}`).join(', ')}${more}`;
  });
}

export function runToCsv(r: RuleRunResult): string {
  return tableToCsv(r);
}
