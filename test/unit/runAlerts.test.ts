// Alert building checked against Microsoft's Sentinel documentation, one behaviour per test; each test names
// the page whose statement it checks (docs/run.md quotes them).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runRule } from '../../server/src/run';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { readRunSettings } from '../../server/src/run/settings';
import { ALERT_LIMIT, CUSTOM_DETAIL_VALUE_LIMIT, buildAlerts } from '../../server/src/run/alerts';
import { ENTITY_LIMIT } from '../../server/src/run/alertEntities';
import { DESCRIPTION_BYTES, DISPLAY_NAME_BYTES, truncateUtf8 } from '../../server/src/run/alertDetails';
import type { Column, Table } from '../../server/src/engine/table';
import type { Value } from '../../server/src/engine/values';

const BASE = `name: Rule name
description: Rule description.
severity: Medium
kind: Scheduled
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Execution
query: T
`;

const settingsOf = (yaml: string) => {
  const { settings, problems } = readRunSettings(new RuleDocument(BASE + yaml));
  assert.deepEqual(problems, []);
  return settings;
};

const table = (columns: Record<string, Column['type']>, rows: Value[][]): Table => ({
  columns: Object.entries(columns).map(([name, type]) => ({ name, type })),
  rows,
});

const perResult = 'eventGroupingSettings:\n  aggregationKind: AlertPerResult\n';
const hostMapping = 'entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: HostName\n        columnName: H\n';

describe('run alerts: event grouping (docs: Scheduled analytics rules, NRT rules)', () => {
  const hosts = (n: number) => table({ H: 'string' }, Array.from({ length: n }, (_, i) => [`h${i}`]));

  it('a single alert (the default) holds every result', () => {
    const alerts = buildAlerts(hosts(3), settingsOf(hostMapping));
    assert.equal(alerts.length, 1);
    assert.deepEqual(alerts[0].resultRows, [0, 1, 2]);
    assert.equal(alerts[0].entities.length, 3);
  });

  it('exactly 150 results give 150 single-result alerts, no summary', () => {
    const alerts = buildAlerts(hosts(150), settingsOf(perResult + hostMapping));
    assert.equal(alerts.length, 150);
    assert.ok(alerts.every((a, i) => a.summary === undefined && a.resultRows.length === 1 && a.resultRows[0] === i));
  });

  it('more than 150 results: 149 single alerts, then a 150th that is the single alert of all results', () => {
    const settings = settingsOf(perResult + hostMapping);
    const result = hosts(151);
    const alerts = buildAlerts(result, settings);
    assert.equal(alerts.length, ALERT_LIMIT.Scheduled);
    assert.deepEqual(alerts[148].resultRows, [148]);
    const { summary, ...last } = alerts[149];
    assert.equal(summary, true);
    const single = buildAlerts(result, { ...settings, aggregationKind: 'SingleAlert' })[0];
    assert.deepEqual(last, single, 'the 150th alert is what Group all events into a single alert gives');
    assert.equal(last.resultRows.length, 151);
  });

  it('NRT: up to 30 single alerts; more than 30 results give 29 and a 30th over all results', () => {
    const nrt = { ...settingsOf(perResult + hostMapping), kind: 'NRT' as const };
    assert.equal(buildAlerts(hosts(30), nrt).length, 30);
    const alerts = buildAlerts(hosts(31), nrt);
    assert.equal(alerts.length, ALERT_LIMIT.NRT);
    assert.deepEqual(alerts[28].resultRows, [28]);
    assert.equal(alerts[29].summary, true);
    assert.equal(alerts[29].resultRows.length, 31);
    assert.equal(buildAlerts(hosts(31), { ...nrt, aggregationKind: 'SingleAlert' }).length, 1);
  });

  it('an NRT rule read from YAML has kind NRT and the NRT limit applies', () => {
    const { settings } = readRunSettings(new RuleDocument(`name: N\ndescription: D\nseverity: Low\nkind: NRT\nquery: T\n${perResult}`));
    assert.equal(settings.kind, 'NRT');
    assert.equal(buildAlerts(hosts(40), settings).length, 30);
  });
});

describe('run alerts: alert details override (docs: Customize alert details, service limits)', () => {
  const override = (fields: string) => `alertDetailsOverride:\n${fields}`;
  const result = table({ User: 'string', Host: 'string', N: 'long', Sev: 'string', Tac: 'string', Empty: 'string' }, [
    ['alice', 'ws1', 0, 'high', 'InitialAccess, persistence', ''],
    ['bob', '', null, 'Critical', 'NotATactic,Execution', null],
    ['carol', 'ws3', 7, '', '["Discovery","LateralMovement","Discovery"]', ''],
  ]);

  it('placeholders are filled from the alert\'s result; a 0 is a value', () => {
    const s = settingsOf(perResult + override('  alertDisplayNameFormat: "{{User}} on {{Host}} ({{N}})"\n  alertDescriptionFormat: "User {{User}}"\n'));
    const alerts = buildAlerts(result, s);
    assert.equal(alerts[0].displayName, 'alice on ws1 (0)');
    assert.equal(alerts[0].description, 'User alice');
    assert.equal(alerts[2].displayName, 'carol on ws3 (7)');
  });

  it('a placeholder whose column has no value (empty, null or absent) reverts to the rule\'s name / description', () => {
    const s = settingsOf(perResult + override('  alertDisplayNameFormat: "{{User}} on {{Host}}"\n  alertDescriptionFormat: "{{User}} {{NoSuchColumn}}"\n'));
    const alerts = buildAlerts(result, s);
    assert.equal(alerts[1].displayName, 'Rule name', 'Host is empty in the second result');
    assert.equal(alerts[0].description, 'Rule description.', 'a column the result does not have');
    assert.equal(alerts[0].displayName, 'alice on ws1');
  });

  it('a placeholder name is taken as written: `{{ User }}` names no column, so the rule\'s name is used', () => {
    const s = settingsOf(perResult + override('  alertDisplayNameFormat: "{{ User }} logged on"\n'));
    assert.equal(buildAlerts(result, s)[0].displayName, 'Rule name');
  });

  it('a single alert takes its placeholders from its first result', () => {
    const s = settingsOf(override('  alertDisplayNameFormat: "{{User}}"\n'));
    assert.equal(buildAlerts(result, s)[0].displayName, 'alice');
  });

  it('the display name is cut to 256 bytes and the description to 5 KB of UTF-8, never inside a character', () => {
    const long = table({ V: 'string' }, [['é'.repeat(200)]]);
    const s = settingsOf(override('  alertDisplayNameFormat: "x{{V}}"\n  alertDescriptionFormat: "{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}{{V}}"\n'));
    const [a] = buildAlerts(long, s);
    assert.equal(Buffer.byteLength(a.displayName), 255, 'x + 127 two-byte characters: the 128th would pass 256');
    assert.equal(a.displayName, 'x' + 'é'.repeat(127));
    assert.equal(Buffer.byteLength(a.description), DESCRIPTION_BYTES);
    assert.equal(truncateUtf8('abc', DISPLAY_NAME_BYTES), 'abc');
    assert.equal(truncateUtf8('a😀b', 4), 'a', 'a surrogate pair is not split');
  });

  it('severity from a column: any letter case of Informational/Low/Medium/High, else the rule\'s severity', () => {
    const alerts = buildAlerts(result, settingsOf(perResult + override('  alertSeverityColumnName: Sev\n')));
    assert.deepEqual(alerts.map((a) => a.severity), ['High', 'Medium', 'Medium']);
  });

  it('tactics from a column: a comma-separated list or JSON array of tactics; an invalid value reverts to the rule\'s', () => {
    const alerts = buildAlerts(result, settingsOf(perResult + override('  alertTacticsColumnName: Tac\n')));
    assert.deepEqual(alerts[0].tactics, ['InitialAccess', 'Persistence']);
    assert.deepEqual(alerts[1].tactics, ['Execution'], 'one value is not a tactic: the rule\'s tactics');
    assert.deepEqual(alerts[2].tactics, ['Discovery', 'LateralMovement']);
    const empty = buildAlerts(result, settingsOf(perResult + override('  alertTacticsColumnName: Empty\n')));
    assert.deepEqual(empty.map((a) => a.tactics), [['Execution'], ['Execution'], ['Execution']]);
  });
});

describe('run alerts: entities (docs: Map data fields to entities, entity types reference)', () => {
  const mappings = (n: number) => 'entityMappings:\n' + Array.from({ length: n }, (_, i) =>
    `  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: C${i}\n`).join('');

  it('500 entities per alert, divided equally among the mappings (2 → 250 each, 3 → 166 each)', () => {
    const rows = (n: number, cols: number) => table(Object.fromEntries(Array.from({ length: cols }, (_, i) => [`C${i}`, 'string' as const])),
      Array.from({ length: n }, (_, r) => Array.from({ length: cols }, (_, c) => `10.${c}.${r >> 8}.${r & 255}`)));
    const two = buildAlerts(rows(300, 2), settingsOf(mappings(2)))[0].entities;
    assert.equal(two.length, ENTITY_LIMIT);
    assert.equal(two.filter((e) => e.identifiers.Address.startsWith('10.0.')).length, 250);
    assert.equal(two.filter((e) => e.identifiers.Address.startsWith('10.1.')).length, 250);
    const three = buildAlerts(rows(300, 3), settingsOf(mappings(3)))[0].entities;
    assert.equal(three.length, 3 * 166);
    const one = buildAlerts(rows(600, 1), settingsOf(mappings(1)))[0].entities;
    assert.equal(one.length, 500);
    assert.equal(one[499].identifiers.Address, '10.0.1.243', 'the first 500 distinct values, in result order');
  });

  it('identical entities are merged, also across mappings of one type; a merged one uses no share', () => {
    const result = table({ C0: 'string', C1: 'string' }, [['1.1.1.1', '1.1.1.1'], ['1.1.1.1', '2.2.2.2'], ['', null]]);
    const entities = buildAlerts(result, settingsOf(mappings(2)))[0].entities;
    assert.deepEqual(entities, [{ type: 'IP', identifiers: { Address: '1.1.1.1' } }, { type: 'IP', identifiers: { Address: '2.2.2.2' } }]);
  });

  it('an identifier with no value is left out; an entity without a required identifier is not created', () => {
    const yaml = `entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: H
      - identifier: DnsDomain
        columnName: D
  - entityType: FileHash
    fieldMappings:
      - identifier: Algorithm
        columnName: A
      - identifier: Value
        columnName: V
`;
    const result = table({ H: 'string', D: 'string', A: 'string', V: 'string' }, [
      ['ws1', '', 'SHA256', ''],
      ['', 'contoso.com', 'SHA1', 'abc'],
    ]);
    const entities = buildAlerts(result, settingsOf(yaml))[0].entities;
    assert.deepEqual(entities, [
      { type: 'Host', identifiers: { HostName: 'ws1' } },
      { type: 'FileHash', identifiers: { Algorithm: 'SHA1', Value: 'abc' } },
    ], 'DnsDomain alone does not identify a Host; Algorithm alone does not identify a FileHash');
  });

  it('an Account mapped by Name whose name is a built-in account (any case) is dropped', () => {
    const yaml = 'entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: U\n      - identifier: NTDomain\n        columnName: D\n';
    const result = table({ U: 'string', D: 'string' }, [['SYSTEM', 'NT AUTHORITY'], ['Local System', 'X'], ['network service', ''], ['alice', 'CONTOSO'], ['Administrators', '']]);
    const entities = buildAlerts(result, settingsOf(yaml))[0].entities;
    assert.deepEqual(entities.map((e) => e.identifiers.Name), ['alice', 'Administrators']);
  });
});

describe('run alerts: custom details (docs: service limits, Surface custom event details)', () => {
  const details = 'customDetails:\n  Cmd: C\n  Count: N\n';

  it('each detail holds its column\'s non-empty values, distinct, in result order, at most 50', () => {
    const rows: Value[][] = [['b', 1], ['a', null], ['b', 2], ['', 3]];
    for (let i = 0; i < 60; i++) rows.push([`x${i}`, 4]);
    const [a] = buildAlerts(table({ C: 'string', N: 'long' }, rows), settingsOf(details));
    assert.deepEqual(Object.keys(a.customDetails), ['Cmd', 'Count'], 'keys in the rule\'s order');
    assert.equal(a.customDetails.Cmd.length, CUSTOM_DETAIL_VALUE_LIMIT);
    assert.deepEqual(a.customDetails.Cmd.slice(0, 3), ['b', 'a', 'x0']);
    assert.deepEqual(a.customDetails.Count, ['1', '2', '3', '4']);
  });

  it('a detail whose column is empty in every result is an empty list', () => {
    const [a] = buildAlerts(table({ C: 'string', N: 'long' }, [['', null]]), settingsOf(details));
    assert.deepEqual(a.customDetails, { Cmd: [], Count: [] });
  });
});

describe('run alerts: a real corpus rule on sample rows (real engine)', function () {
  this.timeout(300_000);
  // The shared corpus sits beside the checkout (../shared), as for engineCorpus.test.ts.
  const ruleFile = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'azure-sentinel', 'Endpoint Threat Protection Essentials', 'SuspiciousPowerShellCommandExecuted.yaml');
  const event = (time: string, device: string, ip: string, upn: string, pid: number, command: string, actionType = 'PowerShellCommand') => JSON.stringify({
    TimeGenerated: time, DeviceName: device, LocalIP: ip, ActionType: actionType, InitiatingProcessAccountUpn: upn,
    InitiatingProcessId: pid, InitiatingProcessFileName: 'powershell.exe', InitiatingProcessCommandLine: `powershell.exe -c ${command}`,
    AdditionalFields: JSON.stringify({ Command: command }),
  });

  it('SuspiciousPowerShellCommandExecuted: one alert per result, placeholders, reverted name, entities without an empty account', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-alerts-'));
    fs.writeFileSync(path.join(dir, 'x.DeviceEvents.jsonl'), [
      event('2024-05-01T10:30:00Z', 'ws1.contoso.com', '10.0.0.1', 'alice@contoso.com', 11, 'Get-DomainUser'),
      event('2024-05-01T10:40:00Z', 'ws2.contoso.com', '10.0.0.2', '', 22, 'Get-DomainTrust'),
      event('2024-05-01T10:50:00Z', 'ws3.contoso.com', '10.0.0.3', 'bob@contoso.com', 33, 'Get-Process'),
      event('2024-05-01T08:59:00Z', 'ws4.contoso.com', '10.0.0.4', 'carol@contoso.com', 44, 'Get-DomainGroup'),
    ].join('\n') + '\n');
    const r = await runRule(new RuleDocument(fs.readFileSync(ruleFile, 'utf8'), ruleFile), [dir], { now: '2024-05-01T11:00:00Z' });
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(r.rows.length, 2, 'Get-Process is not in the list; the 08:59 row is outside the 1h period');
    assert.deepEqual(r.trigger, { operator: 'gt', threshold: 0, resultCount: 2, fires: true });
    assert.equal(r.alerts.length, 2);
    const [a, b] = r.alerts;
    assert.equal(a.displayName, 'Suspicious PowerShell Commandlet Executed on ws1 (10.0.0.1) by (alice@contoso.com)');
    assert.equal(a.description, "Suspicious PowerShell Commandlet by Process 'powershell.exe' ProcessId: '11' with commandline powershell.exe -c Get-DomainUser was executed.");
    assert.deepEqual(a.entities, [
      { type: 'Host', identifiers: { HostName: 'ws1', DnsDomain: 'contoso.com' } },
      { type: 'IP', identifiers: { Address: '10.0.0.1' } },
      { type: 'Account', identifiers: { Name: 'alice', UPNSuffix: 'contoso.com' } },
      { type: 'Process', identifiers: { ProcessId: '11', CommandLine: 'powershell.exe -c Get-DomainUser' } },
    ]);
    assert.equal(b.displayName, 'Suspicious Powershell Commandlet Executed', 'the UPN is empty: the rule\'s name');
    assert.match(b.description, /ProcessId: '22'/, 'the description\'s columns all have values');
    assert.deepEqual(b.entities.map((e) => e.type), ['Host', 'IP', 'Process'], 'no Account entity from an empty UPN');
    assert.deepEqual([a.severity, b.severity], ['Medium', 'Medium']);
    assert.deepEqual(a.tactics, ['Execution']);
  });
});
