// Running the seed rule on its sample data over LSP: code lens, inlay hints per stage, the custom requests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { LspTestClient, repoRoot } from './lspTestClient';

const seedPath = join(repoRoot, 'testdata', 'rules', 'DCOMLateralMovement.yaml');
const seed = readFileSync(seedPath, 'utf8');
const uri = pathToFileURL(seedPath).href;
const wholeDocument = { start: { line: 0, character: 0 }, end: { line: seed.split('\n').length, character: 0 } };

interface RunResponse { summary: string; version: number; dataSource: { label: string; paths: string[] }; result: { rows: unknown[]; stages: unknown[] } }

describe('running the seed rule over LSP', function () {
  let client: LspTestClient;
  const lenses = () => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const hints = () => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument });
  const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

  before(async () => {
    client = await LspTestClient.start({ root: repoRoot });
    client.open(uri, seed);
    await client.diagnosticsOfVersion(uri, 1);
  });
  after(() => client.stop());
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.error(client.log.join(''));
  });

  it('runs the rule when it opens: the lens says 2 results and the stages have hints', async () => {
    await client.runFinished((r) => r.uri === uri && r.version === 1);
    const queryLine = seed.split('\n').findIndex((l) => l.startsWith('query:'));
    const ls = await lenses();
    assert.deepEqual(ls.map((l) => l.range.start.line), [queryLine, queryLine]);
    assert.equal(ls[0].command?.title, '▶ Run on sample data');
    assert.equal(ls[0].command?.command, 'sentinelRules.runRule');
    assert.match(ls[1].command!.title, /^2 results · would fire · 1 alert · \d+ ms · test case: /);
    assert.ok((await hints()).length > 0);
  });

  it('lists the data sources, the test file\'s first case first', async () => {
    const r = await client.request<{ sources: { label: string; origin: string }[]; current: { label: string } }>('sentinelRules/dataSources', { uri });
    assert.equal(r.sources[0].origin, 'tests');
    assert.equal(r.current.label, r.sources[0].label);
  });

  it('runs the rule on request: 2 results, would fire, and the lens shows it', async () => {
    const run = await client.request<RunResponse>('sentinelRules/runRule', { uri });
    assert.match(run.summary, /^2 results · would fire · 1 alert · \d+ ms$/);
    assert.equal(run.result.rows.length, 2);
    assert.equal(run.version, 1);
    const after = await lenses();
    assert.equal(after.length, 2);
    assert.match(after[1].command!.title, /^2 results · would fire · 1 alert · \d+ ms · /);
  });

  it('gives an inlay hint with rows in → out at the end of each pipe stage', async () => {
    const hs = await hints();
    const lines = seed.split('\n');
    assert.ok(hs.length >= 10, `hints: ${hs.map(label).join(', ')}`);
    const csc = lines.findIndex((l) => l.includes('!in~ ("csc.exe")'));
    const cscHint = hs.find((h) => h.position.line === csc);
    assert.ok(cscHint, 'a hint on the csc.exe filter line');
    assert.match(label(cscHint), /^⟵ \d+ → \d+ rows?$/);
    assert.equal(cscHint.position.character, lines[csc].trimEnd().length, 'at the end of the stage');
    const last = hs.reduce((a, b) => (b.position.line > a.position.line ? b : a));
    assert.match(label(last), /→ 2 rows$/, 'the last stage outputs the 2 results');
  });

  it('changes the counts when the query changes (csc.exe filter removed)', async () => {
    const before = (await hints()).map(label);
    const edited = seed.replace(/^ *\| where FileName !in~ \("csc\.exe"\) *\n/m, '');
    assert.notEqual(edited, seed);
    client.change(uri, edited, 2);
    await client.diagnosticsOfVersion(uri, 2);
    assert.deepEqual(await hints(), [], 'hints of the old text are withdrawn');
    const run = await client.request<RunResponse>('sentinelRules/runRule', { uri });
    assert.equal(run.version, 2);
    const after = (await hints()).map(label);
    assert.equal(after.length, before.length - 1, 'one stage fewer');
    assert.notDeepEqual(after, before);
    client.change(uri, seed, 3);
    await client.diagnosticsOfVersion(uri, 3);
  });

  it('pins the current results as a new test case', async () => {
    await client.request('sentinelRules/runRule', { uri });
    const created = await client.request<{ testFile: string; text: string }>('sentinelRules/createTest', { uri, name: 'pinned' });
    assert.equal(created.testFile, seedPath.replace(/\.yaml$/, '.tests.yaml'));
    assert.match(created.text, /- name: pinned\n/);
    assert.match(created.text, /count: 2/);
  });

  it('reports a run error as a diagnostic on the rule', async () => {
    const broken = seed.replace('| summarize make_set(ProcessCommandLine)', '| summarize make_set(ProcessCommandLine) | extend Bad = toint(todynamic("x")[0]) | mv-apply x = y on (take 1)');
    client.change(uri, broken, 4);
    await client.diagnosticsOfVersion(uri, 4);
    const run = await client.request<RunResponse & { result: { ran: boolean } }>('sentinelRules/runRule', { uri });
    assert.equal(run.result.ran, false, run.summary);
    const ds = await client.diagnostics(uri, (p) => p.version === 4 && p.diagnostics.some((d) => String(d.message).startsWith('run on sample data')));
    assert.ok(ds.diagnostics.some((d) => /^SR5\d\d$/.test(String(d.code))));
  });

  it('runs again on save and tells the client (runFinished)', async () => {
    client.change(uri, seed, 5);
    await client.diagnosticsOfVersion(uri, 5);
    void client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const r = await client.runFinished<RunResponse & { uri: string }>((x) => x.uri === uri && x.version === 5);
    assert.equal(r.uri, uri);
    assert.match(r.summary, /^2 results · would fire/);
  });

  it('cancels a run on request, and runs again afterwards', async () => {
    const cancel = new CancellationTokenSource();
    const cancelled = client.connection.sendRequest('sentinelRules/runRule', { uri }, cancel.token);
    cancel.cancel();
    await assert.rejects(cancelled, /cancel/i);
    const run = await client.request<RunResponse>('sentinelRules/runRule', { uri });
    assert.match(run.summary, /^2 results · would fire/);
  });

  it('answers a run request for a document that is not open with a clear error', async () => {
    await assert.rejects(client.request('sentinelRules/runRule', { uri: 'file:///nowhere/rule.yaml' }), /not an open rule file/);
  });
});

describe('with sentinelRules.runOnOpen off', function () {
  it('shows only the run lens and no hints until the rule runs', async () => {
    const client = await LspTestClient.start({ root: repoRoot, settings: { runOnOpen: false } });
    try {
      client.open(uri, seed);
      await client.diagnosticsOfVersion(uri, 1);
      const ls = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(ls.map((l) => l.command?.title), ['▶ Run on sample data']);
      assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument }), []);
      assert.deepEqual(client.runs, []);
    } finally {
      await client.stop();
    }
  });
});

describe('rule tests over LSP (the Testing view\'s requests)', function () {
  let client: LspTestClient;
  const testsUri = pathToFileURL(seedPath.replace(/\.yaml$/, '.tests.yaml')).href;
  interface Listed { ruleUri: string; cases: { name: string }[]; problems: unknown[] }
  interface Outcome { name: string; status: string; mismatches: unknown[] }

  before(async () => { client = await LspTestClient.start({ root: repoRoot }); });
  after(() => client.stop());

  it('lists the cases of the seed rule\'s test file', async () => {
    const listed = await client.request<Listed>('sentinelRules/listTests', { uri: testsUri });
    assert.equal(listed.ruleUri, uri);
    assert.ok(listed.cases.length >= 2);
    assert.deepEqual(listed.problems, []);
  });

  it('runs one case and reports it passed', async () => {
    const listed = await client.request<Listed>('sentinelRules/listTests', { uri: testsUri });
    const first = listed.cases[0].name;
    const outcomes = await client.request<Outcome[]>('sentinelRules/runTests', { uri: testsUri, cases: [first] });
    assert.deepEqual(outcomes.map((o) => [o.name, o.status]), [[first, 'passed']]);
  });
});
