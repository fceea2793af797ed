import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataFolders, parseDataFileName } from '../../server/src/data';
import type { SchemaLookup } from '../../server/src/data';
import { parseDatetime } from '../../server/src/engine/values';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-data-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const schema: SchemaLookup = (t) => t === 'Procs'
  ? [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Timestamp', type: 'datetime' }, { name: 'Pid', type: 'long' }, { name: 'Name', type: 'string' }, { name: 'Extra', type: 'dynamic' }]
  : undefined;

describe('data: sample loading', () => {
  it('takes the table from the last segment before the extension', () => {
    assert.deepEqual(parseDataFileName('otrf_dcom.DeviceProcessEvents.jsonl'), { table: 'DeviceProcessEvents', format: 'jsonl', gzip: false });
    assert.deepEqual(parseDataFileName('a.b.SigninLogs.csv.gz'), { table: 'SigninLogs', format: 'csv', gzip: true });
    assert.equal(parseDataFileName('README.md'), undefined);
  });

  it('unions several files of one table and types columns from the schema', async () => {
    const dir = folder({
      'a.Procs.jsonl': '{"Timestamp":"2020-09-17T21:46:05.4030000Z","Pid":12,"Name":"x","Extra":"{\\"k\\":1}"}\n\n',
      'b.Procs.json': JSON.stringify([{ Timestamp: '2020-09-17T21:47:00Z', Pid: '13', Name: 'y' }]),
    });
    const r = await loadDataFolders([dir], { schema });
    assert.deepEqual(r.issues.filter((i) => i.severity === 'error'), []);
    const t = r.tables[0];
    assert.equal(t.name, 'Procs');
    assert.deepEqual(t.columns.map((c) => `${c.name}:${c.type}`), ['TimeGenerated:datetime', 'Timestamp:datetime', 'Pid:long', 'Name:string', 'Extra:dynamic']);
    assert.equal(t.rows.length, 2);
    assert.equal(t.rows[0][1], parseDatetime('2020-09-17T21:46:05.4030000Z'));
    assert.equal(t.rows[0][0], t.rows[0][1], 'TimeGenerated is copied from Timestamp');
    assert.deepEqual(t.rows[0][4], { k: 1 });
    assert.deepEqual(t.rows[1].slice(2), [13, 'y', null]);
    assert.equal(path.basename(t.origin(1).file), 'b.Procs.json');
    assert.ok(r.issues.some((i) => i.severity === 'information' && /copy of Timestamp/.test(i.message)));
    assert.equal(r.stats[0].files.length, 2);
  });

  it('reports a bad cell with file, line and the column of the field', async () => {
    const dir = folder({ 'Procs.jsonl': '{"Pid":1}\n{"Name":"n", "Pid":"abc"}\n' });
    const r = await loadDataFolders([dir], { schema });
    const err = r.issues.find((i) => i.severity === 'error')!;
    assert.match(err.message, /cannot read "abc" as long/);
    assert.equal(path.basename(err.file), 'Procs.jsonl');
    assert.equal(err.line, 2);
    assert.equal(err.column, 14);
    assert.equal(err.field, 'Pid');
    assert.equal(r.tables[0].rows.length, 2, 'the row is kept, the bad cell reported');
  });

  it('reports a malformed JSON line and keeps reading', async () => {
    const dir = folder({ 'T.jsonl': '{"a":1}\n{"a": 2,,}\n{"a":3}\n' });
    const r = await loadDataFolders([dir]);
    const err = r.issues.find((i) => i.severity === 'error')!;
    assert.equal(err.line, 2);
    assert.match(err.message, /malformed JSON line/);
    assert.equal(err.column, 9);
    assert.deepEqual(r.tables[0].rows, [[1], [3]]);
  });

  it('infers types of unknown tables and says so; extra columns of known tables are kept', async () => {
    const dir = folder({
      'Unknown.jsonl': '{"n":1,"r":1.5,"b":true,"t":"2021-01-01T00:00:00Z","s":"x","d":{"a":[1]}}\n{"n":2,"r":2,"b":false,"t":null,"s":"5","d":null}\n',
      'Procs.jsonl': '{"Pid":1,"Surprise":"yes"}\n',
    });
    const r = await loadDataFolders([dir], { schema });
    const unknown = r.tables.find((t) => t.name === 'Unknown')!;
    assert.deepEqual(unknown.columns.map((c) => c.type), ['long', 'real', 'bool', 'datetime', 'string', 'dynamic']);
    assert.deepEqual(unknown.rows[1], [2, 2, false, null, '5', null]);
    const procs = r.stats.find((s) => s.table === 'Procs')!;
    assert.deepEqual(procs.columns.find((c) => c.name === 'Surprise'), { name: 'Surprise', type: 'string', source: 'extra' });
    assert.ok(r.issues.some((i) => /Procs: 1 column\(s\) not in the table schema.*Surprise:string/.test(i.message)));
    assert.ok(r.issues.some((i) => /Unknown: 6 column\(s\) typed from the values/.test(i.message)));
  });

  it('reads a Log Analytics query API export with its declared types', async () => {
    const doc = { tables: [{ name: 'PrimaryResult', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Count', type: 'long' }, { name: 'Bag', type: 'dynamic' }], rows: [['2021-01-01T00:00:00Z', 3, '{"x":1}'], ['2021-01-02T00:00:00Z', 'bad', null]] }] };
    const dir = folder({ 'export.Stuff.json': JSON.stringify(doc, null, 1) });
    const r = await loadDataFolders([dir]);
    assert.deepEqual(r.stats[0].columns.map((c) => c.source), ['declared', 'declared', 'declared']);
    assert.deepEqual(r.tables[0].rows[0].slice(1), [3, { x: 1 }]);
    const err = r.issues.find((i) => i.severity === 'error')!;
    assert.match(err.message, /cannot read "bad" as long/);
    const text = JSON.stringify(doc, null, 1).split('\n');
    assert.match(text[err.line - 1], /\[/, 'the line of the second row');
    assert.ok(err.line > 10);
  });

  it('reads JSON lines in a .json file (real M365D exports), also gzip-compressed', async () => {
    const dir = folder({ 'x.T.json': '{"a":1}\n{"a":2}\n', 'y.T.json.gz': gzipSync('{"a":3}\n') });
    const r = await loadDataFolders([dir]);
    assert.deepEqual(r.tables[0].rows, [[1], [2], [3]]);
  });

  it('reads portal CSV: typed and [UTC] headers, quoted fields, gzip', async () => {
    const csv = 'TimeGenerated [UTC],Count:long,Text\n"2021-01-01T00:00:00Z",5,"a, ""quoted"" text"\n2021-01-02T00:00:00Z,,plain\n';
    const dir = folder({ 'T.csv.gz': gzipSync(csv) });
    const r = await loadDataFolders([dir]);
    assert.deepEqual(r.issues.filter((i) => i.severity !== 'information'), []);
    assert.deepEqual(r.tables[0].columns, [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Count', type: 'long' }, { name: 'Text', type: 'string' }]);
    assert.deepEqual(r.tables[0].rows[0].slice(1), [5, 'a, "quoted" text']);
    assert.deepEqual(r.tables[0].rows[1].slice(1), [null, 'plain']);
  });

  it('reports a bad CSV cell at its line and character column, and a short row', async () => {
    const dir = folder({ 'T.csv': 'A:long,B:long\n1,2\n3,x\n4\n\n\n"5\n",y\n' });
    const r = await loadDataFolders([dir]);
    const errors = r.issues.filter((i) => i.severity === 'error');
    assert.equal(errors.length, 3);
    assert.deepEqual([errors[0].line, errors[0].column, errors[0].field], [3, 3, 'B']);
    assert.match(errors[1].message, /row has 1 values but the header has 2 columns/);
    assert.equal(errors[1].line, 4);
    assert.deepEqual([errors[2].line, errors[2].field], [7, 'B'], 'after empty lines, a record spanning two lines starts on line 7');
  });

  it('reads portal CSV local-time headers and formats, with a warning', async () => {
    const dir = folder({ 'T.csv': 'Timestamp [Local Time],DeviceName\n"10/25/2023, 9:43:21.990 AM",h1\n' });
    const r = await loadDataFolders([dir], { schema: (t) => (t === 'T' ? [{ name: 'Timestamp', type: 'datetime' }] : undefined) });
    assert.deepEqual(r.tables[0].rows[0], [parseDatetime('2023-10-25T09:43:21.990Z'), 'h1']);
    assert.ok(r.issues.some((i) => i.severity === 'warning' && /Timestamp holds local times/.test(i.message)));
  });

  it('a missing folder is an error naming it', async () => {
    const r = await loadDataFolders(['/no/such/folder']);
    assert.equal(r.issues[0].severity, 'error');
    assert.equal(r.issues[0].file, '/no/such/folder');
  });

  it('loads the OTRF DCOM data: every row of every file', async () => {
    const r = await loadDataFolders([path.join(__dirname, '../../testdata/sample-data/otrf-dcom')]);
    const rows = Object.fromEntries(r.stats.map((s) => [s.table, s.rows]));
    assert.deepEqual(rows, { DeviceFileEvents: 470, DeviceLogonEvents: 10, DeviceNetworkEvents: 77, DeviceProcessEvents: 20 });
    assert.deepEqual(r.issues.filter((i) => i.severity === 'error'), []);
  });
});
