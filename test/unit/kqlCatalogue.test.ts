import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCatalogue, readDeclaration } from '../../server/src/kql/catalogue';
import { sampleColumns } from '../../server/src/kql/sampleColumns';
import { loadDataFolders } from '../../server/src/data';
import { parseDataFileName } from '../../server/src/data/dataFiles';

function sample(file: string) {
  return sampleColumns({ path: file, bytes: 0, ...parseDataFileName(path.basename(file))! });
}

describe('kql table catalogue', () => {
  it('has the session columns only the Defender advanced-hunting reference documents, with their documented types', () => {
    const { tables } = loadCatalogue([]);
    const typesOf = (table: string) => new Map(tables.get(table)!.columns.map((c) => [c.name, c.type]));
    for (const table of ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceLogonEvents']) {
      const cols = typesOf(table);
      assert.equal(cols.get('InitiatingProcessSessionId'), 'long', table);
      assert.equal(cols.get('IsInitiatingProcessRemoteSession'), 'bool', table);
      assert.equal(cols.get('InitiatingProcessRemoteSessionDeviceName'), 'string', table);
      assert.equal(cols.get('InitiatingProcessRemoteSessionIP'), 'string', table);
    }
    const dpe = typesOf('DeviceProcessEvents');
    assert.deepEqual(['CreatedProcessSessionId', 'IsProcessRemoteSession', 'ProcessRemoteSessionDeviceName', 'ProcessRemoteSessionIP'].map((c) => dpe.get(c)),
      ['long', 'bool', 'string', 'string']);
  });

  it('holds every table the corpus queries, Sentinel-flavoured', () => {
    const { tables } = loadCatalogue([]);
    // shared/notes/kql-frequency.md §1
    for (const name of ['DeviceProcessEvents', 'SecurityEvent', 'AuditLogs', 'OfficeActivity', 'SigninLogs', 'DeviceEvents', 'AzureActivity',
      'DeviceNetworkEvents', 'DeviceFileEvents', 'Event', 'AADNonInteractiveUserSignInLogs', 'DeviceLogonEvents', 'IdentityInfo', 'Syslog',
      'CommonSecurityLog', 'SecurityAlert', 'ThreatIntelligenceIndicator', 'DeviceImageLoadEvents', 'DeviceRegistryEvents', 'BehaviorAnalytics',
      'DeviceInfo', 'WindowsEvent', 'AWSCloudTrail', 'AlertEvidence', 'DeviceFileCertificateInfo', 'EmailEvents', 'IdentityLogonEvents',
      'StorageBlobLogs', 'StorageFileLogs', 'W3CIISLog', 'ADFSSignInLogs', 'AlertInfo', 'CloudAppEvents', 'DeviceTvmSoftwareVulnerabilities',
      'EnrichedMicrosoft365AuditLogs']) {
      const t = tables.get(name);
      assert.ok(t, name);
      const cols = new Map(t.columns.map((c) => [c.name, c.type]));
      assert.equal(cols.get('TimeGenerated'), 'datetime', `${name}.TimeGenerated`);
      assert.equal(cols.get('TenantId'), 'string', `${name}.TenantId`);
      assert.equal(cols.get('Type'), 'string', `${name}.Type`);
      if (name.startsWith('Device')) assert.equal(cols.get('Timestamp'), 'datetime', `${name}.Timestamp`);
    }
    const dpe = new Map(tables.get('DeviceProcessEvents')!.columns.map((c) => [c.name, c.type]));
    assert.equal(dpe.get('AdditionalFields'), 'dynamic');
    assert.equal(dpe.get('ProcessId'), 'long');
  });

  it('reads table and function declarations and names the file and field of a mistake', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kql-decl-'));
    try {
      const f = (name: string, content: string) => { const p = path.join(dir, name); writeFileSync(p, content); return p; };
      assert.deepEqual(readDeclaration(f('a.json', '{"name":"A_CL","columns":[{"name":"X","type":"Int64"}]}')), { name: 'A_CL', columns: [{ name: 'X', type: 'long' }], description: undefined });
      const fn = readDeclaration(f('b.json', '{"name":"_GetWatchlist","kind":"function","parameters":"(alias:string)","columns":[{"name":"SearchKey","type":"string"}]}'));
      assert.equal(fn.name, '_GetWatchlist');
      assert.throws(() => readDeclaration(f('c.json', '{"name":"A", "columns": 3}')), /c\.json: "columns" must be an array/);
      assert.throws(() => readDeclaration(f('d.json', '{"name":"A", "columns":[{"name":"B"}]}')), /d\.json: columns\[0\] \(B\): unknown type undefined/);
      assert.throws(() => readDeclaration(f('e.json', '{"name":"A",')), /e\.json: not valid JSON/);
      assert.throws(() => readDeclaration(f('g.json', '{"name":"f","kind":"function"}')), /g\.json: a function needs "columns"/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('names CSV columns as the data loader does (portal time-zone suffixes, typed headers)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kql-sample-csv-'));
    try {
      const file = path.join(dir, 'Portal.csv');
      writeFileSync(file, 'TimeGenerated [UTC],Seen [Local Time],Count:long,Name\r\n2024-01-01T00:00:00Z,2024-01-01T01:00:00Z,2,a\r\n');
      const columns = sample(file).columns;
      assert.deepEqual(columns, [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Seen', type: 'datetime' }, { name: 'Count', type: 'long' }, { name: 'Name', type: 'string' }]);
      const loaded = await loadDataFolders([dir]);
      assert.deepEqual(columns.map((c) => c.name), loaded.tables[0].columns.map((c) => c.name));
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('reads sample-data columns from the head of JSON lines, JSON, Log Analytics exports and CSV', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kql-sample-'));
    try {
      const f = (name: string, content: string) => { const p = path.join(dir, name); writeFileSync(p, content); return p; };
      assert.deepEqual(sample(f('a.T.jsonl', '{"A":1,"B":"x"}\n{"A":2,"C":{"k":1},"D":"2024-01-01T00:00:00Z"}\n')).columns,
        [{ name: 'A', type: 'long' }, { name: 'B', type: 'string' }, { name: 'C', type: 'dynamic' }, { name: 'D', type: 'datetime' }]);
      assert.deepEqual(sample(f('T.json', '[{"A":true}]')).columns, [{ name: 'A', type: 'bool' }]);
      assert.deepEqual(sample(f('x.T.json', '{"tables":[{"name":"PrimaryResult","columns":[{"name":"A","type":"datetime"},{"name":"B","type":"int"}],"rows":[]}]}')).columns,
        [{ name: 'A', type: 'datetime' }, { name: 'B', type: 'int' }]);
      assert.deepEqual(sample(f('T.csv', 'A,B:long,C\r\n1.5,2,hello\r\n')).columns, [{ name: 'A', type: 'real' }, { name: 'B', type: 'long' }, { name: 'C', type: 'string' }]);
      assert.throws(() => sample(f('bad.T.jsonl', '{"A":1}\n[1,2]\n')), /bad\.T\.jsonl:2:1: a JSON-lines row must be an object/);
      assert.throws(() => sample(f('bad.T.json', '{"x":1}')), /bad\.T\.json: expected an array of rows or a Log Analytics response/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
