// The language server over real LSP messages (stdio), as an editor drives it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, LspTestClient, repoRoot, useRuleWorkspace } from './lspTestClient';

const seedPath = join(repoRoot, 'testdata', 'rules', 'DCOMLateralMovement.yaml');
const seed = readFileSync(seedPath, 'utf8');
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1);
const describeAll = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`).join('\n');

describe('language server over stdio', function () {
  const ws = useRuleWorkspace('ws');
  const ruleUri = ws.ruleUri;

  it('announces hover, completion and quick fixes', () => {
    const caps = ws.client.initializeResult.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.completionProvider);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
  });

  it('reports no errors on the seed rule', async () => {
    const uri = ruleUri('DCOMLateralMovement.yaml');
    ws.client.open(uri, seed);
    const ds = await ws.client.diagnosticsOfVersion(uri, 1);
    assert.deepEqual(errors(ds), [], describeAll(ds));
    ws.client.close(uri);
  });

  it('reports a broken field at its place, and clears it once fixed', async () => {
    const uri = ruleUri('broken-id.yaml');
    const broken = seed.replace(/^id: .*$/m, 'id: not-a-guid');
    ws.client.open(uri, broken);
    const ds = await ws.client.diagnosticsOfVersion(uri, 1);
    const bad = ds.find((d) => d.code === 'SR201');
    assert.ok(bad, describeAll(ds));
    assert.equal(bad.source, 'sentinel-rules');
    assert.deepEqual(bad.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 14 } });
    ws.client.change(uri, seed.replace(/^id: .*$/m, 'id: 6f0a2f5e-3c1d-4b8e-9a7f-2d3c4b5a6e7f'), 2);
    assert.deepEqual(errors(await ws.client.diagnosticsOfVersion(uri, 2)), []);
    ws.client.close(uri);
  });

  it('gives other YAML files nothing', async () => {
    const other = pathToFileURL(join(ws.workspace, 'pipelines', 'build.yaml')).href;
    ws.client.open(other, 'trigger:\n  - main\nsteps:\n  - script: echo hi\n');
    assert.equal(await ws.client.hover(other, { line: 0, character: 2 }), null);
    assert.deepEqual(await ws.client.completion(other, { line: 0, character: 0 }), []);
    // Documents are analysed in the order they open, so once a later rule has its diagnostics the other
    // file would have had its own: it must have none.
    const rule = ruleUri('after-other.yaml');
    ws.client.open(rule, seed);
    await ws.client.diagnosticsOfVersion(rule, 1);
    assert.deepEqual(ws.client.publicationsFor(other).flatMap((p) => p.diagnostics), []);
    ws.client.close(other);
    ws.client.close(rule);
  });

  it('treats a YAML file matching sentinelRules.ruleGlobs as a rule', async () => {
    const globbed = await LspTestClient.start({ root: ws.workspace, settings: { ruleGlobs: ['**/my-rules/*.yaml'] } });
    try {
      const uri = pathToFileURL(join(ws.workspace, 'my-rules', 'r.yaml')).href;
      globbed.open(uri, 'name: only a name\n');
      const ds = await globbed.diagnosticsOfVersion(uri, 1);
      assert.ok(errors(ds).length > 0, 'a rule with only a name has errors');
    } finally {
      await globbed.stop();
    }
  });

  it('hovers a rule field with its schema description', async () => {
    const uri = ruleUri('hover.yaml');
    ws.client.open(uri, seed);
    const line = seed.split('\n').findIndex((l) => l.startsWith('severity:'));
    const hover = await ws.client.hover(uri, { line, character: 3 });
    assert.ok(hover, 'hover on severity');
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match((hover.contents as MarkupContent).value, /^\*\*`severity`\*\*/);
    assert.deepEqual(hover.range, { start: { line, character: 0 }, end: { line, character: 8 } });
    ws.client.close(uri);
  });

  it('completes keys, enum values and the identifiers of the entity type at hand', async () => {
    const uri = ruleUri('complete.yaml');
    const text = 'id: 6f0a2f5e-3c1d-4b8e-9a7f-2d3c4b5a6e7f\nsev\nkind: \nentityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: \n';
    ws.client.open(uri, text);
    const keys = await ws.client.completion(uri, { line: 1, character: 3 });
    const severity = keys.find((k) => k.label === 'severity');
    assert.ok(severity?.textEdit && 'range' in severity.textEdit);
    assert.deepEqual(severity.textEdit.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    assert.equal(severity.insertTextFormat, 2, 'a snippet');
    assert.ok(!keys.some((k) => k.label === 'id'), 'id is already there');
    const kinds = await ws.client.completion(uri, { line: 2, character: 6 });
    assert.deepEqual(kinds.map((k) => k.label), ['Scheduled', 'NRT']);
    const identifiers = await ws.client.completion(uri, { line: 6, character: 20 });
    assert.deepEqual(identifiers.map((k) => k.label), ['Address']);
    ws.client.close(uri);
  });

  it('offers a quick fix whose edit removes the diagnostic', async () => {
    const uri = ruleUri('fix.yaml');
    const text = seed.replace(/^queryFrequency: .*$/m, 'queryFrequency: PT1H');
    ws.client.open(uri, text);
    const ds = await ws.client.diagnosticsOfVersion(uri, 1);
    const withFix = ds.find((d) => (d.data as { fixes?: unknown[] } | undefined)?.fixes?.length);
    assert.ok(withFix, `a diagnostic with a fix:\n${describeAll(ds)}`);
    const actions = await ws.client.codeActions(uri, withFix.range, [withFix]);
    assert.ok(actions.length > 0);
    assert.equal(actions[0].kind, 'quickfix');
    const fixed = applyEdits(text, actions[0].edit!.changes![uri]);
    ws.client.change(uri, fixed, 2);
    const after = await ws.client.diagnosticsOfVersion(uri, 2);
    assert.ok(!after.some((d) => d.code === withFix.code && d.range.start.line === withFix.range.start.line), describeAll(after));
    ws.client.close(uri);
  });

  it('publishes the latest text\'s diagnostics last, never a stale run after it', async () => {
    const uri = ruleUri('typing.yaml');
    ws.client.open(uri, seed);
    await ws.client.diagnosticsOfVersion(uri, 1);
    let text = seed;
    for (let v = 2; v <= 6; v++) {
      text = text.replace(/^severity: .*$/m, `severity: ${v % 2 ? 'High' : 'Hgh'}`);
      ws.client.change(uri, text, v);
    }
    // Version 6 says "Hgh": its diagnostics show it.
    const last = await ws.client.diagnosticsOfVersion(uri, 6);
    const severityLine = seed.split('\n').findIndex((l) => l.startsWith('severity:'));
    assert.ok(errors(last).some((d) => d.range.start.line === severityLine), describeAll(last));
    // A request round trip later, nothing older has been published after it, and versions only grew.
    await ws.client.hover(uri, { line: 0, character: 0 });
    const versions = ws.client.publicationsFor(uri).map((p) => p.version ?? 0);
    assert.equal(versions[versions.length - 1], 6, versions.join(','));
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), versions.join(','));
    ws.client.close(uri);
  });
});

describe('language server over Node IPC (as the VS Code extension starts it)', function () {
  it('answers and publishes diagnostics', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'sentinel-rules-ipc-'));
    const client = await LspTestClient.start({ root: workspace, transport: 'ipc' });
    try {
      const uri = pathToFileURL(join(workspace, 'Analytic Rules', 'ipc.yaml')).href;
      client.open(uri, seed.replace(/^id: .*$/m, 'id: not-a-guid'));
      const ds = await client.diagnosticsOfVersion(uri, 1);
      assert.ok(ds.some((d) => d.code === 'SR201'), describeAll(ds));
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('duplicate rule ids across the workspace', function () {
  let workspace: string;
  let client: LspTestClient;
  const id = '0b7e1f9c-5d2a-4c3b-8e6f-1a2b3c4d5e6f';
  const rule = (name: string, ruleId: string) => seed.replace(/^id: .*$/m, `id: ${ruleId}`).replace(/^name: .*$/m, `name: ${name}`);

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'sentinel-rules-dup-'));
    mkdirSync(join(workspace, 'Analytic Rules'));
    writeFileSync(join(workspace, 'Analytic Rules', 'a.yaml'), rule('A', id));
    writeFileSync(join(workspace, 'Analytic Rules', 'b.yaml'), rule('B', id));
    client = await LspTestClient.start({ root: workspace });
  });
  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('flags both files, and clears both when one id changes', async () => {
    const a = pathToFileURL(join(workspace, 'Analytic Rules', 'a.yaml')).href;
    const b = pathToFileURL(join(workspace, 'Analytic Rules', 'b.yaml')).href;
    const dup = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.some((d) => d.code === 'SR203');
    client.open(a, rule('A', id));
    client.open(b, rule('B', id));
    await client.diagnostics(a, dup);
    await client.diagnostics(b, dup);
    const countA = client.publicationsFor(a).length;
    client.change(b, rule('B', '9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f'), 2);
    assert.ok(!dup(await client.diagnostics(b, (p) => p.version === 2)));
    // a.yaml is re-checked because its duplicate went away.
    const a2 = await client.diagnostics(a, (p) => client.publicationsFor(a).indexOf(p) >= countA);
    assert.ok(!dup(a2), describeAll(a2.diagnostics));
  });
});

describe('duplicate rule file names across rule folders (SR218)', function () {
  let workspace: string;
  let client: LspTestClient;
  const rule = (ruleId: string) => seed.replace(/^id: .*$/m, `id: ${ruleId}`);

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'sentinel-rules-samename-'));
    mkdirSync(join(workspace, 'Detections', 'Endpoint'), { recursive: true });
    mkdirSync(join(workspace, 'Solutions', 'X', 'Analytic Rules'), { recursive: true });
    // Only on disk: the server finds it by scanning the workspace.
    writeFileSync(join(workspace, 'Detections', 'Endpoint', 'Same.yaml'), rule('1e2d3c4b-5a69-4877-8695-a4b3c2d1e0f9'));
    writeFileSync(join(workspace, 'Solutions', 'X', 'Analytic Rules', 'Same.yaml'), rule('2f3e4d5c-6b7a-4988-97a6-b5c4d3e2f1a0'));
    client = await LspTestClient.start({ root: workspace });
  });
  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('flags the open file, naming the other one found on disk', async () => {
    const path = join(workspace, 'Solutions', 'X', 'Analytic Rules', 'Same.yaml');
    const uri = pathToFileURL(path).href;
    client.open(uri, rule('2f3e4d5c-6b7a-4988-97a6-b5c4d3e2f1a0'));
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'SR218'));
    const sameName = published.diagnostics.find((d) => d.code === 'SR218')!;
    assert.match(String(sameName.message), /Detections[\\/]Endpoint[\\/]Same\.yaml/);
    assert.equal(sameName.range.start.line, 0);
  });
});

describe('bad input never takes the server down', function () {
  let workspace: string;
  let client: LspTestClient;
  const uri = (name: string) => pathToFileURL(join(workspace, 'Analytic Rules', name)).href;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'sentinel-rules-bad-'));
    client = await LspTestClient.start({ root: workspace });
  });
  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  const bigRule = () => {
    const lines = ['id: 6f0a2f5e-3c1d-4b8e-9a7f-2d3c4b5a6e7f', 'name: big', 'description: big', 'severity: Low', 'kind: Scheduled', 'query: |'];
    const stage = '  | where FileName == "' + 'x'.repeat(100) + '"';
    const count = Math.ceil((5 * 1024 * 1024) / (stage.length + 1));
    return [...lines, ...Array<string>(count).fill(stage)].join('\n') + '\n';
  };
  const cases: [string, () => string][] = [
    ['an empty file', () => ''],
    ['a non-YAML file', () => '{{{ this is : not : yaml ]]]\n\t"unclosed'],
    ['a 5 MB YAML file', bigRule],
    ['a file indented with tabs', () => seed.replace(/^  - connectorId/m, '\t- connectorId')],
    ['binary bytes', () => 'id: \u0000\u0001\u0002\u00ff\ufffd\nname: x\n'],
    ['a deeply nested document', () => 'a: '.concat('['.repeat(5000), ']'.repeat(5000), '\n')],
  ];
  for (const [what, make] of cases) {
    it(`gives ${what} a clear diagnostic, and still answers`, async () => {
      const name = what.replace(/\W+/g, '-') + '.yaml';
      client.open(uri(name), make());
      const ds = await client.diagnosticsOfVersion(uri(name), 1);
      assert.ok(ds.length > 0, `${what}: at least one diagnostic`);
      for (const d of ds) assert.ok(String(d.message).length > 10 && d.range, `${what}: ${String(d.message)}`);
      const hover = await client.hover(uri(name), { line: 0, character: 0 });
      assert.ok(hover === null || typeof hover === 'object');
      assert.ok(client.alive, 'the server process is still running');
      client.close(uri(name));
    });
  }
});
