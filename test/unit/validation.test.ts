// Every broken rule in testdata/invalid gives exactly the expected diagnostics (code, severity, 0-based
// range, and the fix text where the fix is certain); valid rules give none.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { analyzeRule } from '../../server/src/core/features';
import { validationCodes } from '../../server/src/validation/codes';
import { indexRuleFileName, indexRuleId } from '../../server/src/validation/ruleIds';
import { applyEdits, rangeText, repoRoot, seedText, validate } from './validationHelpers';

type Expected = [code: string, severity: string, range: string, fixText?: string];

// Ranges are 0-based line:character, as in LSP. Line 0 of each file is its one-line description comment.
const expectations: Record<string, Expected[]> = {
  'Detections/SR204-yml-extension.yml': [['SR204', 'error', '0:0-0:55']],
  'SR100-tab-indent.yaml': [['SR100', 'error', '19:0-19:1']],
  'SR101-list-at-top.yaml': [['SR101', 'error', '1:0-1:42']],
  'SR102-empty-severity.yaml': [['SR102', 'error', '6:0-6:8']],
  'SR102-fieldmapping-typo.yaml': [['SR102', 'error', '54:8-54:18']],
  'SR102-incident-configuration.yaml': [['SR102', 'warning', '65:0-65:21']],
  'SR102-missing-name.yaml': [['SR102', 'error', '1:0-1:2']],
  'SR102-scheduled-missing-schedule.yaml': [['SR102', 'error', '1:0-1:2']],
  'SR103-tactics-not-list.yaml': [['SR103', 'error', '18:9-18:24']],
  'SR104-aggregation-kind.yaml': [['SR104', 'error', '66:19-66:28']],
  'SR104-kind-fusion.yaml': [['SR104', 'error', '8:6-8:12']],
  'SR105-key-case.yaml': [['SR105', 'warning', '11:4-11:13', 'dataTypes']],
  'SR105-severity-case.yaml': [['SR105', 'warning', '6:10-6:16', 'Medium']],
  'SR105-trigger-case.yaml': [['SR105', 'error', '16:17-16:19', 'gt']],
  'SR106-alert-name-too-long.yaml': [['SR106', 'error', '66:26-66:326']],
  'SR106-empty-query.yaml': [['SR106', 'error', '22:7-22:9']],
  'SR106-name-too-long.yaml': [['SR106', 'error', '2:6-2:291']],
  'SR107-four-field-mappings.yaml': [['SR107', 'error', '53:4-53:17']],
  'SR108-column-name.yaml': [['SR108', 'error', '63:20-63:32']],
  'SR108-custom-details-key.yaml': [['SR108', 'error', '66:2-66:16']],
  'SR108-version-format.yaml': [['SR108', 'error', '64:9-64:14']],
  'SR109-threshold.yaml': [['SR109', 'error', '17:18-17:23']],
  'SR110-unknown-fields.yaml': [['SR110', 'warning', '51:0-51:13'], ['SR110', 'information', '65:0-65:7']],
  'SR201-id-not-guid.yaml': [['SR201', 'error', '1:4-1:25']],
  'SR202-id-upper-case.yaml': [['SR202', 'information', '1:4-1:40', 'd58035ff-0bac-4c61-a7f4-f58939ff9765']],
  'SR203-duplicate-id/first.yaml': [['SR203', 'error', '1:4-1:40']],
  'SR203-duplicate-id/second.yaml': [['SR203', 'error', '1:4-1:40']],
  'SR205-iso-duration.yaml': [['SR205', 'error', '14:16-14:20', '1h']],
  'SR205-unreadable-duration.yaml': [['SR205', 'error', '15:13-15:19']],
  'SR206-period-too-long.yaml': [['SR206', 'error', '15:13-15:16']],
  'SR207-period-shorter.yaml': [['SR207', 'error', '15:13-15:15']],
  'SR208-long-period-fast.yaml': [['SR208', 'error', '14:16-14:19']],
  'SR209-nrt-schedule.yaml': [['SR209', 'information', '14:0-14:14'], ['SR209', 'information', '15:0-15:11'], ['SR209', 'information', '16:0-16:15'], ['SR209', 'information', '17:0-17:16']],
  'SR210-connector-case.yaml': [['SR210', 'error', '10:17-10:42', 'MicrosoftThreatProtection']],
  'SR210-unknown-connector.yaml': [['SR210', 'error', '10:17-10:37']],
  'SR211-identifier-case.yaml': [['SR211', 'error', '54:20-54:28', 'FullName'], ['SR213', 'error', '52:16-52:20']],
  'SR211-identifier-not-of-type.yaml': [['SR211', 'error', '56:20-56:27']],
  'SR212-duplicate-identifier.yaml': [['SR212', 'error', '60:20-60:27', '']],
  'SR213-no-required-identifier.yaml': [['SR213', 'error', '52:16-52:20']],
  'SR214-legacy-custom-entity.yaml': [['SR214', 'error', '50:11-50:27']],
  'SR215-too-many-placeholders.yaml': [['SR215', 'error', '66:26-66:97']],
  'SR219-padded-placeholder.yaml': [['SR219', 'warning', '66:34-66:50', '{{DeviceName}}'], ['SR219', 'warning', '67:38-67:51', '{{RemoteIP}}']],
  'SR216-selected-without-groupby.yaml': [['SR216', 'warning', '71:20-71:28']],
  'SR217-group-by-unmapped.yaml': [['SR217', 'warning', '73:8-73:15'], ['SR217', 'warning', '75:8-75:14']],
  'SR218-duplicate-file-name/Detections/DeviceProcessEvents/DCOMLateralMovement.yaml': [['SR218', 'error', '0:0-0:68']],
  'SR218-duplicate-file-name/Solutions/Example/Analytic Rules/DCOMLateralMovement.yaml': [['SR218', 'error', '0:0-0:66']],
  'bad-input/binary.yaml': [['SR100', 'error', '1:4-1:5']],
  'bad-input/empty.yaml': [['SR101', 'error', '0:0-0:27']],
  'bad-input/not-yaml.yaml': [['SR100', 'error', '1:19-1:20']],
};

const invalidRoot = join(repoRoot, 'testdata', 'invalid');

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(folder, e.name)) : [join(folder, e.name)]);
}

describe('validation: broken rules in testdata/invalid', () => {
  const files = filesUnder(invalidRoot);
  const docs = files.map((f) => new RuleDocument(readFileSync(f, 'utf8'), relative(invalidRoot, f).split('\\').join('/')));
  const ruleIds = new Map<string, string[]>();
  const ruleFileNames = new Map<string, string[]>();
  docs.forEach((d) => { indexRuleId(ruleIds, d); indexRuleFileName(ruleFileNames, d); });

  it('has an expectation for every file and a file for every expectation', () => {
    assert.deepEqual(docs.map((d) => d.uri).sort(), Object.keys(expectations).sort());
  });

  it('covers every SR1xx/SR2xx code at least once', () => {
    const covered = new Set(Object.values(expectations).flat().map(([code]) => code));
    assert.deepEqual(Object.keys(validationCodes).filter((c) => !covered.has(c)), []);
  });

  for (const doc of docs) {
    it(doc.uri, () => {
      const found = validate(doc.text, doc.uri, { roots: [], ruleIds, ruleFileNames });
      const actual = found.map((d) => {
        const row: Expected = [d.code, d.severity, rangeText(d.range)];
        const expectedFix = expectations[doc.uri]?.find((e) => e[0] === d.code && e[2] === row[2])?.[3];
        if (expectedFix !== undefined) row.push(d.fixes?.[0]?.edits[0]?.newText ?? '(no fix)');
        return row;
      });
      assert.deepEqual(actual, expectations[doc.uri]);
      for (const d of found) assert.ok(d.message.length > 10 && !/must match pattern|must be equal to/.test(d.message), `a readable message: ${d.message}`);
    });
  }

  it('SR201 offers a new GUID that is itself valid', () => {
    const text = readFileSync(join(invalidRoot, 'SR201-id-not-guid.yaml'), 'utf8');
    const [d] = validate(text);
    assert.match(d.fixes![0].edits[0].newText, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(validate(applyEdits(text, d.fixes![0].edits)), []);
  });

  for (const name of ['SR105-severity-case.yaml', 'SR105-trigger-case.yaml', 'SR105-key-case.yaml', 'SR205-iso-duration.yaml', 'SR210-connector-case.yaml', 'SR211-identifier-case.yaml', 'SR212-duplicate-identifier.yaml', 'SR202-id-upper-case.yaml']) {
    it(`applying the fix of ${name} leaves a valid rule`, () => {
      const text = readFileSync(join(invalidRoot, name), 'utf8');
      const withFix = validate(text).find((d) => d.fixes);
      assert.ok(withFix, 'a fix is offered');
      assert.deepEqual(validate(applyEdits(text, withFix.fixes![0].edits)), []);
    });
  }

  it('reports the duplicate id on both files, naming the other one', () => {
    const first = validate(docs.find((d) => d.uri === 'SR203-duplicate-id/first.yaml')!.text, 'SR203-duplicate-id/first.yaml', { roots: [], ruleIds });
    assert.match(first[0].message, /SR203-duplicate-id\/second\.yaml/);
    assert.doesNotMatch(first[0].message, /first\.yaml/);
  });

  it('reports a duplicate rule-folder file name on both files, and only in rule folders', () => {
    const [detections, solutions] = docs.filter((d) => d.uri.startsWith('SR218-'));
    const first = validate(detections.text, detections.uri, { roots: [], ruleFileNames });
    assert.match(first[0].message, /Solutions\/Example\/Analytic Rules\/DCOMLateralMovement\.yaml/);
    // The same two names outside rule folders are not looked up by the CI, so they are not flagged.
    const names = new Map([['DCOMLateralMovement.yaml', ['elsewhere/DCOMLateralMovement.yaml']]]);
    assert.deepEqual(validate(solutions.text, 'other/DCOMLateralMovement.yaml', { roots: [], ruleFileNames: names }).map((d) => d.code), []);
  });
});

describe('validation: valid rules', () => {
  it('the seed rule has no diagnostic at all from the validation features', () => {
    assert.deepEqual(validate(seedText, 'DCOMLateralMovement.yaml'), []);
  });

  it('the seed rule has no error from any registered feature', async function () {
    this.timeout(180_000); // the first KQL analysis loads Kusto.Language
    const all = await analyzeRule(new RuleDocument(seedText, 'DCOMLateralMovement.yaml'), { roots: [] });
    assert.deepEqual(all.filter((d) => d.severity === 'error'), []);
  });

  it('a minimal NRT rule needs no schedule, trigger or connectors', () => {
    const nrt = [
      'id: 6f3b9a1e-2c4d-4e5f-8a9b-0c1d2e3f4a5b', 'name: NRT rule', 'description: Finds things quickly.',
      'kind: NRT', 'severity: High', 'query: DeviceProcessEvents | take 1',
    ].join('\n');
    assert.deepEqual(validate(nrt), []);
  });

  it('accepts every optional section when it is well formed', () => {
    const full = `${seedText}
customDetails:
  DcomCommandLine: DCOMCmdLine
  Remote_IP: RemoteIP
alertDetailsOverride:
  alertDisplayNameFormat: DCOM child of {{DCOMCmdLine}} on {{DeviceName}}
  alertDescriptionFormat: Remote {{RemoteIP}}
  alertDynamicProperties:
    - alertProperty: ProductName
      value: ProductColumn
eventGroupingSettings:
  aggregationKind: AlertPerResult
incidentConfiguration:
  createIncident: true
  groupingConfiguration:
    enabled: true
    reopenClosedIncident: false
    lookbackDuration: PT5H
    matchingMethod: Selected
    groupByEntities:
      - Host
    groupByAlertDetails:
      - DisplayName
    groupByCustomDetails:
      - DcomCommandLine
suppressionEnabled: false
suppressionDuration: 5h
tags:
  - Lateral movement
`;
    assert.deepEqual(validate(full), []);
  });

  it('accepts the duration forms the CI reads and the key-value forms of optional fields with no value', () => {
    for (const [frequency, period] of [['5m', '1d'], ['1h', '14d'], ['01:00:00', '1.00:00:00'], ['1h', '14.00:00:00'], ['2h', '2d']]) {
      const text = seedText.replace('queryFrequency: 1h', `queryFrequency: '${frequency}'`).replace('queryPeriod: 1h', `queryPeriod: '${period}'`);
      assert.deepEqual(validate(text), [], `${frequency} / ${period}`);
    }
    assert.deepEqual(validate(`${seedText}\nalertDetailsOverride:\n`), [], 'an optional field with no value is absent to the CI');
  });

  it('reads kind case-insensitively for the Scheduled-only requirements', () => {
    const lower = validate(seedText.replace('kind: Scheduled', 'kind: scheduled').replace('queryPeriod: 1h\n', ''));
    assert.deepEqual(lower.map((d) => d.code).sort(), ['SR102', 'SR105']);
  });
});

describe('validation: scalars read as the CI reads them (YamlDotNet text, converted by Newtonsoft)', () => {
  it('accepts a quoted number where a number is expected and an unquoted one where text is expected', () => {
    const text = seedText.replace('triggerThreshold: 0', "triggerThreshold: '0'").replace('name: DCOM Lateral Movement', 'name: 2024');
    assert.deepEqual(validate(text), []);
  });

  it('reads `version: 1.0` as the text 1.0, which is not X.Y.Z', () => {
    const found = validate(seedText.replace('version: 1.0.0', 'version: 1.0'));
    assert.deepEqual(found.map((d) => [d.code, d.message]), [['SR108', '`version` must be a version `X.Y.Z` of three numbers, for example `1.0.0`; found `1.0`.']]);
  });

  it('still rejects text that is no number where a number is expected', () => {
    assert.deepEqual(validate(seedText.replace('triggerThreshold: 0', 'triggerThreshold: zero')).map((d) => d.code), ['SR103']);
  });
});
