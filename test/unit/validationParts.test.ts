// The pieces validation is built from: durations as the CI reads them, rule-file detection, id keys.
import { strict as assert } from 'node:assert';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { isRuleFile } from '../../server/src/core/ruleFiles';
import { DAY_MS, HOUR_MS, MINUTE_MS, readDuration } from '../../server/src/validation/durations';
import { indexRuleId, ruleIdKey } from '../../server/src/validation/ruleIds';
import { seedText } from './validationHelpers';

describe('validation: durations', () => {
  const ok: [string, number][] = [
    ['5m', 5 * MINUTE_MS], ['1h', HOUR_MS], ['14d', 14 * DAY_MS], ['01:00:00', HOUR_MS], ['1.00:00:00', DAY_MS],
    ['00:05', 5 * MINUTE_MS], ['14.00:00:00', 14 * DAY_MS], ['2', 2 * DAY_MS],
  ];
  for (const [text, ms] of ok) it(`reads ${text}`, () => assert.deepEqual(readDuration(text), { ok: true, ms }));

  const rejected: [string, string | undefined][] = [
    ['PT1H', '1h'], ['P1D', '1d'], ['PT30M', '30m'], ['PT90M', '90m'], ['P1DT12H', '36h'], ['1H', '1h'], ['5M', '5m'],
    ['1 hour', undefined], ['7d // comment', undefined], ['', undefined], ['24:00:00', undefined], ['1w', undefined], ['PT', undefined],
  ];
  for (const [text, suggestion] of rejected) {
    it(`rejects ${JSON.stringify(text)}${suggestion ? ` suggesting ${suggestion}` : ''}`, () => {
      assert.deepEqual(readDuration(text), { ok: false, suggestion });
    });
  }
});

describe('validation: which files are rules', () => {
  it('any YAML in a rule folder', () => {
    assert.ok(isRuleFile('/repo/Solutions/X/Analytic Rules/a.yaml', 'foo: bar'));
    assert.ok(isRuleFile('C:\\repo\\Detections\\SecurityEvent\\a.yml', ''));
    assert.ok(!isRuleFile('/repo/Solutions/X/Analytic Rules/readme.md', 'query: x\nid: 1\nkind: y'));
    assert.ok(!isRuleFile('/repo/MyDetections/a.yaml', 'foo: bar'), 'a folder name must match whole');
    assert.ok(!isRuleFile('/repo/Detections/a.tests.yaml', 'cases: []'), 'a rule test file is not a rule');
  });

  it('a YAML whose top level has query and two of the rule keys', () => {
    assert.ok(isRuleFile('/x/seed.yaml', seedText));
    assert.ok(isRuleFile('/x/a.yaml', 'query: T\nkind: NRT\nseverity: High\n'));
    assert.ok(!isRuleFile('/x/a.yaml', 'query: T\nkind: NRT\n'), 'only one rule key besides query');
    assert.ok(!isRuleFile('/x/a.yaml', 'id: 1\nkind: NRT\nseverity: High\n'), 'no query');
    assert.ok(!isRuleFile('/x/a.yaml', 'spec:\n  query: T\n  id: 1\n  kind: x\n'), 'nested keys do not count');
    assert.ok(!isRuleFile('/x/a.json', seedText), 'not YAML');
  });

  it('reads the keys of a parsed document the same way, even half-typed', () => {
    assert.ok(isRuleFile('/x/a.yaml', new RuleDocument(seedText)));
    assert.ok(!isRuleFile('/x/a.yaml', new RuleDocument('steps:\n  - run: echo\n')));
    assert.ok(isRuleFile('/x/a.yaml', `${seedText}\nbroken: [`), 'text with a syntax error is still recognised');
  });

  it('user globs add files', () => {
    assert.ok(isRuleFile('/ws/rules/custom/a.yaml', 'foo: 1', ['rules/**/*.yaml']));
    assert.ok(isRuleFile('/ws/x/a.rule.yaml', 'foo: 1', ['*.rule.yaml']));
    assert.ok(!isRuleFile('/ws/x/a.yaml', 'foo: 1', ['rules/**/*.yaml']));
  });
});

describe('validation: rule id index', () => {
  it('compares ids as exact text, as the CI groups them', () => {
    assert.equal(ruleIdKey(' d58035ff-0bac-4c61-a7f4-f58939ff9764'), ruleIdKey('d58035ff-0bac-4c61-a7f4-f58939ff9764'));
    assert.notEqual(ruleIdKey('D58035FF-0BAC-4C61-A7F4-F58939FF9764'), ruleIdKey('d58035ff-0bac-4c61-a7f4-f58939ff9764'));
  });

  it('indexes each file once per id', () => {
    const index = new Map<string, string[]>();
    indexRuleId(index, new RuleDocument(seedText, 'a.yaml'));
    indexRuleId(index, new RuleDocument(seedText, 'a.yaml'));
    indexRuleId(index, new RuleDocument(seedText, 'b.yaml'));
    indexRuleId(index, new RuleDocument('name: no id', 'c.yaml'));
    assert.deepEqual([...index.values()], [['a.yaml', 'b.yaml']]);
  });
});
