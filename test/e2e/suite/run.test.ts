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
});
