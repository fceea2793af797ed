// The bundled catalogue covers the whole Azure Monitor table reference (scripts/build-tables.mjs), so a rule on a
// table outside the corpus's own gets the same Kusto column checks as one on SecurityEvent.
import { strict as assert } from 'node:assert';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import type { RuleDiagnostic } from '../../server/src/core/types';
import { kqlFeature } from '../../server/src/kql/feature';
import { loadCatalogue } from '../../server/src/kql/catalogue';

async function diagnostics(query: string, rest = ''): Promise<RuleDiagnostic[]> {
  const text = `id: 1\nquery: |\n${query.split('\n').map((l) => '  ' + l).join('\n')}\n${rest}`;
  return kqlFeature.diagnostics!(new RuleDocument(text, 'file:///w/rule.yaml'), { roots: [] });
}

const codes = (ds: RuleDiagnostic[]) => ds.map((d) => [d.code, d.severity, d.message.match(/'([^']+)'/)?.[1]]);

describe('bundled catalogue: every table of the Azure Monitor reference', () => {
  it('checks the columns of Perf, ContainerLog, AZFWNetworkRule and SecurityRecommendation', async () => {
    for (const [table, column] of [['Perf', 'CounterValue'], ['ContainerLog', 'LogEntry'], ['AZFWNetworkRule', 'SourceIp'],
      ['SecurityRecommendation', 'RecommendationName']]) {
      assert.deepEqual(await diagnostics(`${table}\n| where isnotempty(${column})`), [], `${table}.${column}`);
      const misspelt = `${column}x`;
      assert.deepEqual(codes(await diagnostics(`${table}\n| where isnotempty(${misspelt})`)), [['KS142', 'error', misspelt]], `${table}.${misspelt}`);
    }
  });

  it('types the columns of a new table (Perf.CounterValue is real, Perf.Computer a string)', async () => {
    assert.deepEqual(await diagnostics('Perf\n| where CounterValue > 90.5 and Computer startswith "web"'), []);
    const ds = await diagnostics('Perf\n| where CounterValue startswith "9"');
    assert.ok(ds.length > 0 && ds.every((d) => d.severity === 'error'), JSON.stringify(codes(ds)));
  });

  it('checks the output columns a rule maps on a new table', async () => {
    const mapping = (column: string) => `entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: HostName\n        columnName: ${column}\n`;
    const query = 'Perf\n| where CounterName == "% Processor Time"\n| summarize avg(CounterValue) by Computer';
    assert.deepEqual(await diagnostics(query, mapping('Computer')), []);
    assert.deepEqual(codes(await diagnostics(query, mapping('Computr'))), [['SR301', 'error', 'Computr']]);
  });

  it('keeps AzureDiagnostics unknown: its reference page is a copy of another table and its columns vary by workspace', async () => {
    assert.deepEqual(codes(await diagnostics('AzureDiagnostics\n| where Category == "AzureFirewallNetworkRule"')).map(([c]) => c), ['KS204']);
  });

  it('gives every table TimeGenerated, TenantId and Type, and Timestamp only to the Defender XDR tables', () => {
    const { tables } = loadCatalogue([]);
    for (const t of tables.values()) {
      const cols = new Map(t.columns.map((c) => [c.name, c.type]));
      assert.equal(cols.size, t.columns.length, `${t.name}: a column listed twice`);
      assert.deepEqual([cols.get('TimeGenerated'), cols.get('TenantId'), cols.get('Type')], ['datetime', 'string', 'string'], t.name);
    }
    const timestamp = (name: string) => tables.get(name)!.columns.find((c) => c.name === 'Timestamp')?.type;
    assert.equal(timestamp('EmailPostDeliveryEvents'), 'datetime');
    assert.equal(timestamp('DeviceProcessEvents'), 'datetime');
    // SurfaceHub tables that merely start with "Device"
    assert.equal(timestamp('DeviceEtw'), undefined);
    assert.equal(timestamp('DeviceAppCrash'), undefined);
  });
});
