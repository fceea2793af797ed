import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runRule } from '../../server/src/run';
import { command } from '../../server/src/cli/run';
import { dataSourcesForRule } from '../../server/src/run/dataSources';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { readRunSettings } from '../../server/src/run/settings';
import { applyWindow, latestTimestamp } from '../../server/src/run/window';
import { triggerFires } from '../../server/src/run/trigger';
import { ALERT_LIMIT, buildAlerts } from '../../server/src/run/alerts';
import type { NamedTable, Table } from '../../server/src/engine/table';
import { TICKS_PER_HOUR, parseDatetime } from '../../server/src/engine/values';

const t = (iso: string) => parseDatetime(iso)!;

const RULE = `name: Odd logon on {{x}}
description: |
  Something happened.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 2h
triggerOperator: GreaterThan
triggerThreshold: 1
tactics:
  - LateralMovement
query: T
eventGroupingSettings:
  aggregationKind: AlertPerResult
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: FullName
        columnName: DeviceName
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: RemoteIP
customDetails:
  Cmd: CommandLine
alertDetailsOverride:
  alertDisplayNameFormat: "DCOM on {{DeviceName}} from {{RemoteIP}}"
  alertDescriptionFormat: "Count {{N}} at {{When}}"
  alertSeverityColumnName: Sev
`;

const result: Table = {
  columns: [
    { name: 'DeviceName', type: 'string' }, { name: 'RemoteIP', type: 'string' }, { name: 'CommandLine', type: 'string' },
    { name: 'N', type: 'long' }, { name: 'When', type: 'datetime' }, { name: 'Sev', type: 'string' },
  ],
  rows: [
    ['ws6', '10.0.0.5', 'excel.exe', 2, t('2020-09-17T21:46:05.4110000Z'), 'High'],
    ['ws6', '', 'cmd.exe', 3, null, ''],
  ],
};

describe('run: Sentinel run semantics', () => {
  it('reads the run settings of a rule', () => {
    const { settings, problems } = readRunSettings(new RuleDocument(RULE));
    assert.deepEqual(problems, []);
    assert.equal(settings.kind, 'Scheduled');
    assert.equal(settings.queryPeriod, 2 * TICKS_PER_HOUR);
    assert.deepEqual(settings.trigger, { operator: 'gt', threshold: 1 });
    assert.equal(settings.aggregationKind, 'AlertPerResult');
    assert.deepEqual(settings.entityMappings[1], { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'RemoteIP' }] });
  });

  it('reports an unreadable queryPeriod and trigger operator with their ranges', () => {
    const doc = new RuleDocument('kind: Scheduled\nqueryPeriod: PT1H\ntriggerOperator: bigger\ntriggerThreshold: 0\nquery: T\n');
    const { problems } = readRunSettings(doc);
    assert.equal(problems.length, 2);
    assert.match(problems[0].message, /queryPeriod 'PT1H'/);
    assert.equal(problems[0].range.start.line, 1);
    assert.equal(problems[1].range.start.line, 2);
  });

  it('NRT rules have no period and no trigger settings', () => {
    const { settings, problems } = readRunSettings(new RuleDocument('kind: NRT\nquery: T\n'));
    assert.deepEqual(problems, []);
    assert.equal(settings.queryPeriod, undefined);
  });

  it('windows rows on TimeGenerated, else Timestamp, as (now - period, now]', () => {
    const a: NamedTable = { name: 'A', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Timestamp', type: 'datetime' }], rows: [[t('2020-01-01T00:00:00Z'), t('2020-01-01T05:00:00Z')], [t('2020-01-01T01:00:00Z'), null], [t('2020-01-01T03:00:00Z'), null], [null, null]] };
    const b: NamedTable = { name: 'B', columns: [{ name: 'Timestamp', type: 'datetime' }], rows: [[t('2020-01-01T02:30:00Z')], [t('2020-01-01T03:00:01Z')]] };
    const c: NamedTable = { name: 'C', columns: [{ name: 'X', type: 'long' }], rows: [[1]] };
    assert.equal(latestTimestamp([a, b, c]), t('2020-01-01T03:00:01Z'), 'TimeGenerated wins over Timestamp in A');
    const now = t('2020-01-01T03:00:00Z');
    const w = applyWindow([a, b, c], { start: now - 2 * TICKS_PER_HOUR, end: now });
    assert.deepEqual(w.tables[0].rows.map((r) => r[0]), [t('2020-01-01T03:00:00Z')], 'start is exclusive, end inclusive, null time is outside');
    assert.deepEqual(w.tables[1].rows, [[t('2020-01-01T02:30:00Z')]]);
    assert.equal(w.tables[2].rows.length, 1, 'a table without a time column is not filtered');
    assert.deepEqual(w.stats.map((s) => [s.table, s.timeColumn, s.rowsLoaded, s.rowsVisible]), [['A', 'TimeGenerated', 4, 1], ['B', 'Timestamp', 2, 1], ['C', undefined, 1, 1]]);
    assert.deepEqual(applyWindow([a], undefined).tables[0].rows.length, 4);
  });

  it('decides the trigger with each operator', () => {
    assert.equal(triggerFires(2, 'gt', 0), true);
    assert.equal(triggerFires(0, 'gt', 0), false);
    assert.equal(triggerFires(1, 'lt', 2), true);
    assert.equal(triggerFires(2, 'eq', 2), true);
    assert.equal(triggerFires(2, 'ne', 2), false);
  });

  it('one alert per result: entities, custom details, filled placeholders, severity from a column', () => {
    const { settings } = readRunSettings(new RuleDocument(RULE));
    const alerts = buildAlerts(result, settings);
    assert.equal(alerts.length, 2);
    assert.equal(alerts[0].displayName, 'DCOM on ws6 from 10.0.0.5');
    assert.equal(alerts[0].description, 'Count 2 at 2020-09-17T21:46:05.4110000Z');
    assert.equal(alerts[0].severity, 'High');
    assert.deepEqual(alerts[0].entities, [{ type: 'Host', identifiers: { FullName: 'ws6' } }, { type: 'IP', identifiers: { Address: '10.0.0.5' } }]);
    assert.deepEqual(alerts[0].customDetails, { Cmd: ['excel.exe'] });
    assert.equal(alerts[1].severity, 'Medium', 'an empty severity column falls back to the rule severity');
    assert.deepEqual(alerts[1].entities, [{ type: 'Host', identifiers: { FullName: 'ws6' } }], 'no IP entity from an empty column');
    assert.equal(alerts[1].description, 'Something happened.', 'a placeholder column without a value reverts the description to the rule\'s');
  });

  it('a single alert holds every result, with de-duplicated entities', () => {
    const { settings } = readRunSettings(new RuleDocument(RULE.replace('AlertPerResult', 'SingleAlert')));
    const alerts = buildAlerts(result, settings);
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0].resultRows, [0, 1]);
    assert.equal(alerts[0].entities.length, 2);
    assert.deepEqual(alerts[0].customDetails, { Cmd: ['excel.exe', 'cmd.exe'] });
    assert.equal(alerts[0].displayName, 'DCOM on ws6 from 10.0.0.5', 'placeholders come from the first result');
  });

  it('beyond Sentinel\'s 150 alerts, the 150th alert summarises all the results', () => {
    const { settings } = readRunSettings(new RuleDocument(RULE));
    const many: Table = { columns: result.columns, rows: Array.from({ length: 200 }, (_, i) => [`h${i}`, '', '', i, null, '']) };
    const alerts = buildAlerts(many, settings);
    assert.equal(alerts.length, ALERT_LIMIT.Scheduled);
    assert.equal(alerts[149].summary, true);
    assert.equal(alerts[149].resultRows.length, 200);
    assert.equal(alerts[148].summary, undefined);
  });
});

describe('run: runRule on sample data (real engine)', function () {
  this.timeout(300_000);
  const root = path.join(__dirname, '../..');
  const ruleFile = path.join(root, 'testdata/rules/DCOMLateralMovement.yaml');
  const otrf = path.join(root, 'testdata/sample-data/otrf-dcom');
  const seed = () => new RuleDocument(fs.readFileSync(ruleFile, 'utf8'), ruleFile);

  it('the seed rule returns the 2 DCOM rows on the OTRF data and fires one alert with its entities', async () => {
    const r = await runRule(seed(), [otrf]);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(r.ran, true);
    assert.equal(r.rows.length, 2);
    const col = (name: string) => r.columns.findIndex((c) => c.name === name);
    for (const row of r.rows) {
      assert.equal(row[col('DeviceName')], 'workstation6.theshire.local');
      assert.equal(row[col('RemoteIP')], '172.18.39.5');
      assert.match(row[col('DCOMCmdLine')] as string, /EXCEL\.EXE" \/automation -Embedding$/);
      assert.match(JSON.stringify(row[col('set_ProcessCommandLine')]), /AppVDllSurrogate64\.exe/);
    }
    assert.deepEqual(r.trigger, { operator: 'gt', threshold: 0, resultCount: 2, fires: true });
    assert.equal(r.alerts.length, 1, 'no eventGroupingSettings: one alert');
    assert.deepEqual(r.alerts[0].entities.map((e) => e.type), ['Host', 'IP', 'Process']);
    assert.equal(r.window.applied, true);
    assert.equal(r.window.nowSource, 'data');
    assert.equal(r.window.period, TICKS_PER_HOUR);
    assert.ok(r.stages.length > 10, 'per-stage statistics from the engine');
    assert.ok(r.tables.every((t) => t.rowsVisible === t.rowsLoaded && t.timeColumn === 'TimeGenerated'));
    assert.deepEqual(r.tables.filter((t) => t.read).map((t) => [t.table, t.rowsVisible]), [['DeviceNetworkEvents', 77], ['DeviceProcessEvents', 20]]);
  });

  it('without the synthetic boot anchor the rule returns 0 rows (LastBootTime is null)', async () => {
    const files = fs.readdirSync(otrf).filter((f) => f.startsWith('otrf_') && f.endsWith('.jsonl')).map((f) => path.join(otrf, f));
    const r = await runRule(seed(), files);
    assert.equal(r.ran, true);
    assert.equal(r.rows.length, 0);
    assert.equal(r.trigger.fires, false);
    assert.deepEqual(r.alerts, []);
  });

  it('a now past the data leaves the window empty; --no-window sees every row again', async () => {
    const later = await runRule(seed(), [otrf], { now: '2020-09-18T00:00:00Z' });
    assert.equal(later.rows.length, 0);
    assert.ok(later.tables.every((t) => t.rowsVisible === 0));
    const unwindowed = await runRule(seed(), [otrf], { now: '2020-09-18T00:00:00Z', window: false });
    assert.equal(unwindowed.rows.length, 2);
    assert.equal(unwindowed.window.applied, false);
  });

  it('an NRT rule has no period window and fires on any result', async () => {
    const nrt = fs.readFileSync(ruleFile, 'utf8').replace(/^queryFrequency:.*\n^queryPeriod:.*\n^triggerOperator:.*\n^triggerThreshold:.*\n/m, 'kind: NRT\n');
    assert.match(nrt, /kind: NRT/);
    const r = await runRule(new RuleDocument(nrt, ruleFile), [otrf], { now: '2020-09-18T00:00:00Z' });
    assert.equal(r.window.applied, false);
    assert.equal(r.rows.length, 2);
    assert.equal(r.trigger.fires, true);
  });

  it('an unreadable queryPeriod is a warning and the query runs without a window', async () => {
    const text = fs.readFileSync(ruleFile, 'utf8').replace('queryPeriod: 1h', 'queryPeriod: PT1H');
    const r = await runRule(new RuleDocument(text, ruleFile), [otrf], { now: '2020-09-18T00:00:00Z' });
    assert.equal(r.ran, true);
    assert.equal(r.window.applied, false);
    assert.equal(r.rows.length, 2);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === 'SR504').map((d) => d.severity), ['warning']);
  });

  it('tables without sample data run empty, with an SR508 for each', async () => {
    const r = await runRule(seed(), [fs.mkdtempSync(path.join(os.tmpdir(), 'sr-empty-'))]);
    assert.equal(r.ran, true);
    assert.equal(r.rows.length, 0);
    assert.equal(r.window.nowSource, 'clock');
    assert.deepEqual(r.tables.map((t) => [t.table, t.rowsLoaded, t.read]), [['DeviceNetworkEvents', 0, true], ['DeviceProcessEvents', 0, true]]);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.message]), [
      ['SR508', 'information', 'no sample data for table DeviceNetworkEvents; it runs as an empty table'],
      ['SR508', 'information', 'no sample data for table DeviceProcessEvents; it runs as an empty table'],
    ]);
  });

  it('a sample table without a time column is not windowed, and the run says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-notime-'));
    fs.writeFileSync(path.join(dir, 'x.Watch.jsonl'), '{"Name":"a"}\n');
    const r = await runRule(seed(), [dir, path.join(root, 'testdata/sample-data/dcom-negative/baseline')]);
    assert.equal(r.rows.length, 2);
    const d = r.diagnostics.find((x) => x.code === 'SR509')!;
    assert.match(d.message, /^Watch has no datetime TimeGenerated or Timestamp column/);
    assert.deepEqual(d.location, { kind: 'data', file: path.join(dir, 'x.Watch.jsonl'), line: 1, column: 1 });
  });

  it('a bad sample cell stops the run with an SR502 naming file, line and column', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-run-'));
    fs.writeFileSync(path.join(dir, 'x.DeviceNetworkEvents.jsonl'), '{"Timestamp":"2020-09-17T21:46:05Z","LocalPort":"one-three-five"}\n');
    const r = await runRule(seed(), [dir]);
    assert.equal(r.ran, false);
    const d = r.diagnostics.find((x) => x.code === 'SR502')!;
    assert.deepEqual(d.location, { kind: 'data', file: path.join(dir, 'x.DeviceNetworkEvents.jsonl'), line: 1, column: 37 });
    assert.match(d.message, /cannot read "one-three-five" as int/);
  });

  it('a query error is an SR505 on its line in the YAML document', async () => {
    const text = fs.readFileSync(ruleFile, 'utf8').replace('| where LocalIP !~ RemoteIP', '| where LocalIPX !~ RemoteIP');
    const r = await runRule(new RuleDocument(text, ruleFile), [path.join(root, 'testdata/sample-data/dcom-negative/baseline')]);
    assert.equal(r.ran, false);
    const d = r.diagnostics.find((x) => x.code === 'SR505')!;
    assert.match(d.message, /LocalIPX/);
    assert.equal(d.location.kind, 'rule');
    const line = text.split('\n').findIndex((l) => l.includes('LocalIPX'));
    assert.equal((d.location as { range: { start: { line: number } } }).range.start.line, line);
  });
});

describe('run: where a rule\'s sample data comes from', () => {
  it('offers the test cases first, then the setting, then workspace folders holding data files', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-ws-'));
    fs.mkdirSync(path.join(ws, 'rules'));
    fs.mkdirSync(path.join(ws, 'samples/a'), { recursive: true });
    fs.mkdirSync(path.join(ws, 'samples/docs'), { recursive: true });
    fs.mkdirSync(path.join(ws, 'mine'));
    fs.writeFileSync(path.join(ws, 'samples/a/x.SigninLogs.jsonl'), '{}\n');
    fs.writeFileSync(path.join(ws, 'samples/docs/layer.schema.json'), '{}');
    fs.writeFileSync(path.join(ws, 'rules/R.yaml'), 'query: SigninLogs\n');
    fs.writeFileSync(path.join(ws, 'rules/R.tests.yaml'), 'cases:\n  - name: one\n    data: ../samples/a\n    expect: { count: 0 }\n');
    const sources = dataSourcesForRule(path.join(ws, 'rules/R.yaml'), [ws], ['mine', 'missing']);
    assert.deepEqual(sources.map((s) => [s.origin, s.label]), [['tests', 'test case: one'], ['setting', 'setting: mine']]);
    fs.rmSync(path.join(ws, 'rules/R.tests.yaml'));
    assert.deepEqual(dataSourcesForRule(path.join(ws, 'rules/R.yaml'), [ws]).map((s) => [s.origin, s.label]), [['workspace', path.join('samples', 'a')]]);
  });
});

describe('run: the sentinel-rules run command', function () {
  this.timeout(300_000);
  const root = path.join(__dirname, '../..');
  const rule = path.join(root, 'testdata/rules/DCOMLateralMovement.yaml');
  const baseline = path.join(root, 'testdata/sample-data/dcom-negative/baseline');

  /** Runs the command in-process and returns its exit code and what it wrote to stdout and stderr. */
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const write = { out: process.stdout.write, err: process.stderr.write };
    process.stdout.write = ((s: string) => { out += s; return true }) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => { err += s; return true }) as typeof process.stderr.write;
    try {
      return { code: await command.run(args), out, err };
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
  }

  it('prints the run as JSON: rows with ISO datetimes, trigger, alerts, window, tables, stages', async () => {
    const { code, out } = await cli([rule, '--data', baseline, '--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(out);
    assert.equal(json.rows.length, 2);
    assert.equal(json.rows[0].TimestampProcEventExact, '2020-09-17T21:46:05.5600000Z');
    assert.deepEqual(json.trigger, { operator: 'gt', threshold: 0, resultCount: 2, fires: true });
    assert.equal(json.alerts.length, 1);
    assert.equal(json.window.period, '01:00:00');
    assert.equal(json.window.now, '2020-09-17T21:46:22.2120000Z');
    assert.deepEqual(json.tables.map((t: { table: string; rowsVisible: number }) => [t.table, t.rowsVisible]), [['DeviceNetworkEvents', 2], ['DeviceProcessEvents', 4]]);
    assert.ok(json.stages.every((s: { rowsIn: number; rowsOut: number; line: number }) => s.line > 0 && s.rowsIn >= 0 && s.rowsOut >= 0));
  });

  it('prints CSV rows and a table with the trigger line; --no-window and --now', async () => {
    const csv = await cli([rule, '--data', baseline, '--format', 'csv']);
    assert.equal(csv.code, 0);
    assert.equal(csv.out.trim().split('\n').length, 3);
    assert.match(csv.out.split('\n')[0], /^TimestampNetwEventExact,TimestampProcEventExact,DeviceId/);
    const later = await cli([rule, '--data', baseline, '--now', '2021-01-01T00:00:00Z']);
    assert.match(later.out, /^0 result\(s\) · would not fire \(0 gt 0\)/m);
    const unwindowed = await cli([rule, '--data', baseline, '--now', '2021-01-01T00:00:00Z', '--no-window']);
    assert.match(unwindowed.out, /^2 result\(s\) · would fire \(2 gt 0\) · 1 alert\(s\) · no window/m);
    assert.match(unwindowed.out, /^ {2}Host: FullName=workstation6\.theshire\.local$/m);
  });

  it('bad usage exits 2 with a message; a run that cannot happen exits 1', async () => {
    assert.equal((await cli([rule])).code, 2);
    const badNow = await cli([rule, '--data', baseline, '--now', 'yesterday']);
    assert.equal(badNow.code, 2);
    assert.match(badNow.err, /--now 'yesterday' is not a datetime/);
    assert.equal((await cli([rule, '--data', baseline, '--format', 'xml'])).code, 2);
    const missing = await cli([rule, '--data', path.join(root, 'no-such-folder')]);
    assert.equal(missing.code, 1);
    assert.match(missing.out, /error SR501: cannot read data folder/);
  });
});
