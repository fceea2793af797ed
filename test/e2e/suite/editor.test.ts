// The extension in a real VS Code (1.100.3 via code-server): activation, diagnostics, hover, completion and
// quick fixes on a rule file, all through VS Code's public API, so they pass only if the packaged client
// starts the bundled server and the results reach the editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWithCode, extensionId, hoverText, openInEditor, positionOf, waitFor } from './helpers';

const fixture = 'Detections/ScheduleTypo.yaml';

suite('rule editing in VS Code', () => {
  test('the extension activates when a rule file opens', async () => {
    const editor = await openInEditor(fixture);
    assert.equal(editor.document.languageId, 'yaml');
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not installed`);
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  test('the server publishes diagnostics with code, range and source', async () => {
    const { document } = await openInEditor(fixture);
    const diagnostics = await diagnosticsWithCode(document.uri, 'SR205');
    const sr205 = diagnostics.find((d) => codeOf(d) === 'SR205')!;
    assert.equal(sr205.range.start.line, positionOf(document, 'PT1H').line, 'SR205 points at the queryFrequency line');
    assert.equal(document.getText(sr205.range), 'PT1H');
    assert.equal(sr205.severity, vscode.DiagnosticSeverity.Error);
  });

  test('hover on a field explains it', async () => {
    const { document } = await openInEditor(fixture);
    const text = await waitFor('a hover on queryPeriod', async () => {
      const hover = await hoverText(document.uri, positionOf(document, 'queryPeriod', 2));
      return hover.length > 0 ? hover : undefined;
    });
    assert.match(text, /queryPeriod/i);
  });

  test('completion offers the rule fields that are missing', async () => {
    const editor = await openInEditor(fixture);
    const { document } = editor;
    // A new empty top-level line at the end of the rule.
    const end = document.lineAt(document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, '\n'));
    const position = new vscode.Position(document.lineCount - 1, 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    // The fixture lacks these optional fields; the fields it has must not be offered again.
    assert.ok(labels.some((l) => /customDetails|alertDetailsOverride|eventGroupingSettings|incidentConfiguration/.test(l)),
      `expected optional rule fields among: ${labels.join(', ')}`);
    assert.ok(!labels.includes('queryPeriod'), 'queryPeriod is already in the rule');
    await vscode.commands.executeCommand('undo');
  });

  test('the quick fix rewrites an ISO 8601 duration and the diagnostic goes away', async () => {
    const { document } = await openInEditor(fixture);
    const diagnostics = await diagnosticsWithCode(document.uri, 'SR205');
    const sr205 = diagnostics.find((d) => codeOf(d) === 'SR205')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', document.uri, sr205.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to '1h'");
    assert.ok(fix?.edit, `expected a "Change to '1h'" quick fix, got: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.lineAt(sr205.range.start.line).text, /^queryFrequency: 1h$/);
    await waitFor('SR205 to clear', () =>
      (vscode.languages.getDiagnostics(document.uri).some((d) => codeOf(d) === 'SR205') ? undefined : true));
  });
});
