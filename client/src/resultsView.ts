// The results view: a webview with the run's summary, its problems, the alerts with their entities, and the
// result rows in a table that sorts by a click on a column header. Each result row and each alert has a
// button that opens the sample row(s) it came from (the extension asks the server: sentinelRules/sourceRows).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunRuleResponse } from '../../server/src/lsp/protocol';

/** What a button of the view asks for: the sample rows of result row `row`, or of alert `alert`. */
export interface SourceTarget { row?: number; alert?: number }

/** Opens the sample rows of a result or alert of a rule's last run; returns how many there are, if known. */
export type SourceOpener = (uri: string, target: SourceTarget) => Promise<number | undefined>;

export class ResultsView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: string | undefined;
  private openSources: SourceOpener | undefined;

  /** Who answers the view's "Open sample row" buttons (RunCommands, which talks to the server). */
  setSourceOpener(open: SourceOpener): void {
    this.openSources = open;
  }

  show(r: RunRuleResponse): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('sentinelRules.results', 'Rule results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
      this.panel.onDidDispose(() => { this.panel = undefined; this.shown = undefined; });
      this.panel.webview.onDidReceiveMessage((m: { type: string } & SourceTarget) => void this.sourcesClicked(m));
    } else {
      this.panel.reveal(undefined, true);
    }
    this.render(r);
  }

  /** A run finished: refresh the view if it shows that rule. */
  update(r: RunRuleResponse): void {
    if (this.panel && this.shown === r.uri) this.render(r);
  }

  private render(r: RunRuleResponse): void {
    this.shown = r.uri;
    this.panel!.title = `Results: ${vscode.Uri.parse(r.uri).path.split('/').pop()}`;
    this.panel!.webview.html = resultsHtml(r, randomBytes(16).toString('base64'));
  }

  /** A button asked for the sample rows of a result or an alert; its label then says how many there are. */
  private async sourcesClicked(m: { type: string } & SourceTarget): Promise<void> {
    const uri = this.shown;
    if (m.type !== 'openSources' || !uri || !this.openSources) return;
    const total = await this.openSources(uri, { row: m.row, alert: m.alert });
    if (this.shown === uri) void this.panel?.webview.postMessage({ type: 'sourceCount', row: m.row, alert: m.alert, total });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

const esc = (v: unknown) => String(typeof v === 'object' && v !== null ? JSON.stringify(v) : v ?? '')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function resultsHtml(r: RunRuleResponse, nonce: string): string {
  const res = r.result;
  const problems = res.diagnostics.map((d) => `<li class="${esc(d.severity)}">${esc(d.code)} ${esc(d.message)} <span class="where">${esc(vscode.workspace.asRelativePath(d.file))}:${d.line}:${d.column}</span></li>`).join('');
  const alerts = res.alerts.map((a, i) => `<details open><summary>Alert ${i + 1}: ${esc(a.displayName)} [${esc(a.severity)}] · ${a.resultRows.length} result(s) ${sourceButton('alert', i, 'Open sample rows')}</summary><ul>`
    + a.entities.map((e) => `<li><b>${esc(e.type)}</b> ${Object.entries(e.identifiers).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(', ')}</li>`).join('')
    + Object.entries(a.customDetails).map(([k, v]) => `<li>${esc(k)}: ${esc(v.join(' | '))}</li>`).join('')
    + '</ul></details>').join('');
  // The first column holds each row's source button; data columns are 1-based in the cells.
  const head = '<th>Source</th>' + res.columns.map((c, i) => `<th data-col="${i + 1}" title="${esc(c.type)}">${esc(c.name)}</th>`).join('');
  const rows = res.rows.map((row, n) => `<tr><td>${sourceButton('row', n, 'Open sample row')}</td>${res.columns.map((c) => `<td>${esc(row[c.name])}</td>`).join('')}</tr>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
table { border-collapse: collapse; } th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; text-align: left; vertical-align: top; }
th[data-col] { cursor: pointer; } th { background: var(--vscode-editorWidget-background); }
button.source { font-size: 90%; white-space: nowrap; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 1px 6px; cursor: pointer; } .error { color: var(--vscode-errorForeground); } .where { opacity: .7; }
</style></head><body>
<h3>${esc(r.summary)}</h3>
<p>Data: ${esc(r.dataSource.label)} (${r.dataSource.paths.map((p) => esc(vscode.workspace.asRelativePath(p))).join(', ')})</p>
${problems ? `<h4>Problems</h4><ul>${problems}</ul>` : ''}
${alerts ? `<h4>Alerts</h4>${alerts}` : ''}
${res.ran ? `<h4>Results (${res.rows.length})</h4><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>` : ''}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
// A source button asks the extension to open the sample rows; the answer relabels it with their count.
document.querySelectorAll('button.source').forEach((b) => b.addEventListener('click', (e) => {
  e.preventDefault();
  vscode.postMessage({ type: 'openSources', [b.dataset.kind]: +b.dataset.index });
}));
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m.type !== 'sourceCount' || m.total === undefined) return;
  const kind = m.row !== undefined ? 'row' : 'alert', index = m.row ?? m.alert;
  const b = document.querySelector('button.source[data-kind="' + kind + '"][data-index="' + index + '"]');
  if (b) b.textContent = m.total === 1 ? 'Open sample row' : m.total + ' sample rows';
});
// Click a header to sort by that column; click again to reverse.
document.querySelectorAll('th[data-col]').forEach((th) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0], col = +th.dataset.col, dir = th.dataset.dir === 'asc' ? -1 : 1;
  th.dataset.dir = dir === 1 ? 'asc' : 'desc';
  const key = (tr) => tr.cells[col].textContent, num = (s) => s !== '' && !isNaN(+s);
  [...body.rows].sort((a, b) => { const x = key(a), y = key(b); return dir * (num(x) && num(y) ? x - y : x.localeCompare(y)); })
    .forEach((tr) => body.appendChild(tr));
}));
</script></body></html>`;
}

/** The button that opens the sample rows of result row / alert `index` (the index survives sorting). */
function sourceButton(kind: 'row' | 'alert', index: number, label: string): string {
  return `<button class="source" data-kind="${kind}" data-index="${index}" title="Open the sample data line(s) this ${kind === 'row' ? 'result' : 'alert'} was built from">${label}</button>`;
}
