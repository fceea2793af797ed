import { strict as assert } from 'node:assert';
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
  alertDisplayNameFormat: "DCOM on {{DeviceName}} from {{ RemoteIP }}"
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
    assert.equal(alerts[1].description, 'Count 3 at ');
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

  it('beyond Sentinel\'s 150 alerts, the last alert summarises the rest', () => {
    const { settings } = readRunSettings(new RuleDocument(RULE));
    const many: Table = { columns: result.columns, rows: Array.from({ length: 200 }, (_, i) => [`h${i}`, '', '', i, null, '']) };
    const alerts = buildAlerts(many, settings);
    assert.equal(alerts.length, ALERT_LIMIT.Scheduled);
    assert.equal(alerts[149].summary, true);
    assert.equal(alerts[149].resultRows.length, 51);
    assert.equal(alerts[148].summary, undefined);
  });
});
