// Golden tests of what we rely on in Kusto.Language: the package version, node kind names (including the
// `in~` = InCsExpression naming trap), result schemas and editor services. An upgrade that changes any of it
// fails here, not for users.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { buildGlobals, kindName, Syntax } from '../../server/src/kusto/bridge';
import { analyse } from '../../server/src/kusto/analysis';
import { completion, quickInfo } from '../../server/src/kusto/editor';

const globals = buildGlobals([
  { name: 'T', columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'RemoteIP', type: 'string' }, { name: 'Port', type: 'int' }, { name: 'Cmd', type: 'string' }] },
]);

function kindsOf(query: string): string[] {
  const kinds: string[] = [];
  const visit = (el: Kusto.Language.Syntax.SyntaxElement | null): void => {
    if (!el) return;
    if (!el.IsToken) kinds.push(kindName(el.Kind));
    for (let i = 0; i < el.ChildCount; i++) visit(el.GetChild(i));
  };
  visit(analyse(query, globals).code.Syntax);
  return kinds;
}

describe('kusto adapter (Kusto.Language golden tests)', () => {
  it('is the pinned package version', () => {
    const pkg = JSON.parse(readFileSync('node_modules/@kusto/language-service-next/package.json', 'utf8'));
    const ours = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.equal(ours.dependencies['@kusto/language-service-next'], '12.4.1');
    assert.equal(pkg.version, '12.4.1');
  });

  it('names the in-family operators as we map them (InCs = in~, NotInCs = !in~)', () => {
    const expect: [string, string][] = [
      ['Cmd in ("a")', 'InExpression'], ['Cmd in~ ("a")', 'InCsExpression'],
      ['Cmd !in ("a")', 'NotInExpression'], ['Cmd !in~ ("a")', 'NotInCsExpression'],
      ['Cmd =~ "a"', 'EqualTildeExpression'], ['Cmd !~ "a"', 'BangTildeExpression'],
      ['Cmd has "a"', 'HasExpression'], ['Cmd has_any ("a")', 'HasAnyExpression'],
      ['Port between (1 .. 2)', 'BetweenExpression'], ['Cmd contains "a"', 'ContainsExpression'],
    ];
    for (const [cond, kind] of expect) assert.ok(kindsOf(`T | where ${cond}`).includes(kind), `${cond} -> ${kind}`);
  });

  it('names the operators and statements we walk', () => {
    const kinds = kindsOf('let x = materialize(T | project RemoteIP);\nT | where Port == 1 | summarize count() by RemoteIP | join kind=inner (x) on RemoteIP | extend y = 1 | project-away y');
    for (const k of ['QueryBlock', 'LetStatement', 'MaterializeExpression', 'PipeExpression', 'FilterOperator', 'SummarizeOperator', 'JoinOperator', 'ExtendOperator', 'ProjectOperator', 'ProjectAwayOperator', 'ExpressionStatement', 'FunctionCallExpression', 'NameReference']) {
      assert.ok(kinds.includes(k), k);
    }
    assert.ok(Syntax.QueryOperator, 'QueryOperator class exists');
  });

  it('gives the output columns with KQL naming (count_, set_X, join duplicates) and the schema per stage', () => {
    const a = analyse('T | summarize count(), make_set(Cmd) by RemoteIP', globals);
    assert.deepEqual(a.outputColumns, [{ name: 'RemoteIP', type: 'string' }, { name: 'count_', type: 'long' }, { name: 'set_Cmd', type: 'dynamic' }]);
    const j = analyse('T | join kind=inner (T) on RemoteIP | where Port1 > 0', globals);
    assert.deepEqual(j.outputColumns.map((c) => c.name), ['Timestamp', 'RemoteIP', 'Port', 'Cmd', 'Timestamp1', 'RemoteIP1', 'Port1', 'Cmd1']);
    assert.deepEqual(j.stages.map((s) => s.operator), ['JoinOperator', 'FilterOperator']);
    assert.equal(j.stages[0].columns.length, 8);
    assert.deepEqual(j.tablesRead.map((t) => t.name), ['T', 'T']);
    assert.deepEqual(analyse('union (table("T")), T', globals).tablesRead.map((t) => [t.name, t.start]), [['T', 7], ['T', 20]]);
    assert.deepEqual(j.diagnostics, []);
  });

  it('marks syntax diagnostics and gives codes, severities and offsets', () => {
    const a = analyse('T | where Cmd == "abc', globals);
    const syntax = a.diagnostics.filter((d) => d.isSyntax);
    assert.equal(syntax[0].code, 'KS001');
    assert.equal(syntax[0].severity, 'error');
    const u = analyse('Nope | take 1', globals);
    assert.deepEqual(u.diagnostics.map((d) => [d.code, d.start, d.length, d.isSyntax]), [['KS204', 0, 4, false]]);
    const c = analyse('T | where Cmdd == 1', globals);
    assert.deepEqual(c.diagnostics.map((d) => [d.code, d.start, d.length]), [['KS142', 10, 4]]);
  });

  it('runs the best-practice analyzer only when asked', () => {
    const q = 'T | where Cmd contains "abc"';
    assert.deepEqual(analyse(q, globals).analyzerDiagnostics, []);
    const found = analyse(q, globals, { bestPractices: true }).analyzerDiagnostics;
    assert.deepEqual(found.map((d) => [d.code, d.severity, d.start, d.length]), [['KS500', 'information', 14, 8]]);
  });

  it('gives quick info and completion at offsets of the query', () => {
    const q = 'T\n| where Port > 0\n| where ';
    assert.deepEqual(quickInfo(q, globals, q.indexOf('Port')), ['Port: int']);
    const c = completion(q, globals, q.length);
    assert.equal(c.editStart, q.length);
    const columns = c.items.filter((i) => i.kind === 'Column').map((i) => i.label).sort();
    assert.deepEqual(columns, ['Cmd', 'Port', 'RemoteIP', 'Timestamp']);
    const afterPipe = completion('T | ', globals, 4).items.map((i) => i.label);
    assert.ok(afterPipe.includes('where') && afterPipe.includes('summarize'), 'operators after a pipe');
  });
});
