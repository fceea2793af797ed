// "Create test from current results" (`sentinelRules.createTestFromResults`): the language server builds the
// test file's new text with a case pinning the rule's last run (core createCase via `sentinelRules/createTest`);
// this command asks for the case name, writes the file and shows the new case.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CreateTestRequest, type CreateTestParams, type CreateTestResponse } from '../../../server/src/lsp/protocol';
import { lastCaseLine, suggestedCaseName } from './testModel';

export const createTestCommand = 'sentinelRules.createTestFromResults';
/** The run command of the run UI (client/src/runCommands.ts). */
const runRuleCommand = 'sentinelRules.runRule';

/**
 * Arguments (all optional, for the code lens and for tests): the rule's URI (default: the active editor) and
 * the case name (default: asked). Returns the test file's path, or undefined when nothing was written.
 */
export async function createTestFromResults(client: LanguageClient, onWritten: (testFile: vscode.Uri) => Promise<void>,
  rule?: vscode.Uri | string, name?: string): Promise<string | undefined> {
  const ruleUri = typeof rule === 'string' ? vscode.Uri.parse(rule) : rule ?? vscode.window.activeTextEditor?.document.uri;
  if (!ruleUri) {
    void vscode.window.showErrorMessage('Create test from current results: open the rule file first.');
    return undefined;
  }
  const caseName = name ?? await vscode.window.showInputBox({
    title: 'Create test from current results',
    prompt: 'Name of the new test case (it pins the results of the rule\'s last run)',
    value: suggestedCaseName(new Date()),
    validateInput: (v) => (v.trim() ? undefined : 'a test case needs a name'),
  });
  if (!caseName?.trim()) return undefined;

  let created: CreateTestResponse;
  try {
    created = await client.sendRequest<CreateTestResponse>(CreateTestRequest, { uri: ruleUri.toString(), name: caseName.trim() } satisfies CreateTestParams);
  } catch (err) {
    // Mostly "run the rule first": offer the run, after which the command can pin its results.
    const run = 'Run on Sample Data';
    void vscode.window.showErrorMessage(`Could not create the test: ${err instanceof Error ? err.message : String(err)}`, run)
      .then((choice) => (choice === run ? vscode.commands.executeCommand(runRuleCommand, ruleUri) : undefined));
    return undefined;
  }
  const testFile = vscode.Uri.file(created.testFile);
  // The server extended the saved file; writing over unsaved edits would lose them.
  if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.fsPath === testFile.fsPath)) {
    void vscode.window.showErrorMessage(`Save ${vscode.workspace.asRelativePath(testFile)} first: the new case is added to the saved file.`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(testFile, new TextEncoder().encode(created.text));
  await onWritten(testFile);
  const editor = await vscode.window.showTextDocument(testFile, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  // From the written text: an already open document may reload from disk only a moment later.
  const line = lastCaseLine(created.text);
  editor.selection = new vscode.Selection(line, 0, line, 0);
  editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
  return created.testFile;
}
