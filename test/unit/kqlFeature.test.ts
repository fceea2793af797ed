import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import type { WorkspaceContext } from '../../server/src/core/feature';
import type { RuleDiagnostic } from '../../server/src/core/types';
import { kqlFeature } from '../../server/src/kql/feature';
import { loadCatalogue, globalsWith } from '../../server/src/kql/catalogue';
import { analyse } from '../../server/src/kusto/analysis';

const SEED = readFileSync(path.join(__dirname, '..', '..', 'testdata', 'rules', 'DCOMLateralMovement.yaml'), 'utf8');
const ctx: WorkspaceContext = { roots: [] };

async function diagnostics(text: string, context = ctx): Promise<RuleDiagnostic[]> {
  return kqlFeature.diagnostics!(new RuleDocument(text, 'file:///w/rule.yaml'), context);
}

function rule(query: string, rest = ''): string {
  return `id: 1\nquery: |\n${query.split('\n').map((l) => '  ' + l).join('\n')}\n${rest}`;
}

describe('kql feature: diagnostics, hover, completion in rules', () => {
  it('the seed rule (DCOMLateralMovement) has no KQL diagnostics at all', async () => {
    assert.deepEqual(await diagnostics(SEED), []);
  });

  it('a misspelt entity columnName is an Error on that value with a did-you-mean fix', async () => {
    const text = SEED.replace('columnName: RemoteIP ', 'columnName: RemoteIp');
    const ds = await diagnostics(text);
    assert.equal(ds.length, 1);
    const [d] = ds;
    assert.equal(d.code, 'SR301');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /'RemoteIp'.*Did you mean 'RemoteIP'\?/);
    const line = text.split('\n').findIndex((l) => l.includes('columnName: RemoteIp'));
    const col = text.split('\n')[line].indexOf('RemoteIp');
    assert.deepEqual(d.range, { start: { line, character: col }, end: { line, character: col + 8 } });
    assert.deepEqual(d.fixes?.[0].edits, [{ range: d.range, newText: 'RemoteIP' }]);
  });

  it('hover on RemoteIP in the entity mapping and in the query shows its type', async () => {
    const doc = new RuleDocument(SEED);
    const inMapping = await kqlFeature.hover!(doc, SEED.indexOf('columnName: RemoteIP') + 13, ctx);
    assert.match(inMapping!.markdown, /`RemoteIP`: \*\*string\*\*/);
    const inQuery = await kqlFeature.hover!(doc, SEED.indexOf('RemoteIP);') + 2, ctx);
    assert.match(inQuery!.markdown, /RemoteIP: string/);
  });

  it('completion after `| where ` lists the columns in scope, with a replace range in the document', async () => {
    const text = rule('DeviceNetworkEvents\n| where ');
    const offset = text.indexOf('| where ') + 8;
    const items = await kqlFeature.completion!(new RuleDocument(text), offset, ctx);
    const columns = items.filter((i) => i.kind === 'column').map((i) => i.label);
    assert.ok(columns.includes('RemoteIP') && columns.includes('Timestamp') && columns.includes('TimeGenerated'), columns.join());
    assert.deepEqual(items[0].range, { start: { line: 3, character: 10 }, end: { line: 3, character: 10 } });
  });

  it('completion of a columnName value offers the output columns with their types', async () => {
    const text = SEED.replace('columnName: DCOMCmdLine', 'columnName: DCOM');
    const items = await kqlFeature.completion!(new RuleDocument(text), text.indexOf('columnName: DCOM') + 16, ctx);
    const dcom = items.find((i) => i.label === 'DCOMCmdLine');
    assert.equal(dcom?.detail, 'string');
    assert.ok(items.find((i) => i.label === 'set_ProcessCommandLine')?.detail?.startsWith('dynamic'));
    const empty = SEED.replace('columnName: DCOMCmdLine', 'columnName:');
    const inserted = await kqlFeature.completion!(new RuleDocument(empty), empty.indexOf('columnName:\n') + 11, ctx);
    assert.equal(inserted.find((i) => i.label === 'DCOMCmdLine')?.insertText, ' DCOMCmdLine');
  });

  it('an unknown table is a Warning with a fix that creates its declaration file', async () => {
    const ds = await diagnostics(rule('MyCustom_CL\n| where x == 1'), { roots: ['/w'] });
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'KS204');
    assert.equal(ds[0].severity, 'warning');
    assert.deepEqual(ds[0].range, { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } });
    const file = ds[0].fixes![0].createFiles![0];
    assert.equal(file.path, path.join('/w', '.sentinel-rules', 'tables', 'MyCustom_CL.json'));
    assert.equal(JSON.parse(file.content).name, 'MyCustom_CL');
  });

  it('puts a Kusto diagnostic on the exact characters in CRLF and quoted-scalar rules', async () => {
    const crlf = 'id: 1\r\nquery: |\r\n  SecurityEvent\r\n  | where\tAcount == "x"\r\n';
    const [d] = await diagnostics(crlf);
    assert.equal(d.code, 'KS142');
    assert.deepEqual(d.range, { start: { line: 3, character: 10 }, end: { line: 3, character: 16 } });
    const quoted = 'id: 1\nquery: "SecurityEvent\\n| where Acount == \\"x\\""\n';
    const [e] = await diagnostics(quoted);
    assert.equal(e.code, 'KS142');
    assert.equal(quoted.split('\n')[1].slice(e.range.start.character, e.range.end.character), 'Acount');
  });

  it('shows syntax errors first and hides the semantic errors after them', async () => {
    const ds = await diagnostics(rule('SecurityEvent\n| \n| where EventID == 4624\n| project Accountt'));
    assert.deepEqual(ds.map((d) => d.code), ['KS176']);
    const before = await diagnostics(rule('SecurityEvent\n| where Nope == 1\n| where'));
    assert.deepEqual(before.map((d) => d.code), ['KS006', 'KS142']);
  });

  it('warns when an identifier does not fit the column type (datetime -> IP.Address)', async () => {
    const text = rule('DeviceNetworkEvents\n| project Timestamp, RemoteIP', 'entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: Timestamp\n');
    const ds = await diagnostics(text, { roots: [] });
    assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['SR302', 'warning']]);
    assert.match(ds[0].message, /datetime.*IP\.Address/);
    const appId = rule('CloudAppEvents\n| project ApplicationId', 'entityMappings:\n  - entityType: CloudApplication\n    fieldMappings:\n      - identifier: AppId\n        columnName: ApplicationId\n');
    assert.deepEqual(await diagnostics(appId), [], 'numeric application ids fit CloudApplication.AppId');
  });

  it('checks customDetails, {{column}} placeholders and alert override column names', async () => {
    const text = rule('SigninLogs\n| project UserPrincipalName, IPAddress, ResultType',
      'customDetails:\n  Ip: IPAddress\n  User: UserPrincipalNam\nalertDetailsOverride:\n  alertDisplayNameFormat: "Sign-in by {{UserPrincipalName}} from {{IPAdress}}"\n  alertSeverityColumnName: Severity\n');
    const ds = await diagnostics(text);
    assert.deepEqual(ds.map((d) => [d.code, d.message.match(/'([^']+)'/)![1]]), [['SR301', 'UserPrincipalNam'], ['SR301', 'IPAdress'], ['SR301', 'Severity']]);
    const lines = text.split('\n');
    const placeholder = ds[1].range.start;
    assert.equal(lines[placeholder.line].slice(placeholder.character, ds[1].range.end.character), 'IPAdress');
  });

  it('unknown columns of a watchlist are Warnings until _GetWatchlist is declared', async () => {
    const ds = await diagnostics(rule("_GetWatchlist('VIPUsers') | distinct ['User Principal Name']"));
    assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['KS142', 'warning']]);
    assert.match(ds[0].message, /_GetWatchlist\.json/);
  });

  it('does not check output columns when the YAML around them is broken or a table is unknown', async () => {
    const broken = rule('SecurityEvent | project Account', 'entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: FullName\n        columnName: Acount\n- entityType: Host\n');
    assert.deepEqual((await diagnostics(broken)).map((d) => d.code), []);
    const fuzzy = rule('union isfuzzy=true SecurityEvent, (imAuthentication | project Account)', 'customDetails:\n  A: Account\n');
    assert.deepEqual((await diagnostics(fuzzy)).map((d) => [d.code, d.severity]), [['KS205', 'warning']]);
  });

  it('warns about tables not listed in requiredDataConnectors and data types never read', async () => {
    const text = rule('SecurityEvent\n| union SigninLogs', 'requiredDataConnectors:\n  - connectorId: SecurityEvents\n    dataTypes:\n      - SecurityEvent\n      - Syslog\n');
    const ds = await diagnostics(text);
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [['SR303', 3], ['SR304', 8]]);
    assert.match(ds[0].message, /SigninLogs/);
  });

  it('reads data types with a flavour suffix as their table, and tables named through table(name)', async () => {
    const text = rule('let f = (t:string) { table(t) | where TimeGenerated > ago(1d) };\nunion f("SigninLogs"), f("AADNonInteractiveUserSignInLogs")',
      'requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n      - SigninLogs (Entra)\n      - AADNonInteractiveUserSignInLogs\n');
    assert.deepEqual((await diagnostics(text)).map((d) => d.code), []);
    const unread = await diagnostics(text.replace(', f("AADNonInteractiveUserSignInLogs")', ''));
    assert.deepEqual(unread.map((d) => d.code), ['SR304']);
    assert.match(unread[0].message, /'AADNonInteractiveUserSignInLogs'/);
  });

  it('uses workspace declarations (tables, functions) and sample-data columns; a broken one is reported with its file', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kql-ws-'));
    try {
      mkdirSync(path.join(root, '.sentinel-rules', 'tables'), { recursive: true });
      mkdirSync(path.join(root, 'testdata', 'case1'), { recursive: true });
      writeFileSync(path.join(root, '.sentinel-rules', 'tables', 'Custom_CL.json'), JSON.stringify({ name: 'Custom_CL', columns: [{ name: 'Msg', type: 'string' }] }));
      writeFileSync(path.join(root, '.sentinel-rules', 'tables', 'imAuth.json'), JSON.stringify({ name: 'imAuth', kind: 'function', parameters: '(starttime:datetime=datetime(null))', columns: [{ name: 'User', type: 'string' }] }));
      writeFileSync(path.join(root, 'testdata', 'case1', 'x.Sample_CL.jsonl'), '{"Host":"a","Count":3}\n{"Host":"b","Count":4}\n');
      // Not sample data: its "table" part is not a table name.
      writeFileSync(path.join(root, 'testdata', 'layer.schema.json'), '{"$schema":"x"}');
      const ok = await diagnostics(rule('Custom_CL | where Msg has "x" | join (imAuth | project Msg=User) on Msg | join (Sample_CL | where Count > 1 | project Msg=Host) on Msg'), { roots: [root] });
      assert.deepEqual(ok, []);
      const catalogue = loadCatalogue([root]);
      assert.deepEqual(catalogue.tables.get('Sample_CL')?.columns, [{ name: 'Host', type: 'string' }, { name: 'Count', type: 'long' }]);
      writeFileSync(path.join(root, '.sentinel-rules', 'tables', 'Bad.json'), '{"name":"Bad","columns":[{"name":"A","type":"strin"}]}');
      const bad = await diagnostics(rule('Custom_CL'), { roots: [root] });
      assert.deepEqual(bad.map((d) => d.code), ['SR305']);
      assert.match(bad[0].message, /Bad\.json: columns\[0\] \(A\): unknown type "strin"/);
    } finally { rmSync(root, { recursive: true, force: true }); }
  });

  it('gives the engine a GlobalState with extra tables on top of the catalogue', () => {
    const catalogue = loadCatalogue([]);
    const g = globalsWith(catalogue, [{ name: 'SecurityEvent', columns: [{ name: 'Extra', type: 'string' }] }, { name: 'New_CL', columns: [{ name: 'A', type: 'long' }] }]);
    const a = analyse('SecurityEvent | project EventID, Extra | join (New_CL | project Extra=tostring(A)) on Extra', g);
    assert.deepEqual(a.diagnostics, []);
  });

  it('reports Kusto best-practice findings as Information only when the setting is on', async () => {
    // Kusto's analyzer suggests `has` only for terms long enough to be indexed.
    const text = rule('SecurityEvent | where CommandLine contains "mimikatz"');
    assert.deepEqual(await diagnostics(text), []);
    const on = await diagnostics(text, { roots: [], settings: { kql: { bestPractices: true } } });
    assert.deepEqual(on.map((d) => [d.code, d.severity]), [['KS500', 'information']]);
  });

  describe("the CI's latest Threat Intelligence test (SR307)", () => {
    const sr307 = async (query: string) => (await diagnostics(rule(query))).filter((d) => d.code === 'SR307');

    it('a query reading ThreatIntelligenceIndicator without the latest-indicator pattern is an Error on the table name', async () => {
      const ds = await sr307('let dt_lookBack = 1h;\nThreatIntelligenceIndicator\n| where Active == true\n| project NetworkIP');
      assert.deepEqual(ds.map((d) => [d.severity, d.range.start.line, d.range.start.character, d.range.end.character]), [['error', 3, 2, 29]]);
      assert.match(ds[0].message, /arg_max\(TimeGenerated, \*\) by IndicatorId/);
    });

    it('the sample query of the CI passes, in either order of its last where', async () => {
      const latest = (where: string) => `let ioc_lookBack = 14d;\nThreatIntelligenceIndicator\n| where TimeGenerated >= ago(ioc_lookBack)\n| summarize LatestIndicatorTime = arg_max(TimeGenerated, *) by IndicatorId\n| where ${where}\n| project NetworkIP`;
      assert.deepEqual(await sr307(latest('Active == true and ExpirationDateTime > now()')), []);
      assert.deepEqual(await sr307(latest('ExpirationDateTime > now() and Active == true')), []);
    });

    it("as the CI's pattern is an alternation, `ThreatIntelligenceIndicator | where TimeGenerated >= ago(x)` alone passes too", async () => {
      assert.deepEqual(await sr307('ThreatIntelligenceIndicator\n| where TimeGenerated >= ago(14d)\n| project NetworkIP'), []);
      // ago() of an expression is not `ago(\w+)`: the CI rejects it.
      assert.equal((await sr307('ThreatIntelligenceIndicator\n| where TimeGenerated >= ago(1d + 1h)\n| project NetworkIP')).length, 1);
    });

    it('the check needs `ThreatIntelligenceIndicator |`: the name in a union or a string is not checked', async () => {
      assert.deepEqual(await sr307('union ThreatIntelligenceIndicator, SecurityEvent\n| take 1'), []);
      assert.deepEqual(await sr307('SecurityEvent\n| where Activity has "ThreatIntelligenceIndicator"'), []);
    });
  });

  describe('bad input', () => {
    it('a 10,000-character query', async () => {
      const long = 'SecurityEvent\n' + Array.from({ length: 400 }, (_, i) => `| where EventID != ${i} // pad`).join('\n');
      assert.ok(long.length >= 10_000);
      assert.deepEqual(await diagnostics(rule(long)), []);
    });

    it('a query over 100,000 characters is not analysed: one SR306 warning on `query`', async () => {
      const huge = 'SecurityEvent\n' + '| where EventID != 1 // pad\n'.repeat(5_000);
      const ds = await diagnostics(rule(huge));
      assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['SR306', 'warning']]);
      assert.match(ds[0].message, /not analysed/);
    });

    it('unbalanced quotes and brackets give syntax errors on the right line', async () => {
      const ds = await diagnostics(rule('SecurityEvent\n| where Account == "adm\n| where (EventID == 1'));
      assert.ok(ds.length > 0 && ds.every((d) => d.code.startsWith('KS') && d.severity === 'error'));
      assert.equal(ds[0].range.start.line, 3);
      const brackets = await diagnostics(rule('SecurityEvent | where (EventID == 1))'));
      assert.ok(brackets.some((d) => d.severity === 'error'));
    });

    it('a query of only comments, or an empty one, gives no column or connector findings', async () => {
      const mapping = 'entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: HostName\n        columnName: Computer\nrequiredDataConnectors:\n  - connectorId: SecurityEvents\n    dataTypes:\n      - SecurityEvent\n';
      assert.deepEqual(await diagnostics(rule('// nothing here\n// at all', mapping)), []);
      assert.deepEqual(await diagnostics(`id: 1\nquery: ""\n${mapping}`), []);
    });

    it('a non-string query is one clear SR300 warning', async () => {
      for (const value of ['42', '\n  - a\n  - b', '', '{ a: 1 }']) {
        const ds = await diagnostics(`id: 1\nquery: ${value}\n`);
        assert.deepEqual(ds.map((d) => d.code), ['SR300'], value);
        assert.match(ds[0].message, /not a string of KQL|is empty/);
      }
    });
  });
});
