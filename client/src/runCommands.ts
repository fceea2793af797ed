// Commands of the run loop: run the rule (progress with cancel after 1 s), show its results, open the sample
// rows a result or an alert came from, pick the data folder. Results of automatic re-runs (on save, on data change) arrive as notifications. ("Create test from
// current results" is in testing/, with the Testing view.)
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ChooseDataSourceRequest, DataSourcesRequest, RunFinishedNotification, RunRuleRequest, SourceRowsRequest,
  type DataSourcesResponse, type RunRuleResponse, type SourceRowsParams, type SourceRowsResponse,
} from '../../server/src/lsp/protocol';
import type { ResultsView, SourceTarget } from './resultsView';
import type { DataStatus } from './dataStatus';

/** Runs shorter than this finish without a progress notification flashing up. */
const PROGRESS_DELAY_MS = 1000;

export class RunCommands {
  private readonly lastRuns = new Map<string, RunRuleResponse>();

  constructor(private readonly client: LanguageClient, private readonly view: ResultsView, private readonly status: DataStatus) {
    view.setSourceOpener((uri, target) => this.openSourceRows(uri, target));
  }

  register(context: vscode.ExtensionContext): void {
    const uriOf = (arg: unknown) => (typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.toString() : vscode.window.activeTextEditor?.document.uri.toString());
    context.subscriptions.push(
      vscode.commands.registerCommand('sentinelRules.runRule', (arg?: unknown) => this.run(uriOf(arg))),
      vscode.commands.registerCommand('sentinelRules.showResults', (arg?: unknown) => this.show(uriOf(arg))),
      vscode.commands.registerCommand('sentinelRules.chooseDataSource', (arg?: unknown) => this.chooseDataSource(uriOf(arg))),
      // (rule uri, { row } or { alert }): what the results view's source buttons do.
      vscode.commands.registerCommand('sentinelRules.openSourceRows', (arg: unknown, target: SourceTarget) => this.openSourceRows(uriOf(arg), target)),
      this.client.onNotification(RunFinishedNotification, (r: RunRuleResponse) => this.finished(r)),
    );
  }

  async run(uri: string | undefined): Promise<RunRuleResponse | undefined> {
    if (!uri) return undefined;
    const cancel = new vscode.CancellationTokenSource();
    const request = this.client.sendRequest<RunRuleResponse>(RunRuleRequest, { uri }, cancel.token);
    const progress = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Running the rule on sample data…', cancellable: true },
        (_, token) => {
          token.onCancellationRequested(() => cancel.cancel());
          return request.then(() => undefined, () => undefined);
        },
      );
    }, PROGRESS_DELAY_MS);
    try {
      // The RunFinished notification updates the views; the answer is returned for callers and tests.
      return await request;
    } catch (err) {
      if (!cancel.token.isCancellationRequested) void vscode.window.showErrorMessage(`Sentinel Rules: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    } finally {
      clearTimeout(progress);
      cancel.dispose();
    }
  }

  private finished(r: RunRuleResponse): void {
    this.lastRuns.set(r.uri, r);
    this.view.update(r);
    this.status.refresh();
  }

  async show(uri: string | undefined): Promise<void> {
    if (!uri) return;
    const last = this.lastRuns.get(uri) ?? (await this.run(uri));
    if (last) this.view.show(last);
  }

  /**
   * Opens the sample data line a result row (or an alert) of the rule's last run came from; with several, a
   * quick pick lists them (table, file:line). Returns how many sample rows there are, when known.
   */
  async openSourceRows(uri: string | undefined, target: SourceTarget): Promise<number | undefined> {
    if (!uri) return undefined;
    let found: SourceRowsResponse;
    try {
      found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding the sample rows…' },
        () => this.client.sendRequest<SourceRowsResponse>(SourceRowsRequest, { uri, ...target } satisfies SourceRowsParams));
    } catch (err) {
      void vscode.window.showErrorMessage(`Sentinel Rules: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    const what = target.alert !== undefined ? `alert ${target.alert + 1}` : `result ${(target.row ?? 0) + 1}`;
    if (!found.known) {
      void vscode.window.showInformationMessage(`The sample rows of ${what} are not known: the query uses an operator that does not track them yet (see docs/run.md).`);
      return undefined;
    }
    if (found.rows.length === 0) {
      void vscode.window.showInformationMessage(`${what} comes from no sample row (only constants of the query: datatable, print, range).`);
      return 0;
    }
    const more = found.total > found.rows.length ? ` (the first ${found.rows.length} of ${found.total})` : '';
    const pick = found.rows.length === 1 ? found.rows[0] : (await vscode.window.showQuickPick(
      found.rows.map((r) => ({ label: r.table, description: `${vscode.workspace.asRelativePath(r.file)}:${r.line}`, row: r })),
      { title: `Sample rows of ${what}${more}`, matchOnDescription: true },
    ))?.row;
    if (pick) {
      const at = new vscode.Position(pick.line - 1, 0);
      await vscode.window.showTextDocument(vscode.Uri.parse(pick.uri), { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.One });
    }
    return found.total;
  }

  async chooseDataSource(uri: string | undefined): Promise<void> {
    if (!uri) return;
    const { sources, current } = await this.client.sendRequest<DataSourcesResponse>(DataSourcesRequest, { uri });
    if (!sources.length) {
      void vscode.window.showInformationMessage('No sample data found: add <Rule>.tests.yaml, set sentinelRules.sampleData, or add a testdata/, samples/ or sample-data/ folder.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      sources.map((s) => ({ label: s.label, description: s.origin, detail: s.paths.map((p) => vscode.workspace.asRelativePath(p)).join(', '), picked: s.label === current?.label, source: s })),
      { title: 'Sample data the rule runs on' },
    );
    if (!pick) return;
    await this.client.sendRequest(ChooseDataSourceRequest, { uri, source: pick.source });
    this.status.refresh();
    await this.run(uri);
  }
}
