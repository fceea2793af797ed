// Column and table descriptions over real LSP messages: the bundled catalogue's (from the Azure Monitor table
// reference) in hover and completion, and a workspace declaration's own. Build first: `node scripts/build.mjs`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarkupContent, Position } from 'vscode-languageserver-protocol';
import { useRuleWorkspace } from './lspTestClient';

const rule = (query: string) => `id: 1\nname: descriptions\nquery: |\n${query.split('\n').map((l) => `  ${l}`).join('\n')}\n`;
/** The position `delta` characters into the last occurrence of `needle`. */
function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.lastIndexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}
const markdown = (contents: unknown) => (contents as MarkupContent | undefined)?.value ?? '';

describe('KQL column descriptions over LSP', function () {
  const ws = useRuleWorkspace('kql-descriptions');

  it('hover on LogonType in a SecurityEvent query shows its type and its description from the table reference', async () => {
    const uri = ws.ruleUri('hover.yaml');
    const text = rule('SecurityEvent\n| where LogonType == 10\n| project Account');
    ws.client.open(uri, text);
    await ws.client.diagnosticsOfVersion(uri, 1);
    const hover = markdown((await ws.client.hover(uri, positionOf(text, 'LogonType', 3)))?.contents);
    assert.match(hover, /```kusto\nLogonType: int\n```/);
    assert.match(hover, /\n\nThe type of logon which was performed\.$/);
    const table = markdown((await ws.client.hover(uri, positionOf(text, 'SecurityEvent', 3)))?.contents);
    assert.match(table, /\n\nSecurity events collected from windows machines/);
    ws.client.close(uri);
  });

  it('completion after `SecurityEvent | where ` gives the columns their descriptions as documentation', async () => {
    const uri = ws.ruleUri('complete.yaml');
    const text = rule('SecurityEvent\n| where ');
    ws.client.open(uri, text);
    await ws.client.diagnosticsOfVersion(uri, 1);
    const items = await ws.client.completion(uri, positionOf(text, '| where ', '| where '.length));
    const logonType = items.find((i) => i.label === 'LogonType');
    assert.equal(markdown(logonType?.documentation), 'The type of logon which was performed.');
    const documented = items.filter((i) => markdown(i.documentation) !== '');
    assert.ok(documented.length > 100, `${documented.length} entries with documentation`);
    ws.client.close(uri);
  });

  it('a workspace-declared table shows the descriptions its declaration gives', async () => {
    const dir = join(ws.workspace, '.sentinel-rules', 'tables');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Contoso_CL.json'), JSON.stringify({
      name: 'Contoso_CL',
      description: 'Sign-ins of the Contoso VPN.',
      columns: [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'VpnUser', type: 'string', description: 'The account that opened the tunnel.' },
      ],
    }));
    const uri = ws.ruleUri('declared.yaml');
    const text = rule('Contoso_CL\n| where VpnUser != ""\n| where ');
    ws.client.open(uri, text);
    await ws.client.diagnosticsOfVersion(uri, 1);
    const hover = markdown((await ws.client.hover(uri, positionOf(text, 'VpnUser', 2)))?.contents);
    assert.match(hover, /```kusto\nVpnUser: string\n```\n\nThe account that opened the tunnel\./);
    const table = markdown((await ws.client.hover(uri, positionOf(text, 'Contoso_CL', 2)))?.contents);
    assert.match(table, /Sign-ins of the Contoso VPN\./);
    const items = await ws.client.completion(uri, positionOf(text, '| where ', '| where '.length));
    assert.equal(markdown(items.find((i) => i.label === 'VpnUser')?.documentation), 'The account that opened the tunnel.');
    assert.equal(items.find((i) => i.label === 'TimeGenerated')?.documentation, undefined);
    ws.client.close(uri);
  });
});
