// Audit of the tabular operators against Kusto's documented semantics (issue 5, faithfulness audit): each test
// names its docs page (learn.microsoft.com/kusto/query/<page>) and quotes the documented result or rule. Output
// column names and types are Kusto.Language's (the analyzer); the rows are the engine's.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import type { Value } from '../../../server/src/engine/values';
import { NOW } from './support';

/** Runs a query with no source tables; rows come back as objects keyed by column name. */
function run(query: string): Record<string, Value>[] {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}
/** The output columns of a query as `name:type`, in order. */
function schemaOf(query: string): string[] {
  return compileQuery(query).run(() => undefined, { now: NOW }).columns.map((c) => `${c.name}:${c.type}`);
}

const EVENTS = `let T = datatable(k:string, a:long, s:string)["x", 1, "p", "x", 2, "q", "y", 3, "r"];`;

describe('operator audit: summarize (summarize-operator)', () => {
  it('take_any(*) by k: each output column holds its own input column (take-any-aggregation-function: "*" returns all columns)', () => {
    assert.deepEqual(schemaOf(`${EVENTS} T | summarize take_any(*) by k`), ['k:string', 'a:long', 's:string']);
    assert.deepEqual(run(`${EVENTS} T | summarize take_any(*) by k`), [{ k: 'x', a: 1, s: 'p' }, { k: 'y', a: 3, s: 'r' }]);
  });

  it('make_set(…), take_any(*) by several keys, as a corpus rule writes it (ExcessiveSharePermissions)', () => {
    assert.deepEqual(run(`${EVENTS} T | summarize set = make_set(a), take_any(*) by k, s`),
      [{ k: 'x', s: 'p', set: [1], a: 1 }, { k: 'x', s: 'q', set: [2], a: 2 }, { k: 'y', s: 'r', set: [3], a: 3 }]);
  });

  it('two * aggregates: the second repeats every column, renamed X1 (arg-max-aggregation-function)', () => {
    assert.deepEqual(schemaOf(`${EVENTS} T | summarize arg_max(a, *), take_any(*) by k`),
      ['k:string', 'a:long', 's:string', 'a1:long', 's1:string']);
    assert.deepEqual(run(`${EVENTS} T | summarize arg_max(a, *), arg_min(a, *) by k`),
      [{ k: 'x', a: 2, s: 'q', a1: 1, s1: 'p' }, { k: 'y', a: 3, s: 'r', a1: 3, s1: 'r' }]);
  });

  it('arg_max(e, col, *): * leaves out the columns named before it', () => {
    assert.deepEqual(run(`${EVENTS} T | summarize arg_max(a, s, *) by k`), [{ k: 'x', a: 2, s: 'q' }, { k: 'y', a: 3, s: 'r' }]);
    assert.deepEqual(run(`${EVENTS} T | summarize take_any(s, *) by k`), [{ k: 'x', s: 'p', a: 1 }, { k: 'y', s: 'r', a: 3 }]);
  });
});

describe('operator audit: join (join-operator and the join-<kind> pages)', () => {
  const T1 = 'let t1 = datatable(key: long, value: string)[1, "val1.1", 1, "val1.2"];';
  const T2 = 'let t2 = datatable(key: long, value: string)[1, "val1.3", 1, "val1.4"];';

  it('innerunique: a where on left columns right after the join filters the left side before it is de-duplicated (join-innerunique)', () => {
    // Docs: "add a filter where value == "val1.2". It gives the second result and will never give the first result".
    assert.deepEqual(run(`${T1}${T2} t1 | join kind = innerunique t2 on key | where value == "val1.2"`), [
      { key: 1, value: 'val1.2', key1: 1, value1: 'val1.3' },
      { key: 1, value: 'val1.2', key1: 1, value1: 'val1.4' },
    ]);
    assert.equal(run(`${T1}${T2} t1 | join t2 on key | where key > 0 | where value != "val1.1"`).length, 2);
  });

  it('innerunique: a where that reads a right column runs after the join; its left-only "and" parts are pushed', () => {
    assert.deepEqual(run(`${T1}${T2} t1 | join t2 on key | where value1 == "val1.4"`), [{ key: 1, value: 'val1.1', key1: 1, value1: 'val1.4' }]);
    assert.deepEqual(run(`${T1}${T2} t1 | join t2 on key | where value == "val1.2" and value1 == "val1.4"`),
      [{ key: 1, value: 'val1.2', key1: 1, value1: 'val1.4' }]);
    assert.deepEqual(run(`${T1}${T2} t1 | join t2 on key | where value == "val1.2" or value1 == "val1.4"`), [{ key: 1, value: 'val1.1', key1: 1, value1: 'val1.4' }]);
  });
});

describe('operator audit: union (union-operator)', () => {
  const VIEWS = 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=1 }; let OtherView_1 = view () { print x=1 };';

  it('isfuzzy=true skips a leg whose name resolves to nothing ("Failed to resolve entity \'View_3\'"; Count 2)', () => {
    assert.deepEqual(run(`${VIEWS} union isfuzzy=true (View_1 | where x > 0), (View_2 | where x > 0), (View_3 | where x > 0) | count`), [{ Count: 2 }]);
    // Member names of dynamic paths are unbound too, but they name no table: that leg runs.
    assert.deepEqual(run(`let T = datatable(d:dynamic)[dynamic({"u": {"ip": "1.2.3.4"}})];
      union isfuzzy=true (T | extend ip = tostring(d.u.ip)), (View_3 | where x > 0) | project ip`), [{ ip: '1.2.3.4' }]);
  });

  it('a column whose typed name exists already is de-duplicated, each leg keeping its own column ("Source columns types mismatch")', () => {
    const q = 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) }; let View_3 = view () { print x_long=3 };'
      + ' union withsource=TableName View_1, View_2, View_3';
    // Docs: View_1's x and View_3's x_long are two columns (the analyzer names them x_long and x_long1).
    assert.deepEqual(schemaOf(q), ['TableName:string', 'x_long:long', 'x_int:int', 'x_long1:long']);
    assert.deepEqual(run(q), [
      { TableName: 'View_1', x_long: 1, x_int: null, x_long1: null },
      { TableName: 'View_2', x_long: null, x_int: 2, x_long1: null },
      { TableName: 'View_3', x_long: null, x_int: null, x_long1: 3 },
    ]);
  });

  it('kind=outer lists each name once with its types side by side, in order of first occurrence; rows fill their own columns', () => {
    const q = 'union (datatable(a:long, b:string)[1, "x"]), (datatable(c:long, a:string)[2, "y"]), (datatable(a_long:long, b:long)[3, 4])';
    assert.deepEqual(schemaOf(q), ['a_long:long', 'a_string:string', 'b_string:string', 'b_long:long', 'c:long', 'a_long1:long']);
    assert.deepEqual(run(q), [
      { a_long: 1, a_string: '', b_string: 'x', b_long: null, c: null, a_long1: null },
      { a_long: null, a_string: 'y', b_string: '', b_long: null, c: 2, a_long1: null },
      { a_long: null, a_string: '', b_string: '', b_long: 4, c: null, a_long1: 3 },
    ]);
  });
});

describe('operator audit: mv-expand (mv-expand-operator)', () => {
  it('to typeof(string): elements that are not strings become null, which a string column holds as "" (scalar-data-types/null-values: strings are never null)', () => {
    assert.deepEqual(run('print d = dynamic(["a", 1, true]) | mv-expand d to typeof(string)'), [{ d: 'a' }, { d: '' }, { d: '' }]);
    assert.deepEqual(run('print d = dynamic(["a", "b"]), e = dynamic([1]) | mv-expand d, e to typeof(string)'), [{ d: 'a', e: '' }, { d: 'b', e: '' }]);
  });

  it('to typeof(long): a number is cast (truncated), a string is not parsed ("cast-only and doesn\'t include parsing")', () => {
    assert.deepEqual(run('print d = dynamic([1, 2.5, "3"]) | mv-expand d to typeof(long)'), [{ d: 1 }, { d: 2 }, { d: null }]);
  });

  it('b, c to typeof(int): only the column the clause follows is typed (docs "Convert output")', () => {
    assert.deepEqual(schemaOf('datatable (a: string, b: dynamic, c: dynamic)["Constant", dynamic([1, 2]), dynamic([6, 7])] | mv-expand b, c to typeof(int)'),
      ['a:string', 'b:dynamic', 'c:int']);
  });
});

describe('operator audit: extend (extend-operator)', () => {
  it('an expression reads the input row: a column replaced earlier in the same extend still has its old value there (Kusto.Language binds it to the input column)', () => {
    // The analyzer types x as long: it is the input a, not the string that replaces it.
    assert.deepEqual(schemaOf('print a=1 | extend a = "s", x = a'), ['a:string', 'x:long']);
    assert.deepEqual(run('print a=1 | extend a = "s", x = a'), [{ a: 's', x: 1 }]);
    assert.deepEqual(run('print a=1, b=2 | extend tostring(a), strlen("xx"), a + 1'), [{ a: '1', b: 2, strlen_: 2, Column1: 2 }]);
  });

  it('as a corpus rule writes it: HostName shortened and DnsDomain taken from the original HostName (WMI-Abuse)', () => {
    assert.deepEqual(run(`print HostName = "srv1.contoso.com" | extend
      HostName  = iif(HostName has '.', substring(HostName, 0, indexof(HostName, '.')), HostName),
      DnsDomain = iif(HostName has '.', substring(HostName, indexof(HostName, '.') + 1), '')`), [{ HostName: 'srv1', DnsDomain: 'contoso.com' }]);
  });
});

describe('operator audit: make-series (make-series-operator)', () => {
  const DATA = 'let data = datatable(timestamp:datetime, metric:real)[datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4];';
  const SERIES = 'on timestamp from datetime(2017-01-01) to datetime(2017-01-03) step 1d';

  it('an empty input gives no row ("the default behavior of make-series produces an empty result"; | count gives 0)', () => {
    assert.deepEqual(run(`${DATA} data | take 0 | make-series avg(metric) default=1.0 ${SERIES} | count`), [{ Count: 0 }]);
  });

  it('kind=nonempty gives one row of defaults for an empty input', () => {
    assert.deepEqual(run(`${DATA} data | take 0 | make-series kind=nonempty avg(metric) default=1.0 ${SERIES}`),
      [{ avg_metric: [1, 1], timestamp: ['2017-01-01T00:00:00.0000000Z', '2017-01-02T00:00:00.0000000Z'] }]);
  });
});

describe('operator audit: let, toscalar, datatable (let-statement, toscalar-function, datatable-operator)', () => {
  it('toscalar of a scalar expression is that value (docs "Set range for evaluation": z 1, 3, 5, 7, 9)', () => {
    const rows = run(`let Start = toscalar(print x=1);
      let End = toscalar(range x from 1 to 9 step 1 | count);
      let Step = toscalar(2);
      range z from Start to End step Step | extend start=Start, end=End, step=Step`);
    assert.deepEqual(rows.map((r) => r.z), [1, 3, 5, 7, 9]);
    assert.deepEqual(rows[0], { z: 1, start: 1, end: 9, step: 2 });
  });

  it('datatable: a value takes its column\'s type (a real literal in a long column is a long)', () => {
    assert.deepEqual(run('datatable(a:real, b:long)[1, 2.7] | extend c = b * 2'), [{ a: 1, b: 2, c: 4 }]);
    // The analyzer accepts a string in a datetime column; it is read as todatetime() reads it.
    assert.deepEqual(run('datatable(t:datetime, s:string)["2020-01-01", 1] | extend d = t + 1d | project d, s'),
      [{ d: run('print d = datetime(2020-01-02)')[0].d, s: '1' }]);
  });
});

describe('operator audit: evaluate bag_unpack (bag-unpack-plugin)', () => {
  const PEOPLE = `datatable(Name:string, d:dynamic)['James', dynamic({"Name": "John", "Age":20}), 'David', dynamic({ "Age":40}),
    'Emily', dynamic({"Name": "Jasmine", "Age":30})]`;

  it('columnsConflict=\'replace_source\': the bag\'s slot replaces the input column (docs: John, "", Jasmine)', () => {
    assert.deepEqual(run(`${PEOPLE} | evaluate bag_unpack(d, columnsConflict='replace_source')`),
      [{ Name: 'John', Age: 20 }, { Name: '', Age: 40 }, { Name: 'Jasmine', Age: 30 }]);
  });

  it('columnsConflict=\'keep_source\' keeps the input column', () => {
    assert.deepEqual(run(`${PEOPLE} | evaluate bag_unpack(d, columnsConflict='keep_source')`),
      [{ Name: 'James', Age: 20 }, { Name: 'David', Age: 40 }, { Name: 'Emily', Age: 30 }]);
  });

  it('without columnsConflict a slot named like an input column is an error ("error - Query produces an error (default)")', () => {
    assert.throws(() => run(`${PEOPLE} | evaluate bag_unpack(d)`), /bag_unpack at 2:\d+: the slot 'Name' is also an input column/);
  });

  it('as a corpus rule writes it: replace_source, then columns read through column_ifexists (Office_MailForwarding)', () => {
    assert.deepEqual(run(`datatable(UserId:string, Parameters:string)['u@x.com', '[{"Name":"ForwardTo","Value":"a@y.com"},{"Name":"UserId","Value":"other"}]']
      | mv-apply P = todynamic(Parameters) on (summarize B = make_bag(bag_pack(tostring(P.Name), P.Value)))
      | evaluate bag_unpack(B, columnsConflict='replace_source')
      | project UserId, Forward = tostring(column_ifexists("ForwardTo", ""))`), [{ UserId: 'other', Forward: 'a@y.com' }]);
  });
});

describe('operator audit: evaluate pivot (pivot-plugin)', () => {
  const STORMS = 'datatable(State:string, EventType:string, DeathsDirect:long)["AL","Wind",1,"AL","Wind",2,"AK","Wind",3,"AL","Hail",1]';

  it('with an output schema: its input columns are the keys, the others the values; a value without rows counts 0 (docs "Pivot with a query-defined output schema")', () => {
    assert.deepEqual(run(`${STORMS} | project State, EventType | evaluate pivot(State): (EventType:string, AL:long, ZZ:long)`),
      [{ EventType: 'Wind', AL: 2, ZZ: 0 }, { EventType: 'Hail', AL: 1, ZZ: 0 }]);
  });

  it('a string aggregate with no row for a value is "" (strings are never null)', () => {
    assert.deepEqual(run('datatable(K:string, V:string, G:string)["a","x","g1","b","y","g1","a","z","g2"] | evaluate pivot(K, any(V), G)'),
      [{ G: 'g1', a: 'x', b: 'y' }, { G: 'g2', a: 'z', b: '' }]);
  });
});

describe('operator audit: range (range-operator)', () => {
  it('the docs example, and a real step reaching its stop exactly', () => {
    assert.deepEqual(run('range Steps from 1 to 8 step 3'), [{ Steps: 1 }, { Steps: 4 }, { Steps: 7 }]);
    const xs = run('range x from 0.0 to 1.0 step 0.1').map((r) => r.x);
    assert.equal(xs.length, 11);
    assert.equal(xs[10], 1);
  });
});

describe('operator audit: legacy mvexpand and render (mv-expand-operator, render-operator)', () => {
  const LIST = 'range x from 1 to 200 step 1 | summarize l = make_list(x)';

  it('mvexpand makes at most 128 rows of a row unless a limit is written ("The legacy version has a default row limit of 128")', () => {
    assert.deepEqual(run(`${LIST} | mvexpand l | count`), [{ Count: 128 }]);
    assert.deepEqual(run(`${LIST} | mvexpand l limit 150 | count`), [{ Count: 150 }]);
    assert.deepEqual(run(`${LIST} | mv-expand l | count`), [{ Count: 200 }]);
  });

  it('render passes its input through', () => {
    assert.deepEqual(run('range x from 1 to 2 step 1 | render timechart'), [{ x: 1 }, { x: 2 }]);
  });
});

describe('operator audit: pivot before other operators (pivot-plugin)', () => {
  it('a value column read later is produced even when the pivot\'s input had a column of that name (AuditPolicyManipulation_using_auditpol)', () => {
    const q = `datatable(Key:string, Value:string, G:string, CommandLine:string)
      ["CommandLine", "auditpol /clear", "g1", "", "User", "bob", "g1", "", "CommandLine", "cmd /c dir", "g2", ""]
      | evaluate pivot(Key, take_any(Value), G)
      | where CommandLine has "auditpol"
      | project G, CommandLine = tostring(CommandLine), User = tostring(User)`;
    assert.deepEqual(run(q), [{ G: 'g1', CommandLine: 'auditpol /clear', User: 'bob' }]);
  });
});

describe('operator audit: documented outputs that hold (join-<kind>, lookup-operator, mv-apply-operator)', () => {
  const XY = `let X = datatable(Key:string, Value1:long)['a',1,'b',2,'b',3,'c',4];
    let Y = datatable(Key:string, Value2:long)['b',10,'c',20,'c',30,'d',40];`;
  /** Rows as sorted text lines: the docs promise no row order. */
  const rowsOf = (q: string) => run(q).map((r) => JSON.stringify(r)).sort();
  const expect = (rows: Record<string, Value>[]) => rows.map((r) => JSON.stringify(r)).sort();

  it('each join kind on the docs X and Y tables', () => {
    const full = (k: string, v1: number | null, k1: string, v2: number | null) => ({ Key: k, Value1: v1, Key1: k1, Value2: v2 });
    assert.deepEqual(rowsOf(`${XY} X | join Y on Key`), expect([full('b', 2, 'b', 10), full('c', 4, 'c', 20), full('c', 4, 'c', 30)]));
    assert.deepEqual(rowsOf(`${XY} X | join kind=leftouter Y on Key`),
      expect([full('a', 1, '', null), full('b', 2, 'b', 10), full('b', 3, 'b', 10), full('c', 4, 'c', 20), full('c', 4, 'c', 30)]));
    assert.deepEqual(rowsOf(`${XY} X | join kind=fullouter Y on Key`),
      expect([full('b', 3, 'b', 10), full('b', 2, 'b', 10), full('c', 4, 'c', 20), full('c', 4, 'c', 30), full('', null, 'd', 40), full('a', 1, '', null)]));
    assert.deepEqual(rowsOf(`${XY} X | join kind=leftsemi Y on Key`), expect([{ Key: 'b', Value1: 2 }, { Key: 'b', Value1: 3 }, { Key: 'c', Value1: 4 }]));
    assert.deepEqual(rowsOf(`${XY} X | join kind=rightanti Y on Key`), expect([{ Key: 'd', Value2: 40 }]));
  });

  it('lookup: key columns once, unmatched right columns empty (lookup-operator example)', () => {
    assert.deepEqual(run(`let FactTable=datatable(Row:string,Personal:string,Family:string)["1","Rowan","Murphy","2","Ellis","Turner","3","X","Y"];
      let DimTable=datatable(Personal:string,Family:string,Alias:string)["Rowan","Murphy","rowanm","Ellis","Turner","ellist"];
      FactTable | lookup kind=leftouter DimTable on Personal, Family`), [
      { Row: '1', Personal: 'Rowan', Family: 'Murphy', Alias: 'rowanm' },
      { Row: '2', Personal: 'Ellis', Family: 'Turner', Alias: 'ellist' },
      { Row: '3', Personal: 'X', Family: 'Y', Alias: '' },
    ]);
  });

  it('mv-apply: top elements per row, with_itemindex, and several arrays zipped (mv-apply-operator examples)', () => {
    assert.deepEqual(run(`datatable (index: int, Arr: dynamic)[0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])]
      | mv-apply Arr2=Arr to typeof(long) on (top 2 by Arr2 | summarize Top2=make_list(Arr2)) | project index, Top2`),
    [{ index: 0, Top2: [5, 3] }, { index: 1, Top2: [10, 8] }]);
    assert.deepEqual(run(`datatable (row: int, Arr: dynamic)[0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])]
      | mv-apply with_itemindex=index value=Arr to typeof(long) on (where index >= 2) | project row, value, index`),
    [{ row: 0, value: 3, index: 2 }, { row: 1, value: 8, index: 2 }, { row: 1, value: 7, index: 3 }]);
    assert.deepEqual(run(`datatable (Val: int, Arr1: dynamic, Arr2: dynamic)[1, dynamic(['A1', 'A2']), dynamic(['B1', 'B2', 'B3']), 5, dynamic(['C1', 'C2']), dynamic(['D1'])]
      | mv-apply T1=Arr1, T2=Arr2 on (extend Out = strcat(T1, "_", T2) | summarize Out= make_list(Out)) | project Val, Out`),
    [{ Val: 1, Out: ['A1_B1', 'A2_B2', '_B3'] }, { Val: 5, Out: ['C1_D1', 'C2_'] }]);
  });
});
