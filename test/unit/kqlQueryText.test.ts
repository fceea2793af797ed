import { strict as assert } from 'node:assert';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import { findQuery, toDocument, toQuery, documentRange } from '../../server/src/kql/queryText';
import type { QueryText } from '../../server/src/kql/queryText';

function query(yaml: string): { rule: RuleDocument; q: QueryText } {
  const rule = new RuleDocument(yaml);
  const found = findQuery(rule);
  assert.equal(found.kind, 'string');
  return { rule, q: (found as { query: QueryText }).query };
}

/** Every character of the query that is copied verbatim lands on the same character in the document. */
function assertVerbatimCharsMap(yaml: string, q: QueryText, skip: (ch: string) => boolean = () => false): void {
  assert.ok(q.exact, 'mapping is exact');
  for (let i = 0; i < q.text.length; i++) {
    const ch = q.text[i];
    if (ch === '\n' || ch === ' ' || skip(ch)) continue;
    assert.equal(yaml[toDocument(q, i)], ch, `query offset ${i} (${JSON.stringify(ch)})`);
  }
}

/** The document position of the first occurrence of `needle` in the query. */
function positionOf(rule: RuleDocument, q: QueryText, needle: string) {
  const i = q.text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return documentRange(rule, q, i, needle.length);
}

describe('kql query text: position mapping between query and YAML', () => {
  it('literal block `|` with a nested more-indented line and a tab', () => {
    const yaml = 'id: x\nquery: |\n  SecurityEvent\n  | where\tEventID == 4624\n      and Account has "adm"\n  | project Account\nseverity: Low\n';
    const { rule, q } = query(yaml);
    assert.equal(q.text, 'SecurityEvent\n| where\tEventID == 4624\n    and Account has "adm"\n| project Account\n');
    assertVerbatimCharsMap(yaml, q);
    assert.deepEqual(positionOf(rule, q, 'Account has'), { start: { line: 4, character: 10 }, end: { line: 4, character: 21 } });
    assert.deepEqual(positionOf(rule, q, 'EventID'), { start: { line: 3, character: 10 }, end: { line: 3, character: 17 } });
  });

  it('literal block `|-` (strip) and `|+` (keep) with blank lines inside', () => {
    const yaml = 'query: |-\n    T\n\n    | take 1\n\n\nid: y\n';
    const { rule, q } = query(yaml);
    assert.equal(q.text, 'T\n\n| take 1');
    assertVerbatimCharsMap(yaml, q);
    assert.deepEqual(positionOf(rule, q, 'take'), { start: { line: 3, character: 6 }, end: { line: 3, character: 10 } });
    const keep = query('query: |+\n  T\n\n');
    assert.equal(keep.q.text, 'T\n\n');
    assert.ok(keep.q.exact);
  });

  it('folded block `>` joins lines with spaces; positions stay on their lines', () => {
    const yaml = 'query: >\n  SigninLogs\n  | where ResultType != 0\n\n  | summarize count()\n';
    const { rule, q } = query(yaml);
    assert.equal(q.text, 'SigninLogs | where ResultType != 0\n| summarize count()\n');
    assertVerbatimCharsMap(yaml, q);
    assert.deepEqual(positionOf(rule, q, 'summarize'), { start: { line: 4, character: 4 }, end: { line: 4, character: 13 } });
  });

  it('block scalar with an explicit indentation indicator `|2`', () => {
    const yaml = 'query: |2\n    T\n  | take 1\n';
    const { q } = query(yaml);
    assert.equal(q.text, '  T\n| take 1\n');
    assertVerbatimCharsMap(yaml, q);
  });

  it('CRLF files: line breaks map to the carriage return, characters to themselves', () => {
    const yaml = 'id: a\r\nquery: |\r\n  DeviceEvents\r\n  | where ActionType == "x"\r\nkind: Scheduled\r\n';
    const { rule, q } = query(yaml);
    assert.equal(q.text, 'DeviceEvents\n| where ActionType == "x"\n');
    assertVerbatimCharsMap(yaml, q);
    assert.equal(yaml[toDocument(q, q.text.indexOf('\n'))], '\r');
    assert.deepEqual(positionOf(rule, q, 'ActionType'), { start: { line: 3, character: 10 }, end: { line: 3, character: 20 } });
  });

  it('plain multi-line scalar folds its lines', () => {
    const yaml = 'query: SecurityEvent\n  | where EventID == 1\n  | take 5\nid: z\n';
    const { rule, q } = query(yaml);
    assert.equal(q.text, 'SecurityEvent | where EventID == 1 | take 5');
    assertVerbatimCharsMap(yaml, q);
    assert.deepEqual(positionOf(rule, q, 'take'), { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
  });

  it("single-quoted scalar with '' escapes over two lines", () => {
    const yaml = "query: 'T | where A == ''x''\n  | take 1'\n";
    const { rule, q } = query(yaml);
    assert.equal(q.text, "T | where A == 'x' | take 1");
    assertVerbatimCharsMap(yaml, q);
    assert.deepEqual(positionOf(rule, q, 'take'), { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } });
  });

  it('double-quoted scalar with escapes: each decoded character maps to its escape', () => {
    const yaml = 'query: "T | where A == \\"x\\"\\n| where B has \\u0041bc\\t"\n';
    const { rule, q } = query(yaml);
    assert.equal(q.text, 'T | where A == "x"\n| where B has Abc\t');
    assertVerbatimCharsMap(yaml, q, (ch) => ch === '"' || ch === 'A' || ch === '\t');
    assert.equal(yaml.slice(toDocument(q, q.text.indexOf('"')), toDocument(q, q.text.indexOf('"')) + 2), '\\"');
    assert.deepEqual(positionOf(rule, q, 'has'), { start: { line: 0, character: 40 }, end: { line: 0, character: 43 } });
  });

  it('maps document offsets back into the query (hover and completion)', () => {
    const yaml = 'query: |\n  T\n  | where X\n';
    const { q } = query(yaml);
    assert.equal(toQuery(q, yaml.indexOf('where')), q.text.indexOf('where'));
    // The indentation before a line maps to that line's first character.
    assert.equal(toQuery(q, yaml.indexOf('| where') - 1), q.text.indexOf('| where'));
    assert.equal(toQuery(q, 0), undefined);
  });

  it('a non-string or missing query is reported as such, not mapped', () => {
    assert.deepEqual(findQuery(new RuleDocument('id: x\n')), { kind: 'missing' });
    const n = findQuery(new RuleDocument('query: 42\n'));
    assert.equal(n.kind, 'notString');
    assert.equal((n as { typeName: string }).typeName, 'number');
    assert.equal(findQuery(new RuleDocument('query:\n  - a\n')).kind, 'notString');
    assert.equal(findQuery(new RuleDocument('query:\n')).kind, 'notString');
  });
});
