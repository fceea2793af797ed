// The seed rule's tests (rules/DCOMLateralMovement.tests.yaml) in VS Code's Testing view: the extension lists
// them and VS Code's own "Run All Tests" command runs them. VS Code has no public API to read another
// extension's test tree, so the extension provides `sentinelRules.testing.snapshot` (its tree and last
// results as plain data); the run itself goes through VS Code's `testing.runAll`, as from the view.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { waitFor, workspaceFile } from './helpers';

// The parts of the snapshot these tests read.
interface Snapshot {
  files: { id: string; label: string; error?: string; cases: { id: string }[] }[];
  results: Record<string, Record<string, { state: 'passed' | 'failed' | 'errored' }>>;
}

const testFile = workspaceFile('rules/DCOMLateralMovement.tests.yaml');
const snapshot = () => vscode.commands.executeCommand<Snapshot>('sentinelRules.testing.snapshot');
/** Case names as the test file spells them, read independently of the extension. */
const caseNames = () => [...readFileSync(testFile.fsPath, 'utf8').matchAll(/^ {2}- name: (.+)$/gm)].map((m) => m[1].trim());

suite('the Testing view', () => {
  test('lists every case of the seed rule\'s test file under the rule', async () => {
    await vscode.extensions.getExtension('sentinel-rules.sentinel-rules')!.activate();
    const file = await waitFor('the seed test file in the Testing view', async () =>
      (await snapshot()).files.find((f) => f.id === testFile.toString()));
    assert.equal(file.error, undefined);
    assert.equal(file.label, 'DCOMLateralMovement');
    const expected = caseNames();
    assert.ok(expected.length > 1, 'the seed test file has several cases');
    assert.deepEqual(file.cases.map((c) => c.id), expected);
  });

  test('Run All Tests runs them and every case passes', async () => {
    await vscode.commands.executeCommand('testing.runAll');
    const expected = caseNames();
    const results = await waitFor('results for every case', async () => {
      const r = (await snapshot()).results[testFile.toString()];
      return r && expected.every((name) => r[name]) ? r : undefined;
    }, 110000);
    const notPassed = expected.filter((name) => results[name].state !== 'passed').map((name) => `${name}: ${results[name].state}`);
    assert.deepEqual(notPassed, []);
  });
});
