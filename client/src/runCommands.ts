// Commands of the run loop: run the rule (progress with cancel after 1 s), show its results, pick the data
// folder. Results of automatic re-runs (on save, on data change) arrive as notifications. ("Create test from
// current results" is in testing/, with the Testing view.)
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ChooseDataSourceRequest, DataSourcesRequest, RunFinishedNotification, RunRuleRequest,
  type DataSourcesResponse, type RunRuleResponse,
} from '../../server/src/lsp/protocol';
import type { ResultsView } from './resultsView';
import type { DataStatus } from './dataStatus';

/** Runs shorter than this finish without a progress notification flashing up. */
const PROGRESS_DELAY_MS = 1000;

export class RunCommands {
  private readonly lastRuns = new Map<string, RunRuleResponse>();

  constructor(private readonly client: LanguageClient, private readonly view: ResultsView, private readonly status: DataStatus) {}

  register(context: vscode.ExtensionContext): void {
    const uriOf = (arg: unknown) => (typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.toString() : vscode.window.activeTextEditor?.document.uri.toString());
    context.subscriptions.push(
      vscode.commands.registerCommand('sentinelRules.runRule', (arg?: unknown) => this.run(uriOf(arg))),
      vscode.commands.registerCommand('sentinelRules.showResults', (arg?: unknown) => this.show(uriOf(arg))),
      vscode.commands.registerCommand('sentinelRules.chooseDataSource', (arg?: unknown) => this.chooseDataSource(uriOf(arg))),
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
