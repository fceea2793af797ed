// Bugs found by checking the engine against the documented semantics of Microsoft's KQL docs
// (https://learn.microsoft.com/en-us/kusto/query/<page>); each test names its page. Whole queries run through
// compileQuery, so the functions are wired the way the plan compiler wires them.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import type { Value } from '../../../server/src/engine/values';
import { NOW } from './support';

/** Runs a query with no source tables; rows come back as objects keyed by column name. */
function run(query: string): Record<string, Value>[] {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}
const one = (query: string): Record<string, Value> => run(query)[0];

describe('conformance: documented semantics (bug hunt, issue 5)', () => {
  it('make_set/make_list honour maxSize inside summarize (make-set-aggregation-function, make-list-aggregation-function)', () => {
    const row = one('datatable(x:long)[1,2,3,4] | summarize s = make_set(x, 2), l = make_list(x, 3), si = make_set_if(x, x > 1, 1)');
    assert.equal((row.s as Value[]).length, 2);
    assert.deepEqual(row.l, [1, 2, 3]);
    assert.equal((row.si as Value[]).length, 1);
  });

  it('deprecated makeset/makelist default to 128 elements (make-set-aggregation-function note)', () => {
    const row = one('range x from 1 to 200 step 1 | summarize s = makeset(x), l = makelist(x), n = make_set(x)');
    assert.equal((row.s as Value[]).length, 128);
    assert.equal((row.l as Value[]).length, 128);
    assert.equal((row.n as Value[]).length, 200);
  });

  it('make_list keeps an array value as one element; make_set flattens (make-list-aggregation-function)', () => {
    const row = one(`datatable(a:long, b:string)[1, "x", 2, "y", 2, "y"]
      | summarize l = make_list(pack_array(a, b)), s = make_set(pack_array(a, b))`);
    assert.deepEqual(row.l, [[1, 'x'], [2, 'y'], [2, 'y']]);
    assert.deepEqual([...(row.s as Value[])].map(String).sort(), ['1', '2', 'x', 'y']);
  });

  it('arithmetic with a dynamic operand works on the number it holds; non-numbers give null (numerical-operators)', () => {
    const row = one(`print a = parse_json('{"n":5}').n + 1, b = dynamic(5) * 1.5, c = 10 - dynamic(4),
      d = dynamic(7) % 3, e = dynamic("5") + 1, f = dynamic(null) * 2`);
    assert.deepEqual(row, { a: 6, b: 7.5, c: 6, d: 1, e: null, f: null });
    // next to a long the dynamic takes the long type the analyzer gives the result
    assert.deepEqual(one('print a = dynamic(5.5) + 1, b = dynamic(5.5) * 2.0'), { a: 6, b: 11 });
  });

  it('array_sum is null when an element is not a number (array-sum-function)', () => {
    assert.deepEqual(one('print a = array_sum(dynamic([1,2,3,4])), b = array_sum(dynamic([1,"2"])), c = array_sum(dynamic([1.5,{"x":1}]))'),
      { a: 10, b: null, c: null });
  });

  it('parse_json("") is null; "[]" and "{}" are not (isnull-function, isempty-function tables)', () => {
    assert.deepEqual(one(`print a = isnull(parse_json("")), b = isnull(parse_json("[]")), c = isnull(parse_json("{}")),
      d = isempty(parsejson("")), e = isempty(parsejson("[]")), f = isnull(""), g = isnull("x")`),
    { a: true, b: false, c: false, d: true, e: false, f: false, g: false });
  });

  it('todatetime reads the documented forms and nothing else (todatetime-function, scalar-data-types/datetime)', () => {
    const row = one(`print iso = tostring(todatetime("2014-05-25T08:20:03.123456Z")),
      rfc822 = tostring(todatetime("Sat, 8 Nov 14 15:05:02 GMT")), rfc850 = tostring(todatetime("Saturday, 08-Nov-14 15:05:02 GMT")),
      dmy = tostring(todatetime("12-02-2022")), n = tostring(todatetime("12")), y = tostring(todatetime("2020")),
      word = tostring(todatetime("abc 12")), x = tostring(extract(@"(\d+)", 1, "a12", typeof(datetime)))`);
    assert.deepEqual(row, {
      iso: '2014-05-25T08:20:03.1234560Z', rfc822: '2014-11-08T15:05:02.0000000Z', rfc850: '2014-11-08T15:05:02.0000000Z',
      dmy: '2022-12-02T00:00:00.0000000Z', n: '', y: '', word: '', x: '',
    });
  });

  it('indexof_regex: non-overlapping matches, bad start is null (indexof-regex-function)', () => {
    assert.deepEqual(one(`print idx1 = indexof_regex("abcabc", @"a.c"), idx2 = indexof_regex("abcabcdefg", @"a.c", 0, 9, 2),
      idx3 = indexof_regex("abcabc", @"a.c", 1, -1, 2), idx4 = indexof_regex("ababaa", @"a.a", 0, -1, 2),
      idx5 = indexof_regex("abcabc", @"a|ab", -1)`), { idx1: 0, idx2: 3, idx3: -1, idx4: -1, idx5: null });
  });

  it('strcmp (strcmp-function)', () => {
    assert.deepEqual(one('print a = strcmp("ABC", "ABC"), b = strcmp("abc", "ABC"), c = strcmp("ABC", "abc"), d = strcmp("abcde", "abc")'),
      { a: 0, b: 1, c: -1, d: 1 });
  });

  it('gettype (gettype-function)', () => {
    assert.deepEqual(one(`print a = gettype("a"), b = gettype(111), c = gettype(1 == 1), d = gettype(now()), e = gettype(1s),
      f = gettype(parse_json('1')), g = gettype(parse_json(' "abc" ')), h = gettype(parse_json(' {"abc":1} ')),
      i = gettype(parse_json(' [1, 2, 3] ')), j = gettype(123.45), k = gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254)),
      l = gettype(parse_json(''))`), {
      a: 'string', b: 'long', c: 'bool', d: 'datetime', e: 'timespan', f: 'int', g: 'string', h: 'dictionary',
      i: 'array', j: 'real', k: 'guid', l: 'null',
    });
  });

  it('trigonometry, degrees, radians (cos-function, atan2-function, degrees-function, radians-function)', () => {
    const row = one('print c = cos(0), s = sin(0), t = atan2(1, 1) * 4, d = degrees(pi() / 2), r = radians(180), k = cot(pi() / 4)');
    assert.equal(row.c, 1); assert.equal(row.s, 0); assert.equal(row.t, Math.PI);
    assert.equal(row.d, 90); assert.equal(row.r, Math.PI); assert.ok(Math.abs((row.k as number) - 1) < 1e-12);
  });

  it('array_iff (array-iff-function examples)', () => {
    assert.deepEqual(one(`print a = array_iff(dynamic([true,false,true]), dynamic([1,2,3]), dynamic([4,5,6])),
      b = array_iff(dynamic([1,0,50]), "yes", "no"), c = array_iff(dynamic(["some string value", "x", null]), 1, 0),
      d = array_iff(dynamic([true,true,true]), dynamic([1,2]), dynamic([3,4]))`),
    { a: [1, 5, 3], b: ['yes', 'no', 'yes'], c: [null, null, null], d: [1, 2, null] });
  });

  it('array_rotate_* and array_shift_* (array-rotate-left-function, array-shift-left-function, …)', () => {
    assert.deepEqual(one(`let a = dynamic([1,2,3,4,5]); print rl = array_rotate_left(a, 2), rln = array_rotate_left(a, -2),
      rr = array_rotate_right(a, 2), sl = array_shift_left(a, 2), sln = array_shift_left(a, -2), slf = array_shift_left(a, 2, -1),
      sr = array_shift_right(a, 2, -1)`), {
      rl: [3, 4, 5, 1, 2], rln: [4, 5, 1, 2, 3], rr: [4, 5, 1, 2, 3], sl: [3, 4, 5, null, null], sln: [null, null, 1, 2, 3],
      slf: [3, 4, 5, -1, -1], sr: [-1, -1, 1, 2, 3],
    });
  });

  it('jaccard_index (jaccard-index-function examples)', () => {
    assert.deepEqual(one(`print a = jaccard_index(dynamic([1, 2, 3]), dynamic([])), b = jaccard_index(dynamic([1, 2, 3]), dynamic([1, 2, 3, 4])),
      c = jaccard_index(dynamic([1, 2, 3]), dynamic([4, 5, 6])), d = jaccard_index(dynamic(["a", "s", "d"]), dynamic(["f", "d", "s", "a"])),
      e = jaccard_index(dynamic(["Chewbacca", "Darth Vader", "Han Solo"]), dynamic(["Darth Sidious", "Darth Vader"]))`),
    { a: 0, b: 0.75, c: 0, d: 0.75, e: 0.25 });
  });

  it('percentile is the nearest-rank value, nulls ignored (percentiles-aggregation-function)', () => {
    assert.deepEqual(one('range x from 1 to 10 step 1 | summarize p50 = percentile(x, 50), p90 = percentile(x, 90), p0 = percentile(x, 0), p100 = percentile(x, 100)'),
      { p50: 5, p90: 9, p0: 1, p100: 10 });
    assert.deepEqual(run('datatable(x:real, g:string)[1.5,"a", 2.5,"a", 9.0,"a", real(null),"a", 4,"b"] | summarize p = percentile(x, 50) by g'),
      [{ g: 'a', p: 2.5 }, { g: 'b', p: 4 }]);
  });

  it('format_ipv4/format_ipv4_mask accept the address as a number (format-ipv4-function)', () => {
    assert.deepEqual(one(`print a = format_ipv4(3221334017), b = format_ipv4(3221334017, 24), c = format_ipv4_mask(3221334017, 24),
      d = format_ipv4('192.168.1.255', 24), e = format_ipv4(-1)`),
    { a: '192.1.168.1', b: '192.1.168.0', c: '192.1.168.0/24', d: '192.168.1.0', e: '' });
  });

  it('format_timespan and format_datetime docs queries, with time()/datetime() literals (format-timespan-function, format-datetime-function)', () => {
    assert.deepEqual(one(`let t = time(29.09:00:05.12345); print v1 = format_timespan(t, 'dd.hh:mm:ss:FF'), v2 = format_timespan(t, 'ddd.h:mm:ss [fffffff]')`),
      { v1: '29.09:00:05:12', v2: '029.9:00:05 [1234500]' });
    assert.deepEqual(one(`let dt = datetime(2017-01-29 09:00:05); print v1 = format_datetime(dt, 'yy-MM-dd [HH:mm:ss]'),
      v2 = format_datetime(dt, 'yyyy-M-dd [H:mm:ss]'), v3 = format_datetime(dt, 'yy-MM-dd [hh:mm:ss tt]')`),
    { v1: '17-01-29 [09:00:05]', v2: '2017-1-29 [9:00:05]', v3: '17-01-29 [09:00:05 AM]' });
  });

  it('make_list_with_nulls keeps nulls in input order (make-list-with-nulls-aggregation-function)', () => {
    assert.deepEqual(one('datatable(x:long, s:string)[1, "a", long(null), "", 3, "c"] | summarize l = make_list_with_nulls(x), ls = make_list_with_nulls(s)'),
      { l: [1, null, 3], ls: ['a', '', 'c'] });
  });
});
