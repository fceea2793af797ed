// Rule tests in the editor: the Testing view and "Create test from current results". One call from extension.ts.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createTestCommand, createTestFromResults } from './createTestCommand';
import { RuleTestController } from './ruleTestController';

/** Returns the view's current tree and last results as plain data (for the extension-host tests). */
export const snapshotCommand = 'sentinelRules.testing.snapshot';

export function registerRuleTests(context: vscode.ExtensionContext, client: LanguageClient): void {
  const view = new RuleTestController(client);
  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(createTestCommand, (rule?: vscode.Uri | string, name?: string) =>
      createTestFromResults(client, (testFile) => view.refreshFile(testFile), rule, name)),
    vscode.commands.registerCommand(snapshotCommand, async () => {
      await view.discover();
      return view.snapshot();
    }),
  );
  // List the tests at once (not only when the Testing view opens), so the test file's gutter has run buttons.
  void view.discover();
}
