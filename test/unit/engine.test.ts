// The embedded KQL engine, operator by operator, on datatable inputs. Expected rows come from the examples of
// Microsoft's KQL documentation where one exists (the page is named in the test title, relative to
// https://learn.microsoft.com/kusto/query/), and from the traps of kql-semantics.md §9.
import { strict as assert } from 'node:assert';
import {
  CancelledError, compileQuery, KqlRuntimeError, QueryError, UnsupportedError,
} from '../../server/src/engine';
import type { Table } from '../../server/src/engine/table';
import { toText } from '../../server/src/engine/functions/convert';
import { tableToCsv, tableToJson } from '../../server/src/engine/format';
import { formatDatetime, parseDatetime, TICKS_PER_DAY } from '../../server/src/engine/values';

const NOW = parseDatetime('2024-01-10T00:00:00Z')!;

const EVENTS: Table = {
  columns: [{ name: 'Name', type: 'string' }, { name: 'Count', type: 'long' }, { name: 'When', type: 'datetime' }],
  rows: [
    ['a', 1, parseDatetime('2024-01-01T10:00:00Z')],
    ['b', 5, parseDatetime('2024-01-02T11:30:00Z')],
    ['a', null, parseDatetime('2024-01-02T12:00:00Z')],
    ['', 7, null],
  ],
};

function run(query: string, tables: Record<string, Table> = { Events: EVENTS }) {
  const schemas = Object.entries(tables).map(([name, t]) => ({ name, columns: t.columns }));
  return compileQuery(query, { tables: schemas }).runWithStats((n) => tables[n], { now: NOW });
}

/** Rows as Kusto prints them (datetimes ISO, dynamic as JSON), for readable expectations. */
function text(query: string, tables?: Record<string, Table>): string[][] {
  const { table } = run(query, tables);
  return table.rows.map((r) => r.map((v, i) => (table.columns[i].type === 'dynamic' ? JSON.stringify(v) : toText(v, table.columns[i].type))));
}

function columns(query: string): string[] {
  return run(query).table.columns.map((c) => c.name);
}

const X = 'datatable(Key:string, Value1:long)["a",1, "b",2, "b",3, "c",4]';
const Y = 'datatable(Key:string, Value2:long)["b",10, "c",20, "c",30, "d",40]';

describe('engine: where and null semantics', () => {
  it('where drops rows whose predicate is null or false (where-operator)', () => {
    assert.deepEqual(text('Events | where Count > 1 | project Name'), [['b'], ['']]);
  });
  it('!= keeps null rows, == does not (trap 6, scalar-data-types/null-values)', () => {
    assert.deepEqual(text('datatable(x:long)[1, long(null), 5] | where x != 5'), [['1'], ['']]);
    assert.deepEqual(text('datatable(x:long)[1, long(null), 5] | where x == 5'), [['5']]);
  });
  it('and/or use three-valued logic', () => {
    assert.deepEqual(text('datatable(x:long)[long(null)] | extend a = x > 1 and false, o = x > 1 or true'), [['', 'false', 'true']]);
  });
});

describe('engine: extend and project', () => {
  it('extend of an existing column replaces it where Kusto.Language places it (extend-operator)', () => {
    // kql-semantics.md says the replacement moves to the end; the analyzer (the Sentinel CI's) keeps it in
    // place, and the engine's columns are the analyzer's.
    assert.deepEqual(columns('Events | extend Name = strcat(Name, "!")'), ['Name', 'Count', 'When']);
    assert.deepEqual(text('Events | take 1 | extend Name = strcat(Name, "!")')[0], ['a!', '1', '2024-01-01T10:00:00.0000000Z']);
  });
  it('new columns are appended in order', () => {
    assert.deepEqual(text('Events | take 1 | extend x = Count + 1 | extend y = x * 2 | project-away Name, When'), [['1', '2', '4']]);
  });
  it('project computes, renames and orders (project-operator)', () => {
    assert.deepEqual(text('Events | take 2 | project C = Count * 10, Name'), [['10', 'a'], ['50', 'b']]);
  });
  it('project-away with a wildcard, project-keep, project-rename, project-reorder', () => {
    assert.deepEqual(columns('Events | project-away C*'), ['Name', 'When']);
    assert.deepEqual(columns('Events | project-keep W*, Name'), ['Name', 'When']);
    assert.deepEqual(columns('Events | project-rename N = Name'), ['N', 'Count', 'When']);
    assert.deepEqual(columns('Events | project-reorder When, Count'), ['When', 'Count', 'Name']);
  });
  it('dynamic access: paths, indexes (negative from the end), missing keys are null', () => {
    assert.deepEqual(text('print d = dynamic({"a": {"b": [1, 2, 3]}}) | project x = d.a.b[-1], y = d["a"].b[0], z = d.q'), [['3', '1', 'null']]);
  });
});

describe('engine: summarize', () => {
  it('default names count_, set_X, and bin keeps the column name (summarize-operator)', () => {
    assert.deepEqual(columns('Events | summarize count(), make_set(Name) by bin(When, 1d)'), ['When', 'count_', 'set_Name']);
    assert.deepEqual(text('Events | where isnotnull(When) | summarize count() by bin(When, 1d) | sort by When asc'),
      [['2024-01-01T00:00:00.0000000Z', '1'], ['2024-01-02T00:00:00.0000000Z', '2']]);
  });
  it('empty input: no by gives one row, with by gives none (trap 8)', () => {
    assert.deepEqual(text('Events | where false | summarize count(), sum(Count)'), [['0', '0']]);
    assert.deepEqual(text('Events | where false | summarize count() by Name'), []);
  });
  it('null and empty keys are ordinary groups; count(x) counts nulls', () => {
    assert.deepEqual(text('datatable(k:long, y:long)[1, 1, long(null), 2, long(null), long(null)] | summarize count() by k'), [['1', '1'], ['', '2']]);
    assert.deepEqual(text('Events | summarize n = count() by Name | sort by Name asc'), [['', '1'], ['a', '2'], ['b', '1']]);
  });
  it('arg_max(e, *) returns the whole row (arg-max-aggregation-function)', () => {
    assert.deepEqual(text('Events | summarize arg_max(Count, *) by Name | sort by Name asc'),
      [['', '7', ''], ['a', '1', '2024-01-01T10:00:00.0000000Z'], ['b', '5', '2024-01-02T11:30:00.0000000Z']]);
  });
  it('arg_max with all-null e still outputs the group (arg-max docs: Banana | null | Yellow)', () => {
    assert.deepEqual(text('datatable(F:string, N:long, C:string)["Banana", long(null), "Yellow"] | summarize arg_max(N, C) by F'), [['Banana', '', 'Yellow']]);
  });
  it('(a, b) = arg_min(…) and expressions over aggregates', () => {
    assert.deepEqual(text('Events | where isnotempty(Name) | summarize (First, C) = arg_min(When, Count), n = count() * 10, s = tostring(take_any(Name)) by Name | project Name, C, n'),
      [['a', '1', '20'], ['b', '5', '10']]);
  });
});

describe('engine: join and lookup (join-operator)', () => {
  it('default kind is innerunique: the left side de-duplicated on the key (join-innerunique, trap 1)', () => {
    assert.deepEqual(text(`${X} | join ${Y} on Key`), [['b', '2', 'b', '10'], ['c', '4', 'c', '20'], ['c', '4', 'c', '30']]);
    assert.deepEqual(columns(`Events | join (Events) on Name`), ['Name', 'Count', 'When', 'Name1', 'Count1', 'When1']);
  });
  it('kind=inner keeps every pair', () => {
    assert.deepEqual(text(`${X} | join kind=inner ${Y} on Key | project Value1, Value2`), [['2', '10'], ['3', '10'], ['4', '20'], ['4', '30']]);
  });
  it('kind=leftouter fills unmatched strings with "" and other types with null', () => {
    assert.deepEqual(text(`${X} | join kind=leftouter ${Y} on Key`),
      [['a', '1', '', ''], ['b', '2', 'b', '10'], ['b', '3', 'b', '10'], ['c', '4', 'c', '20'], ['c', '4', 'c', '30']]);
  });
  it('semi, anti, rightouter and fullouter kinds', () => {
    assert.deepEqual(text(`${X} | join kind=leftsemi ${Y} on Key`), [['b', '2'], ['b', '3'], ['c', '4']]);
    assert.deepEqual(text(`${X} | join kind=leftanti ${Y} on Key`), [['a', '1']]);
    assert.deepEqual(text(`${X} | join kind=rightsemi ${Y} on Key`), [['b', '10'], ['c', '20'], ['c', '30']]);
    assert.deepEqual(text(`${X} | join kind=rightanti ${Y} on Key`), [['d', '40']]);
    assert.equal(text(`${X} | join kind=fullouter ${Y} on Key`).length, 6);
    assert.deepEqual(text(`${X} | join kind=rightouter ${Y} on Key | where isempty(Key)`), [['', '', 'd', '40']]);
  });
  it('$left/$right conditions mixed with plain column names', () => {
    const L = 'datatable(A:string, D:long, V:long)["x", 1, 7, "y", 2, 8]';
    const R = 'datatable(B:string, D:long, W:long)["x", 1, 70, "x", 2, 71, "y", 2, 80]';
    assert.deepEqual(text(`${L} | join kind=inner ${R} on $left.A == $right.B, D | project V, W`), [['7', '70'], ['8', '80']]);
  });
  it('typed null keys never match', () => {
    assert.deepEqual(text('datatable(k:long)[long(null)] | join kind=inner (datatable(k:long)[long(null)]) on k'), []);
  });
  it('lookup: default leftouter, key columns once (lookup-operator)', () => {
    assert.deepEqual(columns(`Events | lookup (datatable(Name:string, Label:string)["a", "A"]) on Name`), ['Name', 'Count', 'When', 'Label']);
    assert.deepEqual(text(`${X} | lookup (datatable(Key:string, L:string)["a","A"]) on Key`).map((r) => r[2]), ['A', '', '', '']);
    assert.deepEqual(text(`${X} | lookup kind=inner (datatable(Key:string, L:string)["a","A"]) on Key`), [['a', '1', 'A']]);
  });
});

describe('engine: union', () => {
  it('kind=outer unions columns, fills missing cells (union-operator)', () => {
    assert.deepEqual(text('union (datatable(a:long)[1]), (datatable(b:string)["x"])'), [['1', ''], ['', 'x']]);
  });
  it('withsource names each row\'s table; isfuzzy=true skips tables absent from the data', () => {
    const tables = { Events: EVENTS, Other: { columns: [{ name: 'Name', type: 'string' as const }], rows: [['z']] } };
    const q = 'union withsource=Src isfuzzy=true Events, Other | summarize count() by Src | sort by Src asc';
    assert.deepEqual(text(q, tables), [['Events', '4'], ['Other', '1']]);
    const schemas = [{ name: 'Events', columns: EVENTS.columns }, { name: 'Missing', columns: EVENTS.columns }];
    const fuzzy = compileQuery('union isfuzzy=true Events, Missing', { tables: schemas }).run((n) => (n === 'Events' ? EVENTS : undefined), { now: NOW });
    assert.equal(fuzzy.rows.length, 4);
    assert.throws(() => compileQuery('union Events, Missing', { tables: schemas }).run((n) => (n === 'Events' ? EVENTS : undefined), { now: NOW }),
      (e: Error) => e instanceof KqlRuntimeError && /Missing/.test(e.message));
  });
});

describe('engine: mv-expand, mv-apply, bag_unpack, pivot (mv-expand-operator, mv-apply-operator)', () => {
  it('empty arrays drop the row, null keeps one, arrays expand in parallel (trap 10)', () => {
    const T = 'datatable(k:string, a:dynamic, b:dynamic)["x", dynamic([1,2]), dynamic(["p"]), "y", dynamic([]), dynamic([]), "z", dynamic(null), dynamic(null)]';
    assert.deepEqual(text(`${T} | mv-expand a, b`), [['x', '1', '"p"'], ['x', '2', 'null'], ['z', 'null', 'null']]);
  });
  it('to typeof() casts (no parse), with_itemindex numbers the items', () => {
    assert.deepEqual(text('print d = dynamic(["1", 2]) | mv-expand with_itemindex=i v = d to typeof(long) | project v, i'), [['', '0'], ['2', '1']]);
  });
  it('bags expand to one-entry bags', () => {
    assert.deepEqual(text('print d = dynamic({"a":1, "b":2}) | mv-expand d'), [['{"a":1}'], ['{"b":2}']]);
  });
  it('mv-apply runs the subquery per row (mv-apply-operator)', () => {
    const T = 'datatable(k:string, xs:dynamic)["a", dynamic([1, 5, 3]), "b", dynamic([2])]';
    assert.deepEqual(text(`${T} | mv-apply x = xs to typeof(long) on (top 1 by x) | project k, x`), [['a', '5'], ['b', '2']]);
    assert.deepEqual(text(`${T} | mv-apply x = xs to typeof(long) on (where x > 4)| project k`), [['a']]);
  });
  it('bag_unpack makes the bag keys the query reads into columns (bag-unpack-plugin)', () => {
    assert.deepEqual(text('datatable(id:long, d:dynamic)[1, dynamic({"Name":"x", "Age":3})] | evaluate bag_unpack(d) | project id, Name, Age'), [['1', '"x"', '3']]);
  });
  it('pivot turns values into columns (pivot-plugin)', () => {
    assert.deepEqual(text('Events | where isnotempty(Name) | project Name | evaluate pivot(Name) | project a = column_ifexists("a", long(0)), b'), [['2', '1']]);
  });
});

describe('engine: parse (parse-operator)', () => {
  it('simple mode: the docs example with typed columns and * skips', () => {
    const q = 'datatable(EventText:string)["Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)"]'
      + ' | parse EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices:long * "sliceNumber=" sliceNumber:long * "lockTime=" lockTime ", releaseTime=" releaseTime:date "," * "previousLockTime=" previousLockTime:date ")" *'
      + ' | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previousLockTime';
    assert.deepEqual(text(q), [['PipelineScheduler', '27', '23', '02/17/2016 08:40:01', '2016-02-17T08:40:01.0000000Z', '2016-02-17T08:39:01.0000000Z']]);
  });
  it('regex mode is greedy unless flags=U; a failed match nulls every column and keeps the row', () => {
    assert.deepEqual(text('print s = "a,b,c" | parse kind=regex s with x "," y | project x, y'), [['a,b', 'c']]);
    assert.deepEqual(text('print s = "a,b,c" | parse kind=regex flags=U s with x "," y | project x, y'), [['a', 'b,c']]);
    assert.deepEqual(text('print s = "nothing" | parse s with "k=" v:long | project s, v'), [['nothing', '']]);
    assert.deepEqual(text('print s = "nothing" | parse-where s with "k=" v:long'), []);
  });
});

describe('engine: distinct, sort, top, take, count', () => {
  it('sort defaults to desc with nulls last; asc puts nulls first (sort-operator)', () => {
    assert.deepEqual(text('Events | sort by Count | project Count'), [['7'], ['5'], ['1'], ['']]);
    assert.deepEqual(text('Events | order by Count asc | project Count'), [[''], ['1'], ['5'], ['7']]);
    assert.deepEqual(text('Events | sort by Count asc nulls last | project Count'), [['1'], ['5'], ['7'], ['']]);
  });
  it('top N by, take, distinct, count', () => {
    assert.deepEqual(text('Events | top 2 by Count | project Name'), [[''], ['b']]);
    assert.equal(text('Events | take 3').length, 3);
    assert.deepEqual(text('Events | distinct Name | sort by Name asc'), [[''], ['a'], ['b']]);
    assert.deepEqual(text('Events | count'), [['4']]);
    assert.deepEqual(columns('Events | count'), ['Count']);
  });
});

describe('engine: in, has_any, between, lets and functions', () => {
  it('in with a tabular subquery and a let-bound table uses the first column (in-operator, trap 5)', () => {
    assert.deepEqual(text('Events | where Name in ((Events | where Count > 4 | project Name)) | project Count'), [['5'], ['7']]);
    assert.deepEqual(text('let T = Events | where Count == 1 | project Name; Events | where Name !in (T) | project Count'), [['5'], ['7']]);
  });
  it('in~ with a dynamic array let flattens nested arrays; has_any', () => {
    assert.deepEqual(text('let L = dynamic(["A", ["B"]]); Events | where Name in~ (L) | project Count'), [['1'], ['5'], ['']]);
    assert.deepEqual(text('print s = "run cmd.exe now" | extend h = s has_any ("cmd.exe", "zzz"), n = s has "md.exe"'), [['run cmd.exe now', 'true', 'false']]);
  });
  it('between is inclusive and takes datetime .. timespan (between-operator, trap 9)', () => {
    assert.deepEqual(text('Events | where When between (datetime(2024-01-01T10:00:00Z) .. 26h) | project Count'), [['1'], ['5'], ['']]);
    assert.deepEqual(text('Events | where When !between (datetime(2024-01-01T10:00:00Z) .. 26h) | project Count'), []);
  });
  it('scalar, tabular and function lets; defaults; materialize; toscalar; table()', () => {
    const q = 'let k = 2; let f = (x:long, y:long = 10) { x * k + y }; let M = materialize(Events | where Count > 1);'
      + ' let top1 = toscalar(M | summarize max(Count)); let g = (name:string) { table(name) | count };'
      + ' M | extend a = f(Count), b = f(Count, 0), t = top1 | join kind=inner (g("Events")) on $left.Count == $right.Count | project a, b, t';
    assert.deepEqual(text(q), []);
    assert.deepEqual(text('let k = 2; let f = (x:long, y:long = 10) { x * k + y }; Events | where Count == 5 | project f(Count), f(Count, 0)'), [['20', '10']]);
    assert.deepEqual(text('let M = materialize(Events | where Count > 1); print t = toscalar(M | summarize max(Count))'), [['7']]);
    assert.deepEqual(text('let g = (name:string) { table(name) | count }; g("Events")'), [['4']]);
  });
  it('ago() and now() use the run\'s now', () => {
    assert.deepEqual(text('print a = ago(1d), n = now()'), [[formatDatetime(NOW - TICKS_PER_DAY), formatDatetime(NOW)]]);
  });
  it('range, print, make-series (range-operator, make-series-operator)', () => {
    assert.deepEqual(text('range x from 1 to 7 step 3'), [['1'], ['4'], ['7']]);
    assert.deepEqual(text('Events | make-series n = count() default = 0 on When from datetime(2024-01-01) to datetime(2024-01-04) step 1d | project n'), [['[1,2,0]']]);
  });
});

describe('engine: window functions on serialized rows (prev-function, row-window-session-function)', () => {
  it('prev, next, row_number', () => {
    assert.deepEqual(text('range x from 1 to 3 step 1 | serialize | extend p = prev(x), n = next(x, 1, -1), r = row_number()'),
      [['1', '', '2', '1'], ['2', '1', '3', '2'], ['3', '2', '-1', '3']]);
  });
  it('row_window_session starts a session on a gap, a too-long session or a restart', () => {
    const q = 'datatable(t:datetime, k:string)[datetime(2024-01-01 00:00), "a", datetime(2024-01-01 00:04), "a", datetime(2024-01-01 00:20), "a", datetime(2024-01-01 00:21), "b"]'
      + ' | sort by t asc | extend s = row_window_session(t, 1h, 5m, k != prev(k)) | project s';
    assert.deepEqual(text(q).map((r) => r[0].slice(11, 16)), ['00:00', '00:00', '00:20', '00:21']);
  });
});

describe('engine: result formatting (CLI --format json/csv)', () => {
  it('JSON: datetimes ISO UTC with 7 digits, timespans as Kusto prints them, dynamic as JSON, null as null', () => {
    const { table } = run('print t = datetime(2020-09-17T21:46:05.4030000Z), s = 90m, d = dynamic({"a":[1]}), n = long(null), e = ""');
    assert.deepEqual(tableToJson(table), {
      columns: [{ name: 't', type: 'datetime' }, { name: 's', type: 'timespan' }, { name: 'd', type: 'dynamic' }, { name: 'n', type: 'long' }, { name: 'e', type: 'string' }],
      rows: [{ t: '2020-09-17T21:46:05.4030000Z', s: '01:30:00', d: { a: [1] }, n: null, e: '' }],
    });
    assert.equal(tableToCsv(table), 't,s,d,n,e\n2020-09-17T21:46:05.4030000Z,01:30:00,"{""a"":[1]}",,\n');
  });
});

describe('engine: guards, errors and statistics', () => {
  const big = (n: number): Table => ({ columns: [{ name: 'k', type: 'long' }], rows: Array.from({ length: n }, () => [1]) });
  it('a runaway join fails naming the join and its row counts', () => {
    const tables = { A: big(2000), B: big(2000) };
    const q = compileQuery('A\n| join kind=inner (B) on k', { tables: [{ name: 'A', columns: tables.A.columns }, { name: 'B', columns: tables.B.columns }] });
    assert.throws(() => q.run((n) => tables[n as 'A' | 'B'], { now: NOW, rowBudget: 1_000_000 }),
      (e: Error) => e instanceof KqlRuntimeError && /join at 2:3 would produce 4000000 rows \(left 2000 rows, right 2000 rows\)/.test(e.message));
  });
  it('the row budget stops a run; an aborted signal cancels it', () => {
    assert.throws(() => compileQuery('range x from 1 to 100000 step 1').run(() => undefined, { now: NOW, rowBudget: 1000 }),
      (e: Error) => e instanceof KqlRuntimeError && /row budget/.test(e.message));
    const abort = new AbortController();
    abort.abort();
    assert.throws(() => compileQuery('print 1').run(() => undefined, { now: NOW, signal: abort.signal }), CancelledError);
  });
  it('unsupported constructs are named with line:col; analysis errors list line:col', () => {
    assert.throws(() => compileQuery('print x = 1\n| evaluate autocluster()'), (e: Error) => e instanceof UnsupportedError && /^unsupported: evaluate autocluster at 2:3$/.test(e.message));
    assert.throws(() => compileQuery('print x = 1\n| where y == 2'), (e: Error) => e instanceof QueryError && /^2:9: /.test(e.message));
  });
  it('counts rows through each pipe stage and each let', () => {
    const { stats } = run('let A = Events | where Count > 1;\nA\n| project Name');
    assert.deepEqual(stats.map((s) => [s.label, s.line, s.column, s.rowsIn, s.rowsOut]),
      [['A', 1, 1, 2, 2], ['FilterOperator', 1, 18, 4, 2], ['ProjectOperator', 3, 3, 2, 2]]);
  });
});

describe('engine: dynamic literals', () => {
  // https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic: literals may use single quotes.
  it('reads single-quoted dynamic literals as arrays, not as one string', () => {
    const q = compileQuery("datatable(p:string)['a.exe','c.exe'] | where p in~ (dynamic(['A.EXE','b.exe']))", {});
    assert.deepEqual(q.run(() => undefined, { now: 0 }).rows, [['a.exe']]);
  });
});
