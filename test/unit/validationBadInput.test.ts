// Input that is not a rule, or barely text: one clear diagnostic each, never a throw or a flood.
import { strict as assert } from 'node:assert';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { analyzeRule } from '../../server/src/core/features';
import { seedText, validate } from './validationHelpers';

describe('validation: bad input', () => {
  const cases: [name: string, text: string, code: string][] = [
    ['an empty file', '', 'SR101'],
    ['only blanks and comments', '\n  \n# nothing\n', 'SR101'],
    ['a scalar document', 'just some words', 'SR101'],
    ['non-YAML text', '{{{ not yaml ::: ]]\n[[[', 'SR100'],
    ['tab indentation', seedText.replace('  - LateralMovement', '\t- LateralMovement'), 'SR100'],
    ['binary bytes', `id: x\n\u0000\u0001\u0002\u0089PNG\r\n\u001a`, 'SR100'],
    ['a deeply nested flow document', `a: ${'['.repeat(3000)}${']'.repeat(3000)}`, 'SR100'],
    ['a deeply nested block document', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), 'SR100'],
    ['an unclosed flow sequence', 'id: [1, 2\nname: x\n', 'SR100'],
    ['two YAML documents', `${seedText}\n---\nid: other\n`, 'SR100'],
  ];
  for (const [name, text, code] of cases) {
    it(`${name}: exactly one ${code}`, () => {
      const found = validate(text);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0].code, code);
      assert.equal(found[0].severity, 'error');
      assert.ok(found[0].range.start.line >= 0);
    });
  }

  it('the binary diagnostic points at the first non-printable character', () => {
    const [d] = validate('id: abc\nname: x\u0000y\n');
    assert.deepEqual(d.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } });
  });

  it('a 5 MB rule (huge query) gives one length error at the query key', function () {
    this.timeout(120_000);
    const big = seedText.replace('query: |\n', `query: |\n${'  | where FileName == "x.exe"\n'.repeat(180000)}`);
    assert.ok(big.length > 5_000_000);
    const found = validate(big);
    assert.deepEqual(found.map((d) => d.code), ['SR106']);
    assert.equal(found[0].range.start.line, found[0].range.end.line, 'marked at the key, not over 180000 lines');
  });

  it('a 5 MB rule (huge list) is validated without complaint', function () {
    this.timeout(120_000);
    const big = `${seedText}\ntags:\n${'  - a tag value long enough to fill five megabytes\n'.repeat(100000)}`;
    assert.ok(big.length > 5_000_000);
    assert.deepEqual(validate(big), []);
  });

  it('every registered feature survives the bad inputs', async function () {
    this.timeout(180_000); // the first KQL analysis loads Kusto.Language
    for (const [, text] of cases) await analyzeRule(new RuleDocument(text, 'bad.yaml'), { roots: [] });
  });
});
