// The ATT&CK feature over real LSP messages: diagnostics with quick fixes, hover, completion, and the
// `attack.compatibility` setting as a client sends it. Build first: `node scripts/build.mjs`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, repoRoot, useRuleWorkspace } from './lspTestClient';

const seed = readFileSync(join(repoRoot, 'testdata', 'attack', 'seed-DCOMLateralMovement.yaml'), 'utf8');
const attackCodes = (ds: Diagnostic[]) => ds.filter((d) => String(d.code).startsWith('SR4'));
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('ATT&CK over LSP', function () {
  // Nested, the way VS Code hands over the `sentinelRules` section for `sentinelRules.attack.compatibility`.
  const ws = useRuleWorkspace('attack', { settings: { attack: { compatibility: 'sentinel-ci' } } });
  const ruleUri = ws.ruleUri;

  it('finds nothing in the seed rule and hovers its technique as Distributed Component Object Model', async () => {
    const uri = ruleUri('DCOMLateralMovement.yaml');
    ws.client.open(uri, seed);
    assert.deepEqual(attackCodes(await ws.client.diagnosticsOfVersion(uri, 1)), []);
    const line = lineOf(seed, 'T1021.003');
    const hover = await ws.client.hover(uri, { line, character: 6 });
    const markdown = (hover?.contents as MarkupContent).value;
    assert.match(markdown, /T1021\.003: Distributed Component Object Model/);
    assert.match(markdown, /attack\.mitre\.org\/techniques\/T1021\/003/);
    assert.deepEqual(hover!.range, { start: { line, character: 4 }, end: { line, character: 13 } });
    ws.client.close(uri);
  });

  it('fixes a revoked technique with the quick fix, and the error goes away', async () => {
    const uri = ruleUri('revoked.yaml');
    const text = seed.replace('  - T1021.003', '  - T1086').replace('  - LateralMovement', '  - Execution');
    ws.client.open(uri, text);
    const ds = attackCodes(await ws.client.diagnosticsOfVersion(uri, 1));
    const revoked = ds.find((d) => d.code === 'SR412');
    assert.ok(revoked, JSON.stringify(ds));
    assert.equal(revoked.range.start.line, lineOf(text, 'T1086'));
    const actions = await ws.client.codeActions(uri, revoked.range, [revoked]);
    const fix = actions.find((a) => a.title === 'Replace with T1059.001');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyEdits(text, fix.edit!.changes![uri]);
    assert.match(fixed, /relevantTechniques:\n {2}- T1059\.001\n/);
    ws.client.change(uri, fixed, 2);
    assert.deepEqual(attackCodes(await ws.client.diagnosticsOfVersion(uri, 2)), []);
    ws.client.close(uri);
  });

  it('offers one "add tactic" fix per tactic, and flags what the Azure-Sentinel CI map lacks (sentinel-ci)', async () => {
    const uri = ruleUri('tactics.yaml');
    const text = seed.replace('  - T1021.003', '  - T1021.003\n  - T1654');
    ws.client.open(uri, text);
    const ds = attackCodes(await ws.client.diagnosticsOfVersion(uri, 1));
    const missingTactic = ds.find((d) => d.code === 'SR420');
    assert.ok(missingTactic);
    const actions = await ws.client.codeActions(uri, missingTactic.range, [missingTactic]);
    assert.deepEqual(actions.map((a) => a.title), ["Add tactic 'Discovery'"]);
    const fixed = applyEdits(text, actions[0].edit!.changes![uri]);
    ws.client.change(uri, fixed, 2);
    // With the tactic added ATT&CK is satisfied, but the CI's older map has no T1654.
    assert.deepEqual(attackCodes(await ws.client.diagnosticsOfVersion(uri, 2)).map((d) => [d.code, d.range.start.line]), [['SR430', lineOf(fixed, 'T1654')]]);
    ws.client.close(uri);
  });

  it('completes technique IDs with their names', async () => {
    const uri = ruleUri('complete.yaml');
    const text = seed.replace('  - T1021.003', '  - T1021.003\n  - T1021.00');
    ws.client.open(uri, text);
    await ws.client.diagnosticsOfVersion(uri, 1);
    const line = text.split('\n').indexOf('  - T1021.00');
    const items = await ws.client.completion(uri, { line, character: '  - T1021.00'.length });
    const rdp = items.find((i) => i.label === 'T1021.001');
    assert.equal(rdp?.detail, 'Remote Desktop Protocol');
    ws.client.close(uri);
  });
});
