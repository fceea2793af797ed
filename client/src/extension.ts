// VS Code extension entry point: thin by design (design.md); all rule knowledge lives in the language server.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DataStatus } from './dataStatus';
import { createLanguageClient } from './languageClient';
import { ResultsView } from './resultsView';
import { RunCommands } from './runCommands';
import { registerRuleTests } from './testing';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createLanguageClient(context);
  await client.start();
  const view = new ResultsView();
  const status = new DataStatus(client);
  context.subscriptions.push(view);
  new RunCommands(client, view, status).register(context);
  status.register(context);
  registerRuleTests(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
