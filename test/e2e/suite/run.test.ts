// Running the seed rule on its sample data from the editor: the code lens above `query:` offers the run, the
// extension's run command (the lens's command) runs it, and the lens then shows the result.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openInEditor, waitFor } from './helpers';

const seedRule = 'rules/DCOMLateralMovement.yaml';
const runCommand = 'sentinelRules.runRule';

function lenses(uri: vscode.Uri): Thenable<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
}

suite('running the seed rule', () => {
  test('a code lens above the query offers to run the rule', async () => {
    const { document } = await openInEditor(seedRule);
    const run = await waitFor('the run code lens', async () =>
      (await lenses(document.uri)).find((l) => l.command?.command === runCommand));
    assert.match(run.command!.title, /Run/);
    assert.equal(run.range.start.line, document.getText().split('\n').findIndex((l) => l.startsWith('query:')));
  });

  test('the run command runs the rule on the sample data and the lens shows the result', async () => {
    const { document } = await openInEditor(seedRule);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(runCommand), `the extension registers no '${runCommand}' command`);
    await vscode.commands.executeCommand(runCommand, document.uri);
    const summary = await waitFor('the run summary lens', async () =>
      (await lenses(document.uri)).map((l) => l.command?.title ?? '').find((t) => /\d+ results?/.test(t)));
    // The OTRF DCOM lab data holds the lateral movement the rule looks for (see DCOMLateralMovement.tests.yaml).
    assert.match(summary, /[1-9]\d* results? · would fire/);
  });

  test('a result\'s source button opens the sample data line it came from (quick pick when several)', async () => {
    const { document } = await openInEditor(seedRule);
    await vscode.commands.executeCommand(runCommand, document.uri);
    // What the results view's "Open sample row" button of the first result runs. The seed rule's results
    // come from 5 sample rows, so a quick pick lists them; its first entry is the RPC network event.
    const opened = vscode.commands.executeCommand<number | undefined>('sentinelRules.openSourceRows', document.uri, { row: 0 });
    const editor = await waitFor('the network event\'s data file opened at its line', async () => {
      const active = vscode.window.activeTextEditor;
      if (active && active.document.uri.path.endsWith('.DeviceNetworkEvents.jsonl')) return active;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    });
    assert.equal(await opened, 5);
    const line = editor.selection.active.line;
    assert.equal(line, 12, 'line 13 of the OTRF network events (0-based 12)');
    const event = JSON.parse(editor.document.lineAt(line).text);
    assert.equal(event.RemoteIP, '172.18.39.5');
    assert.equal(event.LocalPort, 135);
  });
});
