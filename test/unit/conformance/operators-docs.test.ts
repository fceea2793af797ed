// Tabular operators against Kusto's documented semantics: each test runs a docs example (or a rule the docs
// state in prose) through compileQuery and names its docs page (learn.microsoft.com/kusto/query/<page>).
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import type { TableSpec } from '../../../server/src/kusto/bridge';
import type { Table } from '../../../server/src/engine/table';
import { formatDatetime, type Value } from '../../../server/src/engine/values';
import { NOW } from './support';

/** Runs a query with no source tables; rows come back as objects keyed by column name. */
function run(query: string): Record<string, Value>[] {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}
/** The output column names of a query, in order. */
function columnsOf(query: string): string[] {
  return compileQuery(query).run(() => undefined, { now: NOW }).columns.map((c) => c.name);
}

const SLICE = 'Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=TOTAL, sliceNumber=23, '
  + 'lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)';

describe('conformance: tabular operators from the docs', () => {
  describe('parse (parse-operator)', () => {
    const pattern = '* "resourceName=" resourceName ", totalSlices=" totalSlices:long ", sliceNumber=" sliceNumber:long * '
      + '", lockTime=" lockTime ", releaseTime=" releaseTime:date ", previousLockTime=" previousLockTime:date ")" *';

    it('kind=relaxed: a column not of its type is null, the others still parse', () => {
      const [row] = run(`print EventText="${SLICE.replace('TOTAL', 'invalid_number')}"
        | parse kind=relaxed EventText with ${pattern} | project-away EventText`);
      assert.equal(row.resourceName, 'PipelineScheduler');
      assert.equal(row.totalSlices, null);
      assert.equal(row.sliceNumber, 23);
      assert.equal(row.lockTime, '02/17/2016 08:40:01');
      assert.equal(formatDatetime(row.releaseTime as number), '2016-02-17T08:40:01.0000000Z');
      assert.equal(formatDatetime(row.previousLockTime as number), '2016-02-17T08:39:01.0000000Z');
    });

    it('kind=simple: the same type mismatch makes every column null / empty', () => {
      const [row] = run(`print EventText="${SLICE.replace('TOTAL', 'invalid_number')}"
        | parse EventText with ${pattern} | project-away EventText`);
      assert.deepEqual(row, { resourceName: '', totalSlices: null, sliceNumber: null, lockTime: '', releaseTime: null, previousLockTime: null });
    });

    it('kind=relaxed still needs every constant', () => {
      assert.deepEqual(run('print s = "a=1 b=2" | parse kind=relaxed s with "a=" a:long " c=" b:long | project a, b'), [{ a: null, b: null }]);
    });

    it('kind=regex: groups inside regex constants do not shift the columns', () => {
      const [row] = run(`print EventText="${SLICE.replace('TOTAL', '27')}"
        | parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\\s*\\d+\\s*.*?sliceNumber=" sliceNumber:long
            ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime:date "\\\\)"`);
      assert.equal(row.resourceName, 'PipelineScheduler');
      assert.equal(row.sliceNumber, 23);
      assert.equal(formatDatetime(row.previousLockTime as number), '2016-02-17T08:39:01.0000000Z');
    });

    it('kind=regex is greedy; flags=U makes it ungreedy', () => {
      const text = SLICE.replace('TOTAL', '27');
      const [greedy] = run(`print s="${text}" | parse kind=regex s with * "resourceName=" resourceName ',' * | project resourceName`);
      assert.ok(String(greedy.resourceName).startsWith('PipelineScheduler, totalSlices=27'));
      assert.deepEqual(run(`print s="${text}" | parse kind=regex flags=U s with * "resourceName=" resourceName ',' * | project resourceName`),
        [{ resourceName: 'PipelineScheduler' }]);
    });
  });

  describe('union (union-operator, as-operator)', () => {
    const views = 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) };';

    it('kind=outer: one column per name and type, suffixed with the type; withsource names the leg', () => {
      assert.deepEqual(run(`${views} union withsource=TableName View_1, View_2`), [
        { TableName: 'View_1', x_long: 1, x_int: null }, { TableName: 'View_2', x_long: null, x_int: 2 },
      ]);
    });

    it('kind=inner: only the columns common to all legs', () => {
      assert.deepEqual(run('union kind=inner (datatable(x:int, y:int)[1, 2]), (datatable(y:int, z:int)[3, 4])'), [{ y: 2 }, { y: 3 }]);
      assert.deepEqual(run('datatable(x:int, y:int)[1, 2] | union kind=inner (datatable(y:int, z:int)[3, 4])'), [{ y: 2 }, { y: 3 }]);
      assert.deepEqual(columnsOf(`${views} union kind=inner withsource=T View_1, View_2`), ['T']);
    });

    it('a leg ending in `as Name` is called Name in the withsource column', () => {
      assert.deepEqual(run('union withsource=S (range x from 1 to 1 step 1 | as T1), (range x from 2 to 2 step 1 | as T2)'),
        [{ S: 'T1', x: 1 }, { S: 'T2', x: 2 }]);
      assert.deepEqual(run('range x from 1 to 1 step 1 | as T1 | union withsource=S (range x from 2 to 2 step 1 | as T2)'),
        [{ S: 'T1', x: 1 }, { S: 'T2', x: 2 }]);
    });

    it('`as T` binds its input for later use in the query, e.g. the other side of a join', () => {
      assert.deepEqual(run(`datatable(Id:long, Name:string)[1, "Start", 1, "Stop", 2, "Start"]
        | as T | where Name == "Start" | join kind=inner (T | where Name == "Stop") on Id`),
        [{ Id: 1, Name: 'Start', Id1: 1, Name1: 'Stop' }]);
    });
  });

  describe('evaluate bag_unpack (bag-unpack-plugin)', () => {
    const people = 'datatable(d:dynamic)[dynamic({"Name": "John", "Age": 20}), dynamic({"Name": "Dave", "Age": 40}), dynamic({"Name": "Jasmine", "Age": 30})]';

    it('each top-level slot becomes a column, typed by its values; the bag column is removed', () => {
      const table = compileQuery(`${people} | evaluate bag_unpack(d)`).run(() => undefined, { now: NOW });
      assert.deepEqual(table.columns, [{ name: 'Age', type: 'long' }, { name: 'Name', type: 'string' }]);
      assert.deepEqual(table.rows, [[20, 'John'], [40, 'Dave'], [30, 'Jasmine']]);
    });

    it('the prefix is added to every produced column; a missing slot is empty', () => {
      assert.deepEqual(run('datatable(a:string, b:dynamic)["x", dynamic({"p": 1}), "y", dynamic({"q": "z", "p": 2})] | evaluate bag_unpack(b, "pre_")'),
        [{ a: 'x', pre_p: 1, pre_q: '' }, { a: 'y', pre_p: 2, pre_q: 'z' }]);
    });

    it('followed by other operators, the columns the query reads are unpacked and the bag column is gone', () => {
      assert.deepEqual(columnsOf(`${people} | evaluate bag_unpack(d) | project Name, d = 1`), ['Name', 'd']);
      assert.deepEqual(run(`${people} | evaluate bag_unpack(d) | where Age > 25 | project Name`), [{ Name: 'Dave' }, { Name: 'Jasmine' }]);
    });

    it('an output schema fixes the columns', () => {
      assert.deepEqual(run(`${people} | evaluate bag_unpack(d) : (Name:string)`), [{ Name: 'John' }, { Name: 'Dave' }, { Name: 'Jasmine' }]);
    });
  });

  describe('mv-expand (mv-expand-operator)', () => {
    const bags = 'datatable (a: int, b: dynamic)[1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})]';

    it('kind=array (a synonym of bagexpansion=array) expands bag slots into [key, value] arrays', () => {
      const expected = [
        { a: 1, b: ['prop1', 'a1'], key: 'prop1', val: 'a1' }, { a: 1, b: ['prop2', 'b1'], key: 'prop2', val: 'b1' },
        { a: 2, b: ['prop1', 'a2'], key: 'prop1', val: 'a2' }, { a: 2, b: ['prop2', 'b2'], key: 'prop2', val: 'b2' },
      ];
      assert.deepEqual(run(`${bags} | mv-expand kind=array b | extend key = b[0], val = b[1]`), expected);
      assert.deepEqual(run(`${bags} | mv-expand bagexpansion=array b | extend key = b[0], val = b[1]`), expected);
    });

    it('kind=bag (the default) expands into single-slot bags', () => {
      assert.deepEqual(run(`${bags} | where a == 1 | mv-expand kind=bag b`), [{ a: 1, b: { prop1: 'a1' } }, { a: 1, b: { prop2: 'b1' } }]);
    });

    it('several columns expand in parallel, the shorter padded with null', () => {
      assert.deepEqual(run('datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3])] | mv-expand b, c'),
        [{ a: 1, b: { prop1: 'a' }, c: 5 }, { a: 1, b: { prop2: 'b' }, c: 4 }, { a: 1, b: null, c: 3 }]);
    });

    it('null gives one row, an empty array none', () => {
      assert.deepEqual(run('datatable(a:int, d:dynamic)[1, dynamic([]), 2, dynamic(null), 3, dynamic([10, 20])] | mv-expand d'),
        [{ a: 2, d: null }, { a: 3, d: 10 }, { a: 3, d: 20 }]);
    });

    it('with_itemindex numbers the items from 0', () => {
      assert.deepEqual(run('range x from 1 to 4 step 1 | summarize x = make_list(x) | mv-expand with_itemindex=Index x'),
        [{ x: 1, Index: 0 }, { x: 2, Index: 1 }, { x: 3, Index: 2 }, { x: 4, Index: 3 }]);
    });

    it('to typeof() only casts: elements not of the type become null', () => {
      assert.deepEqual(run('print d = dynamic(["1", 2, "x"]) | mv-expand d to typeof(long)'), [{ d: null }, { d: 2 }, { d: null }]);
    });
  });

  describe('serialized rows (row-number-function)', () => {
    const t = 'datatable (a:string, b:long) ["A", 1, "A", 5, "B", 3, "B", 4, "B", 7] | sort by a asc, b asc';

    it('row_number(start) counts from start', () => {
      assert.deepEqual(run(`${t} | extend rn = row_number(10)`).map((r) => r.rn), [10, 11, 12, 13, 14]);
    });

    it('serialize can compute columns (serialize-operator); prev() of a string before the first row is ""', () => {
      assert.deepEqual(run('datatable(x:string)["a", "b", "c"] | serialize rn = row_number(), p = prev(x), n = next(x, 1, "end")'), [
        { x: 'a', rn: 1, p: '', n: 'b' }, { x: 'b', rn: 2, p: 'a', n: 'c' }, { x: 'c', rn: 3, p: 'b', n: 'end' },
      ]);
    });

    it('row_number(start, restart) starts again where restart is true', () => {
      assert.deepEqual(run(`${t} | extend rn = row_number(1, prev(a) != a)`).map((r) => r.rn), [1, 2, 1, 2, 3]);
    });
  });

  describe('make-series (make-series-operator)', () => {
    const day = (d: string) => `${d}T00:00:00.0000000Z`;

    it('the docs example: avg per day over [from, to), absent days 0', () => {
      const [row] = run(`let data = datatable(timestamp:datetime, metric:real) [
          datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3, datetime(2017-01-03), 4,
          datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8, datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4,
          datetime(2017-01-07), 3, datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2,
          datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5];
        data | make-series avg(metric) on timestamp from datetime(2017-01-01) to datetime(2017-01-10) step 1d`);
      assert.deepEqual(row.avg_metric, [4, 3, 5, 0, 10.5, 4, 3, 8, 6.5]);
      assert.equal((row.timestamp as Value[]).length, 9);
      assert.equal((row.timestamp as Value[])[0], day('2017-01-01'));
    });

    it('without from/to the series runs from the bin of the first value to the bin of the last', () => {
      const [row] = run('datatable(t:datetime)[datetime(2020-01-01 10:15), datetime(2020-01-01 11:30)] | make-series c=count() on t step 1h');
      assert.deepEqual(row, { c: [1, 1], t: ['2020-01-01T10:00:00.0000000Z', '2020-01-01T11:00:00.0000000Z'] });
    });

    it('`in range(start, stop, step)` includes stop and bins with bin()', () => {
      const [row] = run(`datatable(t:datetime)[datetime(2020-01-01 10:15), datetime(2020-01-01 11:30)]
        | make-series c=count() on t in range(datetime(2020-01-01 10:10), datetime(2020-01-01 12:00), 1h)`);
      assert.deepEqual(row, { c: [1, 1, 0], t: ['2020-01-01T10:00:00.0000000Z', '2020-01-01T11:00:00.0000000Z', '2020-01-01T12:00:00.0000000Z'] });
    });

    it('default= applies to the aggregate it follows', () => {
      const rows = run(`datatable(t:datetime, v:long, k:string)[datetime(2020-01-01), 1, "a", datetime(2020-01-03), 5, "b"]
        | make-series c=count(), s=sum(v) default=-1 on t from datetime(2020-01-01) to datetime(2020-01-04) step 1d by k | project k, c, s`);
      assert.deepEqual(rows, [{ k: 'a', c: [1, 0, 0], s: [1, -1, -1] }, { k: 'b', c: [0, 0, 1], s: [-1, -1, 5] }]);
    });
  });

  describe('evaluate pivot (pivot-plugin)', () => {
    const t = 'datatable(k:string, v:long, g:string)["b", 1, "x", "a", 2, "x", "b", 3, "y"]';

    it('default aggregate count(), grouped by every other column; one column per value', () => {
      const table = compileQuery(`${t} | project k, g | evaluate pivot(k)`).run(() => undefined, { now: NOW });
      assert.deepEqual(table.columns.map((c) => c.name), ['g', 'a', 'b']);
      assert.deepEqual(table.rows, [['x', 1, 1], ['y', 0, 1]]);
    });

    it('with an aggregate and explicit group-by columns', () => {
      assert.deepEqual(run(`${t} | evaluate pivot(k, sum(v), g)`), [{ g: 'x', a: 2, b: 1 }, { g: 'y', a: 0, b: 3 }]);
    });

    it('followed by other operators, the value columns the query reads', () => {
      assert.deepEqual(run(`${t} | evaluate pivot(k, sum(v), g) | project g, b`), [{ g: 'x', b: 1 }, { g: 'y', b: 3 }]);
    });
  });

  describe('literals (scalar-data-types/timespan)', () => {
    it('time(d.hh:mm:ss), time(hh:mm) and time(n days) literals', () => {
      const [row] = run('print a = time(1.02:03:04), b = time(2), c = time(0.12:34:56.7), d = time(15 seconds), e = time(12:00), f = 1.5h, g = 10microsecond');
      assert.deepEqual(row, {
        a: ((26 * 60 + 3) * 60 + 4) * 1e7, b: 2 * 864e9, c: 452967e6, d: 15e7, e: 12 * 36e9, f: 54e9, g: 100,
      });
    });
  });

  describe('top-nested (top-nested-operator)', () => {
    const storms = `datatable(State:string, Source:string, Lat:real)["TX", "A", 30, "TX", "B", 31, "TX", "A", 29,
      "KS", "A", 38, "KS", "C", 39, "NE", "A", 41]`;

    it('each clause keeps the top N groups of its parent by the aggregate; default names aggregated_<Expr>', () => {
      assert.deepEqual(run(`${storms} | top-nested 2 of State by sum(Lat), top-nested 1 of Source by sum(Lat)`), [
        { State: 'TX', aggregated_State: 90, Source: 'A', aggregated_Source: 59 },
        { State: 'KS', aggregated_State: 77, Source: 'C', aggregated_Source: 39 },
      ]);
    });

    it('with others adds the rest aggregated; no N keeps every value; asc ranks ascending', () => {
      assert.deepEqual(run(`${storms} | top-nested 1 of State with others = "Other" by sum(Lat), top-nested of Source by c = count() asc`), [
        { State: 'TX', aggregated_State: 90, Source: 'B', c: 1 },
        { State: 'TX', aggregated_State: 90, Source: 'A', c: 2 },
        { State: 'Other', aggregated_State: 118, Source: '', c: null },
      ]);
    });

    it('"Ignore = max(1)" keeps every value of a level (docs: add data from other columns)', () => {
      assert.deepEqual(run(`${storms} | top-nested of State by Ignore = max(1) | project-away Ignore`), [{ State: 'TX' }, { State: 'KS' }, { State: 'NE' }]);
    });
  });

  describe('union over catalogue tables (union-operator)', () => {
    const columns = (eventId: string) => [{ name: 'Computer', type: 'string' }, { name: 'EventID', type: eventId }];
    const tables = [
      { name: 'SecurityEvent', columns: columns('int') }, { name: 'SecurityAlert', columns: columns('string') },
      { name: 'SigninLogs', columns: [{ name: 'UserPrincipalName', type: 'string' }] },
    ];
    const data: Record<string, Table> = {
      SecurityEvent: { columns: [{ name: 'Computer', type: 'string' }, { name: 'EventID', type: 'int' }], rows: [['pc1', 4624]] },
      SecurityAlert: { columns: [{ name: 'Computer', type: 'string' }, { name: 'EventID', type: 'string' }], rows: [['pc3', 'x']] },
    };
    const runOn = (query: string) => {
      const t = compileQuery(query, { tables: tables as TableSpec[] }).run((name) => data[name], { now: NOW });
      return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c.name, row[i]])));
    };

    it('a wildcard name unions every matching table; withsource names each', () => {
      assert.deepEqual(runOn('union withsource=T Security*'), [
        { T: 'SecurityEvent', Computer: 'pc1', EventID_int: 4624, EventID_string: '' },
        { T: 'SecurityAlert', Computer: 'pc3', EventID_int: null, EventID_string: 'x' },
      ]);
    });

    it('isfuzzy=true skips a table with no data; without it the query fails saying which', () => {
      assert.deepEqual(runOn('union isfuzzy=true SecurityEvent, SigninLogs | project Computer'), [{ Computer: 'pc1' }]);
      assert.throws(() => runOn('union SecurityEvent, SigninLogs'), /SigninLogs.*is not in the data/);
    });
  });

  describe('invoke (invoke-operator)', () => {
    it('T | invoke f(args) passes T as the first parameter', () => {
      const t = 'datatable(EventID:int)[4624, 4625, 4688]';
      assert.deepEqual(run(`let above = (T:(EventID:int), n:int) { T | where EventID > n }; ${t} | invoke above(4624)`),
        [{ EventID: 4625 }, { EventID: 4688 }]);
      assert.deepEqual(run(`let counted = (T:(*)) { T | count }; ${t} | invoke counted()`), [{ Count: 3 }]);
    });
  });

  describe('getschema and sample (getschema-operator, sample-operator)', () => {
    it('getschema lists each column with its ordinal, .NET type and Kusto type', () => {
      assert.deepEqual(run('datatable(a:long, s:string, b:bool, t:datetime)[] | getschema'), [
        { ColumnName: 'a', ColumnOrdinal: 0, DataType: 'System.Int64', ColumnType: 'long' },
        { ColumnName: 's', ColumnOrdinal: 1, DataType: 'System.String', ColumnType: 'string' },
        { ColumnName: 'b', ColumnOrdinal: 2, DataType: 'System.SByte', ColumnType: 'bool' },
        { ColumnName: 't', ColumnOrdinal: 3, DataType: 'System.DateTime', ColumnType: 'datetime' },
      ]);
    });

    it('sample N returns N of the input rows (all when fewer)', () => {
      const rows = run('range x from 1 to 10 step 1 | sample 3');
      assert.equal(rows.length, 3);
      assert.ok(rows.every((r) => (r.x as number) >= 1 && (r.x as number) <= 10));
      assert.equal(run('range x from 1 to 2 step 1 | sample 5').length, 2);
    });
  });

  describe('partition (partition-operator)', () => {
    it('the subquery runs per partition; `as` and toscalar() inside it see that partition only', () => {
      assert.deepEqual(run(`range x from 1 to 4 step 1 | extend k = x % 2
        | partition hint.strategy=native by k (as T | summarize c = count(), m = toscalar(T | summarize max(x)))`),
        [{ c: 2, m: 3 }, { c: 2, m: 4 }]);
      assert.deepEqual(run('range x from 1 to 4 step 1 | extend k = x % 2 | partition by k (top 1 by x)'), [{ x: 3, k: 1 }, { x: 4, k: 0 }]);
    });
  });
});

describe('sort: special floating-point values (https://learn.microsoft.com/kusto/query/sort-operator)', () => {
  const order = (clause: string) => {
    const q = compileQuery(`datatable(x:real)[real(null), real(nan), real(-inf), -5, 0, 5, real(+inf)] | sort by x ${clause} | extend t = tostring(x) | project t`, {});
    return q.run(() => undefined, { now: 0 }).rows.map((r) => r[0]);
  };
  it('groups null and NaN at the end nulls first|last names, null outermost', () => {
    assert.deepEqual(order('asc nulls first'), ['', 'NaN', '-Infinity', '-5', '0', '5', 'Infinity']);
    assert.deepEqual(order('desc nulls first'), ['', 'NaN', 'Infinity', '5', '0', '-5', '-Infinity']);
    assert.deepEqual(order('asc nulls last'), ['-Infinity', '-5', '0', '5', 'Infinity', 'NaN', '']);
    assert.deepEqual(order('desc nulls last'), ['Infinity', '5', '0', '-5', '-Infinity', 'NaN', '']);
  });
});
