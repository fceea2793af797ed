import assert from 'node:assert/strict';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import type { CompletionEntry } from '../../server/src/core/types';
import { completeRuleField } from '../../server/src/ruleHelp/completion';
import { hoverRuleField } from '../../server/src/ruleHelp/hover';
import { entityIdentifiers, schemaAt } from '../../server/src/validation/ruleSchema';

/** A document and the offset of the `|` cursor marker in `marked` (the marker is removed). */
function at(marked: string): { rule: RuleDocument; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | cursor marker');
  return { rule: new RuleDocument(marked.slice(0, offset) + marked.slice(offset + 1), 'file:///w/Analytic%20Rules/r.yaml'), offset };
}

const complete = (marked: string) => { const { rule, offset } = at(marked); return completeRuleField(rule, offset); };
const hover = (marked: string) => { const { rule, offset } = at(marked); return hoverRuleField(rule, offset); };
const labels = (entries: CompletionEntry[]) => entries.map((e) => e.label);
const mapping = (type: string, identifier: string) =>
  `entityMappings:\n  - entityType: ${type}\n    fieldMappings:\n      - identifier: ${identifier}\n        columnName: X\n`;

describe('ruleHelp hover', () => {
  it('describes a field from the schema', () => {
    const h = hover('id: x\nsev|erity: Medium\n');
    assert.ok(h);
    assert.ok(h.markdown.includes(schemaAt(['severity'])!.description!), h.markdown);
    assert.match(h.markdown, /Allowed values: `Informational`, `Low`, `Medium`, `High`/);
    assert.deepEqual(h.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } });
  });

  it('describes nested fields of entity mappings', () => {
    const h = hover(mapping('Host', 'FullName').replace('fieldMappings', 'field|Mappings'));
    assert.ok(h?.markdown.includes(schemaAt(['entityMappings', 0, 'fieldMappings'])!.description!));
  });

  it('describes an enum value with its schema description', () => {
    const h = hover('kind: Sched|uled\n');
    const kind = schemaAt(['kind'])!;
    assert.ok(h?.markdown.includes(kind['x-enumDescriptions']![kind.enum!.indexOf('Scheduled')]), h?.markdown);
  });

  it('describes an entity type', () => {
    const h = hover(mapping('Ho|st', 'FullName'));
    assert.match(h!.markdown, /\*\*`Host`\*\*/);
    assert.match(h!.markdown, /computer or device/i);
  });

  it('says whether an identifier identifies its entity alone', () => {
    assert.match(hover(mapping('Host', 'Full|Name'))!.markdown, /identifier of the \*\*Host\*\* entity\. It identifies the entity on its own/);
    assert.match(hover(mapping('Host', 'DnsDo|main'))!.markdown, /does not identify the entity on its own/);
    assert.match(hover(mapping('FileHash', 'Algo|rithm'))!.markdown, /together with `Value`/);
  });

  it('flags an identifier the entity type does not have', () => {
    assert.match(hover(mapping('IP', 'Full|Name'))!.markdown, /`FullName` is not an identifier of the \*\*IP\*\* entity/);
  });

  it('says nothing about the user\'s own keys (customDetails entries)', () => {
    assert.equal(hover('customDetails:\n  Comm|and: ProcessCommandLine\n'), undefined);
  });

  it('leaves free text (the query) to other features', () => {
    assert.equal(hover('query: |\n  Device|Events\n'), undefined);
    assert.equal(hover('name: Some |name\n'), undefined);
  });
});

describe('ruleHelp completion', () => {
  it('completes top-level keys that are not present yet, replacing the typed word', () => {
    const entries = complete('id: x\nsev|\nname: y\n');
    const severity = entries.find((e) => e.label === 'severity');
    assert.ok(severity);
    assert.deepEqual(severity.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    assert.match(severity.insertText!, /^severity: \$\{1\|Informational,Low,Medium,High\|\}$/);
    assert.ok(!labels(entries).includes('id') && !labels(entries).includes('name'));
    assert.ok(!labels(entries).some((l) => l.startsWith('new ')), 'no whole-rule snippet inside a rule');
  });

  it('offers a whole-rule snippet with a fresh GUID in an empty document', () => {
    const first = complete('|').find((e) => e.label === 'new Scheduled rule');
    const second = complete('|').find((e) => e.label === 'new Scheduled rule');
    const guid = /^id: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/m;
    assert.ok(first?.isSnippet && guid.test(first.insertText!));
    assert.notEqual(guid.exec(first.insertText!)![1], guid.exec(second!.insertText!)![1]);
    assert.ok(labels(complete('|')).includes('new NRT rule'));
  });

  it('completes enum values after the key, replacing the value typed so far', () => {
    const entries = complete('severity: Me|d  # comment\n');
    assert.deepEqual(labels(entries), ['Informational', 'Low', 'Medium', 'High']);
    assert.deepEqual(entries[0].range, { start: { line: 0, character: 10 }, end: { line: 0, character: 13 } });
  });

  it('completes entity types', () => {
    const entries = complete('entityMappings:\n  - entityType: |\n');
    assert.deepEqual(labels(entries), schemaAt(['entityMappings', 0, 'entityType'])!.enum);
  });

  it('completes only the identifiers of the entity type at hand', () => {
    const text = 'entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: A\n'
      + '  - entityType: Host\n    fieldMappings:\n      - identifier: |\n';
    assert.deepEqual(labels(complete(text)), entityIdentifiers.Host);
  });

  it('completes the keys of a field mapping and of an entity mapping, with the entity mapping snippet', () => {
    assert.deepEqual(labels(complete(mapping('Host', 'FullName').replace('        columnName: X\n', '        |\n'))), ['columnName']);
    const item = complete('entityMappings:\n  - |\n');
    assert.ok(labels(item).includes('entityType') && labels(item).includes('entity mapping'));
    assert.match(item.find((e) => e.label === 'entity mapping')!.insertText!, /^entityType: \$\{1\|Account,Host,/);
  });

  it('completes connector ids from ValidConnectorIds.json', () => {
    const entries = complete('requiredDataConnectors:\n  - connectorId: Micro|\n');
    assert.ok(labels(entries).includes('MicrosoftThreatProtection'));
    assert.deepEqual(entries[0].range, { start: { line: 1, character: 17 }, end: { line: 1, character: 22 } });
  });

  it('completes true/false for booleans', () => {
    assert.deepEqual(labels(complete('suppressionEnabled: |\n')), ['true', 'false']);
  });

  it('offers nothing inside the query or a comment', () => {
    assert.deepEqual(complete('query: |\n  DeviceEvents\n  | wh|\n'), []);
    assert.deepEqual(complete('# sev|\n'), []);
  });

  it('works the same in a CRLF file', () => {
    const entries = complete('id: x\r\nseverity: Me|d\r\nname: y\r\n');
    assert.deepEqual(labels(entries), ['Informational', 'Low', 'Medium', 'High']);
    assert.deepEqual(entries[0].range, { start: { line: 1, character: 10 }, end: { line: 1, character: 13 } });
    const identifiers = complete('entityMappings:\r\n  - entityType: Host\r\n    fieldMappings:\r\n      - identifier: |\r\n');
    assert.deepEqual(labels(identifiers), entityIdentifiers.Host);
  });

  it('does not offer keys for an item of a list of scalars', () => {
    assert.deepEqual(complete('tactics:\n  - Execution\n  - |\n'), []);
  });
});
