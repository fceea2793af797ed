// Whole-query conformance: docs examples that need no external table, run through compileQuery so the
// functions are exercised the way the plan compiler wires them. Each test names its docs page.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import { formatDatetime, type Value } from '../../../server/src/engine/values';
import { NOW } from './support';

/** Runs a query with no source tables; rows come back as objects keyed by column name. */
function run(query: string): Record<string, Value>[] {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}
const sorted = (v: Value) => [...(v as Value[])].map(String).sort();

describe('conformance: whole queries from the docs', () => {
  it('null comparisons in extend (scalar-data-types/null-values)', () => {
    const rows = run(`datatable(val:int)[5, int(null)]
      | extend IsBiggerThan3 = val > 3
      | extend IsBiggerThan3OrNull = val > 3 or isnull(val)
      | extend IsEqualToNull = val == int(null)
      | extend IsNotEqualToNull = val != int(null)`);
    assert.deepEqual(rows, [
      { val: 5, IsBiggerThan3: true, IsBiggerThan3OrNull: true, IsEqualToNull: false, IsNotEqualToNull: true },
      { val: null, IsBiggerThan3: null, IsBiggerThan3OrNull: true, IsEqualToNull: null, IsNotEqualToNull: null },
    ]);
  });

  it('arithmetic with null is null (scalar-data-types/null-values)', () => {
    assert.deepEqual(run('datatable(val:int)[5, int(null)] | extend Add = val + 10 | extend Multiply = val * 10'), [
      { val: 5, Add: 15, Multiply: 50 }, { val: null, Add: null, Multiply: null },
    ]);
  });

  it('where X != 5 keeps the null row; where X > 3 drops it (kql-semantics §2)', () => {
    assert.deepEqual(run('datatable(x:int)[5, int(null), 7] | where x != 5').map((r) => r.x), [null, 7]);
    assert.deepEqual(run('datatable(x:int)[5, int(null), 7] | where x > 3').map((r) => r.x), [5, 7]);
  });

  it('modulo signs (numerical-operators)', () => {
    assert.deepEqual(run('print plusPlus = 14 % 12, minusPlus = -14 % 12, plusMinus = 14 % -12, minusMinus = -14 % -12'),
      [{ plusPlus: 2, minusPlus: 10, plusMinus: 2, minusMinus: 10 }]);
  });

  it('integer vs real division (numerical-operators)', () => {
    assert.deepEqual(run('print a = 1.0 / 2, b = 1 / 2.0, c = 1 / 2, d = real(1) / 2'), [{ a: 0.5, b: 0.5, c: 0, d: 0.5 }]);
  });

  it('countif (countif-aggregation-function)', () => {
    const rows = run(`let T = datatable(name:string, day_of_birth:long) ["John", 9, "Paul", 18, "George", 25, "Ringo", 7];
      T | summarize countif(strlen(name) > 4)`);
    assert.deepEqual(rows, [{ countif_: 2 }]);
  });

  it('make_set flattens array arguments (make-set-aggregation-function, "Set from array column")', () => {
    // The docs write dynamic(['A1', …]); double quotes here because the plan compiler still reads dynamic
    // literals with strict JSON (reported; functions/dynamicLiteral.ts has the KQL literal reader for it).
    const [row] = run(`datatable (Val: int, Arr1: dynamic)
      [1, dynamic(["A1", "A2", "A3"]), 5, dynamic(["A2", "C1"]), 7, dynamic(["C2", "A3"]), 5, dynamic(["C2", "A1"])]
      | summarize Val_set=make_set(Val), Arr1_set=make_set(Arr1)`);
    assert.deepEqual(sorted(row.Val_set), ['1', '5', '7']);
    assert.deepEqual(sorted(row.Arr1_set), ['A1', 'A2', 'A3', 'C1', 'C2']);
  });

  it('make_bag of bag_pack (make-bag-aggregation-function)', () => {
    const rows = run(`let T = datatable(prop:string, value:string) ["prop01", "val_a", "prop02", "val_b", "prop03", "val_c"];
      T | extend p = bag_pack(prop, value) | summarize dict=make_bag(p)`);
    assert.deepEqual(rows, [{ dict: { prop01: 'val_a', prop02: 'val_b', prop03: 'val_c' } }]);
  });

  it('arg_max keeps a group whose values are all null (arg-max-aggregation-function, null handling)', () => {
    const rows = run(`datatable(Fruit: string, Color: string, Version: int) [
        "Apple", "Red", 1, "Apple", "Green", int(null), "Banana", "Yellow", int(null), "Banana", "Green", int(null),
        "Pear", "Brown", 1, "Pear", "Green", 2]
      | summarize arg_max(Version, Color) by Fruit`);
    const byFruit = Object.fromEntries(rows.map((r) => [r.Fruit, [r.Version, r.Color]]));
    assert.deepEqual(byFruit.Apple, [1, 'Red']);
    assert.equal(byFruit.Banana[0], null); // the Color is from any row of the group
    assert.deepEqual(byFruit.Pear, [2, 'Green']);
  });

  it('stdev, variance, stdevp (stdev-aggregation-function, variance-aggregation-function, stdevp-aggregation-function)', () => {
    const [row] = run('range x from 1 to 5 step 1 | summarize make_list(x), stdev(x), variance(x), stdevp(x)');
    assert.deepEqual(row.list_x, [1, 2, 3, 4, 5]);
    assert.ok(Math.abs((row.stdev_x as number) - 1.58113883008419) < 1e-12);
    assert.equal(row.variance_x, 2.5);
    assert.ok(Math.abs((row.stdevp_x as number) - 1.4142135623731) < 1e-12);
  });

  it('aggregates of an empty input without by give their defaults (summarize-operator)', () => {
    const [row] = run('datatable(x:long)[] | summarize c = count(), s = sum(x), d = dcount(x), m = max(x), l = make_list(x), st = make_set(x)');
    assert.deepEqual(row, { c: 0, s: 0, d: 0, m: null, l: [], st: [] });
  });

  it('case over a range (case-function)', () => {
    const rows = run('range Size from 1 to 15 step 2 | extend bucket = case(Size <= 3, "Small", Size <= 10, "Medium", "Large")');
    assert.deepEqual(rows.map((r) => r.bucket), ['Small', 'Small', 'Medium', 'Medium', 'Medium', 'Large', 'Large', 'Large']);
  });

  it('extract over a datatable, with typeof(int) (extract-function)', () => {
    const rows = run(`datatable(Text: string) ["User: James, Email: James@example.com, Age: 29", "User: David, Age: 35"]
      | extend UserName = extract("User: ([^,]+)", 1, Text), EmailId = extract(@"Email: (\\S+),", 1, Text), Age = extract(@"\\d+", 0, Text)`);
    assert.deepEqual(rows.map((r) => [r.UserName, r.EmailId, r.Age]), [['James', 'James@example.com', '29'], ['David', '', '35']]);
    const months = run(`datatable(DateString: string) ["15-12-2024", "21-07-2023", "10-03-2022"]
      | extend Month = extract(@"-(\\d{2})-", 1, DateString, typeof(int)) | project DateString, Month`);
    assert.deepEqual(months.map((r) => r.Month), [12, 7, 3]);
  });

  it('min_of over nullable columns (min-of-function)', () => {
    const rows = run('datatable (A: int, B: int) [5, 2, 10, 1, int(null), 3, 1, int(null), int(null), int(null)] | project r = min_of(A, B)');
    assert.deepEqual(rows.map((r) => r.r), [2, 1, 3, 1, null]);
  });

  it('datetime_diff and datetime_add in print (datetime-diff-function, datetime-add-function)', () => {
    const [d] = run(`print year = datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31)),
      week = datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
      nanosecond = datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))`);
    assert.deepEqual(d, { year: 17, week: 5, nanosecond: -700 });
    const [a] = run("print month = datetime_add('month',-15,make_datetime(2017,1,1))");
    assert.equal(formatDatetime(a.month as number), '2015-10-01T00:00:00.0000000Z');
  });

  it('split and dynamic indexing, including [-1] (split-function; kql-semantics §2)', () => {
    const [r] = run(`print a = split("aa_bb", "_"), b = split("aaa_bbb_ccc", "_", 1), c = split("a__b", "_"),
      lastPart = tostring(split(@"C:\\Windows\\System32\\cmd.exe", @"\\")[-1]), user = tostring(split("alice@contoso.com", "@")[0])`);
    assert.deepEqual(r, { a: ['aa', 'bb'], b: ['bbb'], c: ['a', '', 'b'], lastPart: 'cmd.exe', user: 'alice' });
  });

  it('in / has_any against a dynamic let (in-operator, has-any-operator)', () => {
    const rows = run(`let procs = dynamic(["cmd.exe", "powershell.exe"]);
      datatable(p: string, c: string) ["CMD.EXE", "whoami /all", "notepad.exe", "net user x /add"]
      | extend inCs = p in (procs), inCi = p in~ (procs), recon = c has_any ("whoami", "nltest")`);
    assert.deepEqual(rows.map((r) => [r.inCs, r.inCi, r.recon]), [[false, true, true], [false, false, false]]);
  });

  it('between with datetime .. timespan (between-operator)', () => {
    const rows = run(`let Start = datetime(2007-04-07);
      datatable(t: datetime) [datetime(2007-04-08), datetime(2007-04-15)] | where t between (Start .. 7d)`);
    assert.equal(rows.length, 1);
  });

  it('ago and now see the run instant (ago-function, now-function)', () => {
    const [r] = run('print a = ago(1h), n = now(), d = now() - ago(1d)');
    assert.equal(formatDatetime(r.n as number), formatDatetime(NOW));
    assert.equal(r.d, 864_000_000_000);
  });

  it('parse_json then dot paths (parse-json-function)', () => {
    const [r] = run(`print d = parse_json('{"duration":{"value":118.0,"count":5.0,"min":100.0,"max":150.0}}')
      | extend duration_value = d.duration.value, duration_min = d.duration.min`);
    assert.equal(r.duration_value, 118);
    assert.equal(r.duration_min, 100);
  });
  it('make_list_if and make_bag_if (make-list-if-aggregation-function, make-bag-if-aggregation-function)', () => {
    assert.deepEqual(run(`let T = datatable(name:string, day_of_birth:long) ["John", 9, "Paul", 18, "George", 25, "Ringo", 7];
      T | summarize make_list_if(name, strlen(name) > 4)`), [{ list_name: ['George', 'Ringo'] }]);
    assert.deepEqual(run(`let T = datatable(prop:string, value:string, predicate:bool)
        ["prop01", "val_a", true, "prop02", "val_b", false, "prop03", "val_c", true];
      T | extend p = bag_pack(prop, value) | summarize dict=make_bag_if(p, predicate)`), [{ dict: { prop01: 'val_a', prop03: 'val_c' } }]);
  });

  it('variancep and stdevif (variancep-aggregation-function, stdevif-aggregation-function)', () => {
    assert.equal(run('range x from 1 to 5 step 1 | summarize v = variancep(x)')[0].v, 2);
    const s = run('range x from 1 to 100 step 1 | summarize s = stdevif(x, x % 2 == 0)')[0].s as number;
    assert.ok(Math.abs(s - 29.1547594742265) < 1e-9);
  });

  it('division by 0.0, isinf, isfinite, isnan (isinf-function, isfinite-function, isnan-function)', () => {
    const rows = run('range x from -1 to 1 step 1 | extend y = 0.0 | extend div = 1.0*x/y | extend inf = isinf(div), fin = isfinite(div), nan = isnan(div)');
    assert.deepEqual(rows.map((r) => [r.div, r.inf, r.fin, r.nan]), [[-Infinity, true, false, false], [NaN, false, false, true], [Infinity, true, false, false]]);
  });

  it('log10 and exp10 (log10-function, exp10-function)', () => {
    const [r] = run('print a = log10(5), b = exp10(2)');
    assert.ok(Math.abs((r.a as number) - 0.69897000433601886) < 1e-15);
    assert.equal(r.b, 100);
  });
  it('operators as rules write them reach the right implementation (datatypes-string-operators)', () => {
    const [r] = run(String.raw`print c = @"C:\Windows\System32\cmd.exe /c whoami", n = 5
      | extend a = c matches regex @"(?i)system32\\cmd", b = n !between (1 .. 4), d = c !has_cs "CMD", e = c hassuffix "exe",
        f = "CMD.EXE" !in~ ("cmd.exe"), g = c =~ toupper(c), h = c !~ "x", i = not(n > 3), j = c !contains "whoami"`);
    assert.deepEqual([r.a, r.b, r.d, r.e, r.f, r.g, r.h, r.i, r.j], [true, true, true, true, false, true, true, false, false]);
  });
});
