import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTestFile } from '../../server/src/ruletest/testFile';
import { caseDiagnostics, runTests } from '../../server/src/ruletest/runner';
import { formatText } from '../../server/src/ruletest/reporters/text';
import { formatJunit } from '../../server/src/ruletest/reporters/junit';
import { appendCase, caseFromRun } from '../../server/src/ruletest/createCase';
import { command as testCommand } from '../../server/src/cli/test';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { runRule } from '../../server/src/run';

const root = path.join(__dirname, '../..');
const ruleFile = path.join(root, 'testdata/rules/DCOMLateralMovement.yaml');
const baseline = path.join(root, 'testdata/sample-data/dcom-negative/baseline');

/** A test file in a fresh folder whose cases run the seed rule (named by absolute path). */
function testFile(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-tests-'));
  const file = path.join(dir, 'Seed.tests.yaml');
  fs.writeFileSync(file, `rule: ${JSON.stringify(ruleFile)}\ncases:\n${body}`);
  return file;
}

describe('ruletest: rule test files and runner', function () {
  this.timeout(300_000);

  it('sentinel-rules test testdata: every case of the DCOM test file passes', async () => {
    const summary = await runTests([path.join(root, 'testdata')]);
    assert.deepEqual(summary.problems, []);
    const failing = summary.results.filter((r) => r.status !== 'passed');
    assert.deepEqual(failing.map((r) => [r.name, r.mismatches, r.diagnostics]), []);
    assert.equal(summary.passed, 9);
    assert.ok(summary.results.some((r) => /allow-listed/.test(r.name)));
  });

  it('a changed expectation fails with a readable diff and exit code 1; JUnit output is well-formed XML', async function () {
    const file = testFile(`  - name: pinned to the wrong remote IP
    data: ${JSON.stringify(baseline)}
    expect:
      count: 3
      rows:
        - { RemoteIP: 10.9.9.9, DeviceName: workstation6.theshire.local }
        - { RemoteIP: 172.18.39.5, DeviceName: workstation6.theshire.local }
`);
    const summary = await runTests([file]);
    const [r] = summary.results;
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.mismatches.map((m) => m.what), ['count', 'rows']);
    assert.deepEqual(caseDiagnostics(r).map((d) => [d.code, d.file, d.range.start.line]), [['SR512', file, 2], ['SR512', file, 2]]);
    const text = formatText(summary, root);
    assert.match(text, /✘ pinned to the wrong remote IP/);
    assert.match(text, /expected 3 result rows, got 2/);
    assert.match(text, /- \{"DeviceName":"workstation6.theshire.local","RemoteIP":"10.9.9.9"\}|- \{"RemoteIP":"10.9.9.9","DeviceName":"workstation6.theshire.local"\}/);
    assert.match(text, /\+ \{"RemoteIP":"172.18.39.5","DeviceName":"workstation6.theshire.local"\}/);

    const out = path.join(path.dirname(file), 'junit.xml');
    assert.equal(await testCommand.run([file, '--reporter', 'junit', '--output', out]), 1);
    const xml = fs.readFileSync(out, 'utf8');
    assert.match(xml, /<testsuites name="sentinel-rules" tests="1" failures="1" errors="0"/);
    const python = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); print(len(d.getElementsByTagName("failure")))', out], { encoding: 'utf8' });
    if (python.error) this.skip();
    assert.equal(python.status, 0, python.stderr);
    assert.equal(python.stdout.trim(), '1');
  });

  it('bad input: a missing data folder, a malformed expectation, an unknown field, each on its line', () => {
    const file = testFile(`  - name: missing folder
    data: ./no-such-folder
    expect: { count: 0 }
  - name: malformed
    data: ${JSON.stringify(baseline)}
    expect: { count: two }
  - name: typo
    data: ${JSON.stringify(baseline)}
    expect: { fire: true }
  - name: fine
    data: ${JSON.stringify(baseline)}
    now: yesterday
    expect: { count: 0 }
`);
    const parsed = parseTestFile(file, fs.readFileSync(file, 'utf8'));
    const byLine = parsed.problems.map((p) => [p.code, p.range.start.line, p.message]);
    assert.deepEqual(parsed.cases, []);
    assert.ok(byLine.some(([code, line, m]) => code === 'SR511' && line === 3 && /data folder not found/.test(m as string)), JSON.stringify(byLine));
    assert.ok(byLine.some(([code, line, m]) => code === 'SR510' && line === 7 && /count must be integer/.test(m as string)), JSON.stringify(byLine));
    assert.ok(byLine.some(([, line, m]) => line === 10 && /unknown field 'fire'/.test(m as string)), JSON.stringify(byLine));
    assert.ok(byLine.some(([, line, m]) => line === 13 && /now 'yesterday' is not a datetime/.test(m as string)), JSON.stringify(byLine));
  });

  it('a rule whose query fails makes the case an error with the diagnostic on the rule', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-tests-'));
    const brokenRule = path.join(dir, 'Broken.yaml');
    fs.writeFileSync(brokenRule, fs.readFileSync(ruleFile, 'utf8').replace('summarize make_set(ProcessCommandLine)', 'summarize make_sett(ProcessCommandLine)'));
    fs.writeFileSync(path.join(dir, 'Broken.tests.yaml'), `cases:\n  - name: runs\n    data: ${JSON.stringify(baseline)}\n    expect: { count: 2 }\n`);
    const summary = await runTests([dir]);
    const [r] = summary.results;
    assert.equal(r.status, 'error');
    assert.equal(r.diagnostics[0].code, 'SR505');
    assert.equal(r.diagnostics[0].file, brokenRule);
    assert.match(r.diagnostics[0].message, /make_sett/);
    assert.equal(r.diagnostics[0].range.start.line, fs.readFileSync(brokenRule, 'utf8').split('\n').findIndex((l) => l.includes('make_sett')));
  });

  it('--require-tests reports a rule without a test file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-tests-'));
    fs.copyFileSync(ruleFile, path.join(dir, 'Untested.yaml'));
    const summary = await runTests([dir], { requireTests: true });
    assert.deepEqual(summary.problems.map((p) => [p.code, path.basename(p.file)]), [['SR513', 'Untested.yaml']]);
    assert.equal(await testCommand.run([dir, '--require-tests', '--output', path.join(dir, 'out.txt')]), 1);
    assert.equal(await testCommand.run([dir, '--output', path.join(dir, 'out.txt')]), 0);
  });

  it('a case created from current results passes when run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-tests-'));
    const rule = path.join(dir, 'Seed.yaml');
    fs.copyFileSync(ruleFile, rule);
    const run = await runRule(new RuleDocument(fs.readFileSync(rule, 'utf8'), rule), [baseline]);
    const file = path.join(dir, 'Seed.tests.yaml');
    const testCase = caseFromRun(run, { name: 'pinned', data: [baseline], testFile: file });
    const text = appendCase(appendCase(undefined, testCase), testCase);
    fs.writeFileSync(file, text);
    const parsed = parseTestFile(file, text);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.cases.map((c) => c.name), ['pinned', 'pinned (2)']);
    assert.equal(parsed.cases[0].expect.rows?.length, 2);
    const summary = await runTests([file]);
    assert.deepEqual(summary.results.map((r) => r.status), ['passed', 'passed']);
  });
});
