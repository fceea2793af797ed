// The KQL feature over real LSP messages (issue 3 "Done when"): the seed rule is clean, hover and completion in
// the query and in the entity mappings, the misspelt-column fix and the unknown-table declaration fix.
// Build first: `node scripts/build.mjs`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type MarkupContent, type Position } from 'vscode-languageserver-protocol';
import { applyEdits, LspTestClient, repoRoot, useRuleWorkspace } from './lspTestClient';

const seed = readFileSync(join(repoRoot, 'testdata', 'rules', 'DCOMLateralMovement.yaml'), 'utf8');
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === DiagnosticSeverity.Error);
/** The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` characters. */
function positionOf(text: string, needle: string, nth = 0, delta = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} #${nth} not in the text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
const hoverText = (h: Awaited<ReturnType<LspTestClient['hover']>>) => (h?.contents as MarkupContent | undefined)?.value ?? '';

describe('KQL over LSP', function () {
  const ws = useRuleWorkspace('kql');
  const ruleUri = ws.ruleUri;

  it('reports no error in the seed rule, and hovers RemoteIP as a string in the mapping and in the query', async () => {
    const uri = ruleUri('DCOMLateralMovement.yaml');
    ws.client.open(uri, seed);
    assert.deepEqual(errors(await ws.client.diagnosticsOfVersion(uri, 1)), []);
    const inMapping = hoverText(await ws.client.hover(uri, positionOf(seed, 'columnName: RemoteIP', 0, 'columnName: Re'.length)));
    assert.match(inMapping, /RemoteIP/);
    assert.match(inMapping, /string/);
    const inQuery = hoverText(await ws.client.hover(uri, positionOf(seed, 'RemoteIP', 0, 2)));
    assert.match(inQuery, /RemoteIP: string/);
    ws.client.close(uri);
  });

  it('completes the columns in scope after `| where `', async () => {
    const uri = ruleUri('complete.yaml');
    const anchor = '  | where FileName =~ "services.exe"\n';
    const text = seed.replace(anchor, `${anchor}  | where \n`);
    ws.client.open(uri, text);
    await ws.client.diagnosticsOfVersion(uri, 1);
    const items = await ws.client.completion(uri, positionOf(text, '  | where \n', 0, '  | where '.length));
    const labels = items.map((i) => i.label);
    // DeviceProcessEvents columns are in scope there; a column of another table is not offered as one.
    for (const column of ['FileName', 'ProcessCommandLine', 'InitiatingProcessId', 'Timestamp']) assert.ok(labels.includes(column), column);
    assert.ok(!labels.includes('RemoteIP'), 'RemoteIP belongs to DeviceNetworkEvents, not in scope');
    ws.client.close(uri);
  });

  it('flags a misspelt columnName as an Error on its line, with a "did you mean RemoteIP" fix that applies', async () => {
    const uri = ruleUri('misspelt.yaml');
    const text = seed.replace('columnName: RemoteIP', 'columnName: RemoteIp');
    ws.client.open(uri, text);
    const ds = await ws.client.diagnosticsOfVersion(uri, 1);
    const line = positionOf(text, 'columnName: RemoteIp').line;
    const [wrong, ...others] = errors(ds);
    assert.deepEqual(others, [], JSON.stringify(ds));
    assert.equal(wrong.range.start.line, line);
    assert.match(wrong.message as string, /did you mean .?RemoteIP/i);
    const actions = await ws.client.codeActions(uri, wrong.range, [wrong]);
    const fix = actions.find((a) => /RemoteIP/.test(a.title));
    assert.ok(fix?.edit?.changes?.[uri], JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyEdits(text, fix.edit.changes[uri]);
    assert.equal(fixed.split('\n')[line], seed.split('\n')[line]);
    ws.client.change(uri, fixed, 2);
    assert.deepEqual(errors(await ws.client.diagnosticsOfVersion(uri, 2)), []);
    ws.client.close(uri);
  });

  it('warns of an unknown table, with a quick fix to declare it', async () => {
    const uri = ruleUri('unknownTable.yaml');
    const text = seed.replace('materialize(DeviceNetworkEvents', 'materialize(ContosoNetwork_CL');
    ws.client.open(uri, text);
    const ds = await ws.client.diagnosticsOfVersion(uri, 1);
    assert.deepEqual(errors(ds), [], JSON.stringify(ds));
    const unknown = ds.find((d) => d.code === 'KS204');
    assert.ok(unknown, JSON.stringify(ds));
    assert.equal(unknown.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(unknown.range.start, positionOf(text, 'ContosoNetwork_CL'));
    const actions = await ws.client.codeActions(uri, unknown.range, [unknown]);
    assert.deepEqual(actions.map((a) => a.title), ["Declare table 'ContosoNetwork_CL' in .sentinel-rules/tables/ContosoNetwork_CL.json"]);
    ws.client.close(uri);
  });

  it('the unknown-table fix creates .sentinel-rules/tables/<Name>.json with the table declared', async () => {
    const uri = ruleUri('unknownTableFix.yaml');
    const text = seed.replace('materialize(DeviceNetworkEvents', 'materialize(ContosoNetwork_CL');
    ws.client.open(uri, text);
    const unknown = (await ws.client.diagnosticsOfVersion(uri, 1)).find((d) => d.code === 'KS204');
    assert.ok(unknown);
    const [create] = await ws.client.codeActions(uri, unknown.range, [unknown]);
    const file = pathToFileURL(join(ws.workspace, '.sentinel-rules', 'tables', 'ContosoNetwork_CL.json')).href;
    const changes = create.edit?.documentChanges ?? [];
    assert.ok(changes.some((c) => 'kind' in c && c.kind === 'create' && c.uri === file), JSON.stringify(create));
    const insert = changes.find((c) => 'textDocument' in c && c.textDocument.uri === file);
    assert.ok(insert && 'edits' in insert);
    const declaration = JSON.parse((insert.edits[0] as { newText: string }).newText) as { name: string };
    assert.equal(declaration.name, 'ContosoNetwork_CL');
    ws.client.close(uri);
  });
});
