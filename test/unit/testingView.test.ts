// The Testing view's model (client/src/testing/testModel.ts) on real test files: listings and outcomes come from
// the core parser and runner, shaped as the language server sends them (server/src/lsp/protocol.ts).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTestFile } from '../../server/src/ruletest/testFile';
import { runTestFile } from '../../server/src/ruletest/runner';
import { appendCase } from '../../server/src/ruletest/createCase';
import type { FileDiagnostic, TestCaseResult } from '../../server/src/ruletest/types';
import type { CaseOutcome, ListedTests, LocatedProblem } from '../../server/src/lsp/protocol';
import {
  caseReport, fileNode, lastCaseLine, missingCaseReport, outputLine, runPlan, suggestedCaseName, type FileNode,
} from '../../client/src/testing/testModel';

const root = path.join(__dirname, '../..');
const seedTests = path.join(root, 'testdata/rules/DCOMLateralMovement.tests.yaml');
const ruleFile = path.join(root, 'testdata/rules/DCOMLateralMovement.yaml');
const baseline = path.join(root, 'testdata/sample-data/dcom-negative/baseline');
const uri = (file: string) => pathToFileURL(file).href;
const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

// The wire shapes of the language server's listTests / runTests answers, from the core's results.
const located = (d: FileDiagnostic): LocatedProblem => ({ uri: uri(d.file), code: d.code, message: d.message, range: d.range });
function listing(file: string): ListedTests {
  const parsed = parseTestFile(file, fs.readFileSync(file, 'utf8'));
  return { ruleUri: uri(parsed.rule), cases: parsed.cases.map((c) => ({ name: c.name, range: c.range })), problems: parsed.problems.map(located) };
}
const outcome = (r: TestCaseResult): CaseOutcome => ({
  name: r.name, status: r.status, mismatches: r.mismatches, problems: r.diagnostics.map(located), durationMs: r.durationMs, range: r.range,
});
async function run(file: string): Promise<CaseOutcome[]> {
  return (await runTestFile(parseTestFile(file, fs.readFileSync(file, 'utf8')))).map(outcome);
}

/** A test file of the seed rule in a fresh folder; returns its path. */
function testFile(body: string, name = 'Seed.tests.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-testing-view-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, `rule: ${JSON.stringify(ruleFile)}\ncases:\n${body}`);
  return file;
}

describe('Testing view model', function () {
  this.timeout(300_000);

  describe('listing a test file', () => {
    it('lists the seed test file\'s cases under its rule, in file order, each on its name line', () => {
      const node = fileNode(uri(seedTests), listing(seedTests));
      const lines = fs.readFileSync(seedTests, 'utf8').split('\n');
      assert.equal(node.label, 'DCOMLateralMovement');
      assert.equal(node.ruleUri, uri(ruleFile));
      assert.equal(node.error, undefined);
      assert.equal(node.cases.length, lines.filter((l) => /^ {2}- name: /.test(l)).length);
      for (const c of node.cases) assert.equal(lines[c.range.start.line].trim(), `- name: ${c.id}`);
      assert.deepEqual([...node.cases.map((c) => c.sortText)].sort(), node.cases.map((c) => c.sortText), 'sortText keeps file order');
      assert.ok(node.cases.some((c) => c.id === 'csc.exe child does not fire'));
    });

    it('shows the test file\'s problems with file:line:column and leaves the broken cases out', () => {
      const file = testFile(`  - name: good
    data: ${JSON.stringify(baseline)}
    expect: { count: 2 }
  - name: missing folder
    data: no-such-folder
    expect: { count: 0 }
  - name: bad now
    data: ${JSON.stringify(baseline)}
    now: yesterday
    expect: { count: 0 }
`, 'Broken.tests.yaml');
      const node = fileNode(uri(file), listing(file));
      assert.deepEqual(node.cases.map((c) => c.id), ['good']);
      const errors = node.error!.split('\n');
      assert.equal(errors.length, 2);
      assert.match(errors[0], /^Broken\.tests\.yaml:7:11 SR511 data folder not found: .*no-such-folder$/);
      assert.match(errors[1], /^Broken\.tests\.yaml:11:10 SR510 now 'yesterday' is not a datetime/);
    });
  });

  describe('which cases a run request means', () => {
    const known: FileNode[] = [
      { id: 'file:///a.tests.yaml', ruleUri: 'file:///a.yaml', label: 'a', cases: ['a1', 'a2', 'a3'].map((id, i) => ({ id, sortText: String(i), range: zero })) },
      { id: 'file:///b.tests.yaml', ruleUri: 'file:///b.yaml', label: 'b', cases: ['b1'].map((id) => ({ id, sortText: '0', range: zero })) },
    ];

    it('Run All: every case of every file', () => {
      assert.deepEqual(runPlan(known, undefined), [{ file: 'file:///a.tests.yaml', cases: ['a1', 'a2', 'a3'] }, { file: 'file:///b.tests.yaml', cases: ['b1'] }]);
    });
    it('a file, or single cases, in tree order whatever the request order', () => {
      assert.deepEqual(runPlan(known, [{ file: 'file:///b.tests.yaml' }]), [{ file: 'file:///b.tests.yaml', cases: ['b1'] }]);
      assert.deepEqual(runPlan(known, [{ file: 'file:///a.tests.yaml', case: 'a3' }, { file: 'file:///a.tests.yaml', case: 'a1' }]),
        [{ file: 'file:///a.tests.yaml', cases: ['a1', 'a3'] }]);
    });
    it('excluded cases and files are left out; unknown items are ignored', () => {
      assert.deepEqual(runPlan(known, undefined, [{ file: 'file:///a.tests.yaml', case: 'a2' }, { file: 'file:///b.tests.yaml' }]),
        [{ file: 'file:///a.tests.yaml', cases: ['a1', 'a3'] }]);
      assert.deepEqual(runPlan(known, [{ file: 'file:///gone.tests.yaml' }, { file: 'file:///a.tests.yaml', case: 'renamed' }]), []);
    });
  });

  describe('what a case outcome shows', () => {
    it('a changed expectation fails with expected/actual diffs on the case name; a true one passes', async () => {
      const file = testFile(`  - name: pinned to the wrong remote IP
    data: ${JSON.stringify(baseline)}
    expect:
      count: 3
      rows:
        - { RemoteIP: 10.9.9.9, DeviceName: workstation6.theshire.local }
        - { RemoteIP: 172.18.39.5, DeviceName: workstation6.theshire.local }
  - name: baseline fires
    data: ${JSON.stringify(baseline)}
    expect: { count: 2, fires: true }
`);
      const [wrong, right] = await run(file);
      const failed = caseReport(uri(file), wrong);
      assert.equal(failed.state, 'failed');
      assert.deepEqual(failed.messages.map((m) => [m.text, m.uri, m.range.start.line]), [
        ['expected 3 result rows, got 2', uri(file), 2],
        [failed.messages[1].text, uri(file), 2],
      ]);
      assert.deepEqual([failed.messages[0].expected, failed.messages[0].actual], ['3', '2']);
      const rows = failed.messages[1];
      assert.match(rows.text, /^result rows differ: 1 expected row\(s\) not found, 1 result row\(s\) not expected/);
      // One JSON row per line, the matched row first on both sides: the diff shows only the differing row.
      const expected = rows.expected!.split('\n').map((l) => JSON.parse(l));
      const actual = rows.actual!.split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(expected[1], actual[0]);
      assert.equal(expected[0].RemoteIP, '10.9.9.9');
      assert.equal(actual.length, 2);

      const passed = caseReport(uri(file), right);
      assert.deepEqual([passed.state, passed.messages], ['passed', []]);
      assert.equal(outputLine('Seed', right.name, passed), `✓ Seed › baseline fires (${right.durationMs} ms)\r\n`);
      assert.match(outputLine('Seed', wrong.name, failed), /^✗ Seed › pinned to the wrong remote IP \(\d+ ms\)\r\n {4}expected 3 result rows, got 2\r\n {4}result rows differ/);
    });

    it('a case that cannot run is errored, each problem where it is (here the bad line of a sample file)', async () => {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-testing-view-data-'));
      const sample = path.join(data, 'lab.DeviceProcessEvents.jsonl');
      fs.writeFileSync(sample, '{"Timestamp": "2020-09-17T21:46:05Z", "DeviceName": "w6"}\n{"Timestamp": \n');
      const file = testFile(`  - name: bad sample
    data: ${JSON.stringify(data)}
    expect: { count: 0 }
`);
      const [bad] = await run(file);
      const report = caseReport(uri(file), bad);
      assert.equal(report.state, 'errored');
      assert.ok(report.messages.length > 0);
      const onSample = report.messages.find((m) => m.uri === uri(sample));
      assert.ok(onSample, `a message on the sample file: ${JSON.stringify(report.messages)}`);
      assert.equal(onSample.range.start.line, 1);
      assert.match(onSample.text, /^SR5\d\d /);
      assert.equal(onSample.expected, undefined);
    });

    it('a listed case the server no longer has is errored on its old place', () => {
      const report = missingCaseReport('file:///t.tests.yaml', 'old name', zero);
      assert.equal(report.state, 'errored');
      assert.match(report.messages[0].text, /no case named 'old name'/);
    });
  });

  describe('Create test from current results', () => {
    it('suggests a dated name and reveals the case appended last', () => {
      assert.equal(suggestedCaseName(new Date('2026-11-27T21:00:00Z')), 'results pinned on 2026-11-27');
      const before = fs.readFileSync(seedTests, 'utf8');
      const after = appendCase(before, { name: 'pinned', data: '../sample-data/otrf-dcom', expect: { count: 2 } });
      const line = lastCaseLine(after);
      assert.equal(after.split('\n')[line].trim(), '- name: pinned');
      assert.ok(line > lastCaseLine(before));
      assert.equal(lastCaseLine(appendCase(undefined, { name: 'first', data: '.', expect: { count: 0 } })), 1);
    });
  });
});
