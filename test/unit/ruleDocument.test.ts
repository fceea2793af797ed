import { strict as assert } from 'node:assert';
import { RuleDocument } from '../../server/src/core/ruleDocument';

describe('RuleDocument', () => {
  it('locates keys and values with their paths', () => {
    const doc = new RuleDocument('id: x\nentityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: FullName\n');
    const offset = doc.text.indexOf('FullName') + 2;
    const at = doc.locate(offset);
    assert.deepEqual(at.path, ['entityMappings', 0, 'fieldMappings', 0, 'identifier']);
    assert.equal(at.onKey, false);
    assert.deepEqual(doc.keyRange(['entityMappings']), { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } });
  });

  it('refuses absurdly nested documents with one error instead of overflowing the parser', () => {
    const flow = new RuleDocument('a: ' + '['.repeat(20000) + ']'.repeat(20000));
    assert.equal(flow.yaml.errors.length, 1);
    assert.match(flow.yaml.errors[0].message, /nested more than 1000 levels/);
    assert.deepEqual(flow.yaml.errors[0].pos, [1003, 1004]);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(' '.repeat(i) + 'k:');
    assert.equal(new RuleDocument(lines.join('\n')).yaml.errors.length, 1);
  });

  it('parses ordinary nesting', () => {
    assert.equal(new RuleDocument('a:\n  - b: [1, {c: [2, 3]}]\n').yaml.errors.length, 0);
  });
});
