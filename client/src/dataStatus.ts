// Status-bar item: which sample data the rule in the active editor runs on; clicking it switches the data.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DataSourcesRequest, type DataSourcesResponse } from '../../server/src/lsp/protocol';

export class DataStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sentinelRules.data', vscode.StatusBarAlignment.Left, 50);

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Sentinel Rules sample data';
    this.item.command = 'sentinelRules.chooseDataSource';
  }

  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(this, vscode.window.onDidChangeActiveTextEditor(() => this.refresh()));
    this.refresh();
  }

  refresh(): void {
    void this.update().catch(() => this.item.hide());
  }

  private async update(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'yaml') { this.item.hide(); return; }
    const r = await this.client.sendRequest<DataSourcesResponse>(DataSourcesRequest, { uri: doc.uri.toString() });
    if (!r.isRule) { this.item.hide(); return; }
    this.item.text = `$(database) ${r.current ? r.current.label : 'no sample data'}`;
    this.item.tooltip = r.current
      ? `Sample data: ${r.current.paths.map((p) => vscode.workspace.asRelativePath(p)).join(', ')}\nClick to choose other data.`
      : 'No sample data for this rule. Click to see where data is looked for.';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
