// Faithfulness audit of scalar functions, aggregates and values (issue 5): each case is a documented behaviour
// (https://learn.microsoft.com/en-us/kusto/query/<page>, quoted) that the engine answered differently.
// Whole queries run through compileQuery, so functions are wired the way the plan compiler wires them.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import type { Value } from '../../../server/src/engine/values';
import { NOW, ticks as ticksOf } from './support';

/** Runs a query with no source tables; rows come back as objects keyed by column name. */
function run(query: string): Record<string, Value>[] {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
}
const one = (query: string): Record<string, Value> => run(query)[0];
const types = (query: string): string[] => compileQuery(query).columns.map((c) => `${c.name}:${c.type}`);

describe('conformance: scalar/aggregate audit (issue 5)', () => {
  it('avg of no values is NaN (summarize-operator: "The result of avg_x(x) is NaN due to dividing by 0")', () => {
    const row = one('datatable(x:long)[] | summarize avg(x), sum(x), stdev(x), variance(x), max(x)');
    assert.ok(Number.isNaN(row.avg_x as number), `avg_x = ${row.avg_x}`);
    assert.deepEqual({ ...row, avg_x: 'NaN' }, { avg_x: 'NaN', sum_x: 0, stdev_x: 0, variance_x: 0, max_x: null });
    // nulls are ignored and don't factor into the calculation (same page): a group of nulls divides by 0 too
    const groups = run('datatable(k:string, x:real)["a", 1.0, "a", real(null), "b", real(null)] | summarize a = avg(x), ai = avgif(x, x > 5) by k');
    assert.equal(groups[0].a, 1);
    assert.ok(Number.isNaN(groups[0].ai as number) && Number.isNaN(groups[1].a as number));
    // documented companion example: range x from 1 to 4 | extend y = iff(x == 1, real(null), real(5)) | summarize sum(y), avg(y)
    assert.deepEqual(one('range x from 1 to 4 step 1 | extend y = iff(x == 1, real(null), real(5)) | summarize sum(y), avg(y)'), { sum_y: 15, avg_y: 5 });
    // datetimes and timespans have no NaN: their average of nothing is null (it used to crash the output)
    assert.deepEqual(one('datatable(t:datetime, s:timespan)[] | summarize a = avg(t), b = avg(s)'), { a: null, b: null });
  });

  it('tolong/todouble/toint of a datetime count ticks since 0001-01-01 (scalar-data-types/datetime: "a particular date is the number of ticks since 12:00 midnight, January 1, 0001")', () => {
    const row = one(`print a = tolong(datetime(0100-01-01)), b = tolong(datetime(1970-01-01)), c = todouble(datetime(2020-01-01)),
      d = tolong(datetime(0001-01-01)), e = tolong(datetime(null))`);
    // the page's own example: "a ticks value of 31241376000000000 represents the date, Friday, January 01, 0100"
    assert.deepEqual(row, { a: 31241376000000000, b: 621355968000000000, c: 637134336000000000, d: 0, e: null });
    // the common unix-time idiom of rules
    assert.equal(one('print s = (tolong(datetime(2021-01-01)) - 621355968000000000) / 10000000').s, 1609459200);
  });

  it('strlen counts Unicode code points (strlen-function: "This function counts Unicode code points")', () => {
    // the page's examples: "⒦⒰⒮⒯⒪" is 5, 'Çedilla' with a combining cedilla is 8; a character outside the BMP is one code point
    assert.deepEqual(one('print a = strlen("⒦⒰⒮⒯⒪"), b = strlen("C\u0327edilla"), c = strlen("a😀b"), d = strlen("😀😀"), e = strlen("")'),
      { a: 5, b: 8, c: 3, d: 2, e: 0 });
  });

  it('percentiles, percentiles_array and the weighted forms (percentiles-aggregation-function, percentilesw-aggregation-function)', () => {
    // percentilesw docs: 8 × 10, 6 × 20, 3 × 30, 1 × 40 -> 50: 20, 75: 20, 99.9: 40, one column per percentage
    const latency = 'datatable(ReqCount:long, LatencyBucket:long)[8, 10, 6, 20, 3, 30, 1, 40]';
    assert.deepEqual(run(`${latency} | summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9)`),
      [{ percentile_LatencyBucket_50: 20, percentile_LatencyBucket_75: 20, percentile_LatencyBucket_99_9: 40 }]);
    assert.deepEqual(one(`${latency} | summarize a = percentilesw_array(LatencyBucket, ReqCount, 50, 75, 99.9),
      b = percentilesw_array(LatencyBucket, ReqCount, dynamic([50, 75, 99.9]))`), { a: [20, 20, 40], b: [20, 20, 40] });
    // nearest rank ("Nearest-rank percentile" section): rank ceil(p/100 × n); 0 and 100 are the exact min and max
    const rows = run('range x from 1 to 10 step 1 | summarize percentiles(x, 0, 5, 50, 95, 100), arr = percentiles_array(x, 10, 90) by k = x % 2');
    assert.deepEqual(types('range x from 1 to 10 step 1 | summarize percentiles(x, 5, 50)'), ['percentile_x_5:long', 'percentile_x_50:long']);
    assert.deepEqual(rows, [
      { k: 1, percentile_x_0: 1, percentile_x_5: 1, percentile_x_50: 5, percentile_x_95: 9, percentile_x_100: 9, arr: [1, 9] },
      { k: 0, percentile_x_0: 2, percentile_x_5: 2, percentile_x_50: 6, percentile_x_95: 10, percentile_x_100: 10, arr: [2, 10] },
    ]);
  });

  // Functions the engine reported as unsupported; each expected value is the docs page's documented output.
  it('array_split, repeat, range(), bag_zip, bag_set_key (array-split-function, repeat-function, range-function, bag-zip, bag-set-key-function)', () => {
    assert.deepEqual(one(`print a = array_split(dynamic([1,2,3,4,5]), 2), b = array_split(dynamic([1,2,3,4,5]), dynamic([1,3])),
      c = repeat(1, 3), d = repeat("x", 0), e = repeat(1, -1), f = range(1, 8, 3), g = range(1, 3),
      h = array_length(range(datetime(2007-01-01), datetime(2007-12-31), 1d)), i = range(datetime(2007-01-01), datetime(2007-01-01 01:00))`),
    { a: [[1, 2], [3, 4, 5]], b: [[1], [2, 3], [4, 5]], c: [1, 1, 1], d: [], e: null, f: [1, 4, 7], g: [1, 2, 3], h: 365,
      i: ['2007-01-01T00:00:00.0000000Z', '2007-01-01T01:00:00.0000000Z'] });
    assert.deepEqual(one(`print a = bag_zip(dynamic(['a', 'b', 'c']), dynamic([1, '2', 3.4])), b = bag_zip(dynamic(['a', 'b', 'c']), dynamic([1, '2'])),
      c = bag_zip(dynamic(['a', 'b']), dynamic([1, '2', 2.5])), d = bag_zip(dynamic(['a', 1]), dynamic([1, 2]))`),
    { a: { a: 1, b: '2', c: 3.4 }, b: { a: 1, b: '2', c: null }, c: { a: 1, b: '2' }, d: { a: 1 } });
    assert.deepEqual(run(`datatable(input: dynamic)[dynamic({'key1': 1, 'key2': 2}), dynamic({'key1': 1, 'key3': 'abc'}), dynamic([1])]
      | extend result = bag_set_key(input, 'key3', 3), nested = bag_set_key(input, '$.key2.prop1', 'abc') | project result, nested`), [
      { result: { key1: 1, key2: 2, key3: 3 }, nested: { key1: 1, key2: { prop1: 'abc' } } },
      { result: { key1: 1, key3: 3 }, nested: { key1: 1, key3: 'abc', key2: { prop1: 'abc' } } },
      { result: null, nested: null },
    ]);
  });

  it('translate, regex_quote, isascii, unicode_codepoints_from_string, base64_encode_fromarray, format_bytes (their function pages)', () => {
    assert.deepEqual(one(`print a = translate("abc", "x", "abc"), b = translate("abc", "", "ab"), c = translate("krasp", "otsku", "spark"),
      d = regex_quote('(so$me.Te^xt)'), e = isascii("some string"), f = isascii("é"),
      g = unicode_codepoints_from_string("קוסטו - Kusto"), h = unicode_codepoints_to_string(unicode_codepoints_from_string("Kusto")),
      i = base64_encode_fromarray(base64_decode_toarray("S3VzdG8="))`),
    { a: 'xxx', b: '', c: 'kusto', d: '\\(so\\$me\\.Te\\^xt\\)', e: true, f: false,
      g: [1511, 1493, 1505, 1496, 1493, 32, 45, 32, 75, 117, 115, 116, 111], h: 'Kusto', i: 'S3VzdG8=' });
    assert.deepEqual(one(`print v1 = format_bytes(564), v2 = format_bytes(10332, 1), v3 = format_bytes(20010332),
      v4 = format_bytes(20010332, 2), v5 = format_bytes(20010332, 0, "KB")`),
    { v1: '564 Bytes', v2: '10.1 KB', v3: '19 MB', v4: '19.08 MB', v5: '19541 KB' });
  });

  it('hash_xxhash64 and bitset_count_ones (hash-xxhash64-function, bitset-count-ones-function)', () => {
    const row = one('print a = hash_xxhash64("World", 100), b = hash_xxhash64(datetime("2015-01-01")) == hash(datetime("2015-01-01")), c = bitset_count_ones(42)');
    assert.deepEqual(row, { a: 51, b: true, c: 3 });
  });

  it('datetime_local_to_utc and datetime_utc_to_local (datetime-local-to-utc-function, datetime-utc-to-local-function)', () => {
    assert.deepEqual(run(`datatable(local_dt: datetime, tz: string)[datetime(2020-02-02 20:02:20), 'US/Pacific',
        datetime(2020-02-02 20:02:20), 'America/Chicago', datetime(2020-02-02 20:02:20), 'Europe/Paris']
      | project tz, utc_dt = tostring(datetime_local_to_utc(local_dt, tz))`), [
      { tz: 'US/Pacific', utc_dt: '2020-02-03T04:02:20.0000000Z' },
      { tz: 'America/Chicago', utc_dt: '2020-02-03T02:02:20.0000000Z' },
      { tz: 'Europe/Paris', utc_dt: '2020-02-02T19:02:20.0000000Z' },
    ]);
    // the DST example: the skipped 02:00 maps to 00:00 UTC and back to 01:00, one hour off
    assert.deepEqual(run(`range Local from datetime(2022-03-27 01:00:00) to datetime(2022-03-27 04:00:00) step 1h
      | extend UTC = datetime_local_to_utc(Local, 'Europe/Brussels') | extend BackToLocal = datetime_utc_to_local(UTC, 'Europe/Brussels')
      | project UTC = format_datetime(UTC, 'HH:mm'), diff = tostring(Local - BackToLocal)`),
    [{ UTC: '00:00', diff: '00:00:00' }, { UTC: '00:00', diff: '01:00:00' }, { UTC: '01:00', diff: '00:00:00' }, { UTC: '02:00', diff: '00:00:00' }]);
    const row = one(`print p = tostring(datetime_utc_to_local(datetime(2022-07-11 22:18:48.4678620), 'US/Pacific')),
      c = tostring(datetime_utc_to_local(datetime(2022-07-11 22:18:48.4678620), 'Australia/Canberra'))`);
    assert.deepEqual(row, { p: '2022-07-11T15:18:48.4678620Z', c: '2022-07-12T08:18:48.4678620Z' });
    assert.throws(() => run('print datetime_utc_to_local(datetime(2020-01-01), "Nowhere/Special")'), /not a supported time zone at 1:7/);
  });

  it('covariance, covariancep, covarianceif, covariancepif, variancepif (their aggregation-function pages)', () => {
    // column names are the analyzer's (covariance_x); the pages print covariance_x_y
    assert.deepEqual(one(`datatable(x:real, y:real)[1.0, 14.0, 2.0, 10.0, 3.0, 17.0, 4.0, 20.0, 5.0, 50.0]
      | summarize covariance(x, y), covariancep(x, y)`), { covariance_x: 20.5, covariancep_x: 16.4 });
    const row = one(`range x from 1 to 100 step 1 | extend y = iff(x % 2 == 0, x * 2, x * 3)
      | summarize a = covarianceif(x, y, x % 3 == 0), b = round(covariancepif(x, y, x % 3 == 0), 11), c = variancepif(x, x % 2 == 0), d = varianceif(x, x % 2 == 0)`);
    // variancepif's page prints 850, the sample variance of its varianceif page; the population variance of 2, 4, … 100 is 833
    assert.deepEqual(row, { a: 2142, b: 2077.09090909091, c: 833, d: 850 });
  });

  it('dynamic literals hold timespan literals such as 1h (scalar-data-types/dynamic: literals "may also include other Kusto literals with types: datetime, timespan, …")', () => {
    // the query used to fail with a DynamicLiteralError stack trace
    assert.deepEqual(one('print d = dynamic({"a": datetime(1970-05-11), "b": 1h, "h": [30m, 1.5s, 2d, 100ms]})').d,
      { a: '1970-05-11T00:00:00.0000000Z', b: '01:00:00', h: ['00:30:00', '00:00:01.5000000', '2.00:00:00', '00:00:00.1000000'] });
    assert.equal(one('print t = totimespan(dynamic({"b": 90m}).b)').t, 90 * 60 * 10_000_000);
  });

  it('element-wise series functions and series statistics (series-add-function, series-divide-function, series-greater-function, series-abs-function, series-sum-function, series-stats-dynamic-function, series-stats-function)', () => {
    assert.deepEqual(run(`range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2
      | project add = series_add(pack_array(x, y, z), pack_array(z, y, x)), div = series_divide(pack_array(x, y, z), pack_array(z, y, x))`), [
      { add: [5, 4, 5], div: [0.25, 1, 4] }, { add: [10, 8, 10], div: [0.25, 1, 4] }, { add: [15, 12, 15], div: [0.25, 1, 4] },
    ]);
    // a non-numeric or missing element gives a null element; a number stands for every position
    assert.deepEqual(one(`print g = series_greater(dynamic([1,2,4]), dynamic([4,2,1])), a = series_abs(dynamic([-6.5,0,8.2])),
      m = series_multiply(10, dynamic([1,-1,0])), n = series_add(dynamic([1,"x",3]), dynamic([1,1])),
      s = series_sum(dynamic([1,2,3,4])), p = series_product(dynamic([1,2,3,4])), mag = series_magnitude(dynamic([1,2,3,4]))`),
    { g: [false, false, true], a: [6.5, 0, 8.2], m: [10, -10, 0], n: [2, null, null], s: 10, p: 24, mag: Math.sqrt(30) });
    const stats = one('print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project s = series_stats_dynamic(x)').s as Record<string, number>;
    assert.deepEqual({ ...stats, stdev: stats.stdev.toFixed(10), variance: stats.variance.toFixed(9) },
      { min: 2, min_idx: 8, max: 87, max_idx: 3, avg: 32.8, stdev: '28.5036338535', variance: '812.457142857', sum: 492, len: 15 });
    assert.deepEqual(one(`print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29])
      | extend (mn, mn_i, mx, mx_i, avg, sd, v) = series_stats(x) | project mn, mn_i, mx, mx_i, avg`), { mn: 2, mn_i: 8, mx: 87, mx_i: 3, avg: 32.8 });
    // ignore_nonfinite defaults to false: "returns null if non-finite values are present in the array"
    assert.equal(one('print s = series_stats_dynamic(dynamic([1, null, 3]))').s, null);
    assert.equal((one('print s = series_stats_dynamic(dynamic([1, null, 3]), true)').s as Record<string, Value>).max, 3);
  });

  it('has_any_ipv4_prefix (has-any-ipv4-prefix-function)', () => {
    assert.deepEqual(one(`print a = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.', '192.168.'),
      b = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', dynamic(["127.0.", "192.168."])),
      c = has_any_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0', '192.168.'),
      d = has_any_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.', '192.')`), { a: true, b: true, c: false, d: false });
  });

  it('IPv6 functions (parse-ipv6-function, parse-ipv6-mask-function, ipv6-compare-function, ipv6-is-match-function, ipv6-is-in-range-function, ipv6-is-in-any-range-function)', () => {
    assert.deepEqual(run(`datatable(ip: string)['192.168.255.255', '192.168.255.255/24', '255.255.255.255', 'not an ip'] | project p = parse_ipv6(ip)`).map((r) => r.p),
      ['0000:0000:0000:0000:0000:ffff:c0a8:ffff', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:ffff:ffff', '']);
    assert.deepEqual(run(`datatable(ip_string: string, netmask: long)['192.168.255.255', 120, '192.168.255.255/24', 124, '255.255.255.255', 128,
        'fe80::85d:e82c:9446:7994', 128, 'fe80::85d:e82c:9446:7994/120', 124, '::192.168.255.255', 128, '::192.168.255.255/24', 128]
      | project m = parse_ipv6_mask(ip_string, netmask)`).map((r) => r.m), [
      '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:c0a8:ff00', '0000:0000:0000:0000:0000:ffff:ffff:ffff',
      'fe80:0000:0000:0000:085d:e82c:9446:7994', 'fe80:0000:0000:0000:085d:e82c:9446:7900', '0000:0000:0000:0000:0000:ffff:c0a8:ffff',
      '0000:0000:0000:0000:0000:ffff:c0a8:ff00']);
    // the pages' equality cases (all 0 / true), then order and invalid input
    const pairs = `['192.168.1.1', '192.168.1.1', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24',
      '192.168.1.1/30', '192.168.1.255/24', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998',
      '192.168.1.1', '::ffff:c0a8:0101', '192.168.1.1/24', '::ffff:c0a8:01ff', '::192.168.1.1/30', '192.168.1.255/24']`;
    assert.ok(run(`datatable(a: string, b: string)${pairs} | project c = ipv6_compare(a, b), m = ipv6_is_match(a, b)`).every((r) => r.c === 0 && r.m === true));
    assert.deepEqual(one(`print a = ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127), b = ipv6_compare('::1', '::2'),
      c = ipv6_compare('::2', '::1'), d = ipv6_is_match('::1', 'bad'), e = ipv6_is_match('fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120)`),
    { a: 0, b: -1, c: 1, d: null, e: true });
    assert.deepEqual(run(`datatable(ip: string, range: string)['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112',
        'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', '0:0:0:0:0:ffff:c0a8:ac/60']
      | project r = ipv6_is_in_range(ip, range)`).map((r) => r.r), [true, true, false]);
    assert.deepEqual(run(`let LocalNetworks = dynamic(["a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60"]);
      datatable(IP: string)["a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c756:abd1"]
      | project IsLocal = ipv6_is_in_any_range(IP, LocalNetworks)`).map((r) => r.IsLocal), [true, false]);
  });
  it('base64 guids, zlib decompression, parse_csv, new_guid (their function pages)', () => {
    // each page's documented output; note the two guid examples are not exact inverses of each other (decode reads the third group in order)
    assert.deepEqual(one(`print a = base64_encode_fromguid(toguid("ae3133f2-6e22-49ae-b06a-16e6a9b212eb")), b = tostring(base64_decode_toguid("JpbpECu8dUy7Pv5gbeJXAA==")),
      c = isnull(base64_decode_toguid("abcd1231")), d = zlib_decompress_from_base64_string("eJwLSS0uUSguKcrMS1cwNDIGACxqBQ4="),
      e = zlib_decompress_from_base64_string("x0x0x0"), g = gettype(new_guid())`),
    { a: '8jMxriJurkmwahbmqbIS6w==', b: '10e99626-bc2b-754c-bb3e-fe606de25700', c: true, d: 'Test string 123', e: '', g: 'guid' });
    assert.deepEqual(one(`print r = parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\\nline2"'), m = parse_csv('record1,a,b,c\\nrecord2,x,y,z')`),
      { r: ['aa', 'b,b,b', 'cc', 'Escaping quotes: "Title"', 'line1\nline2'], m: ['record1', 'a', 'b', 'c'] });
  });
  it('iff/case/coalesce cast a dynamic branch to the type the analyzer gives the call (iff-function, case-function, coalesce-function: the result type is the branches\' common type)', () => {
    // Kusto.Language types iff(c, datetime(…), dynamic(…)) as datetime; the dynamic branch used to come out raw
    // ("NaN:NaN:NaN" for a timespan, a crash for a datetime)
    assert.deepEqual(types('print a = iff(false, datetime(2020-01-01), dynamic("2021-01-01")), b = iff(false, 1h, dynamic("x"))'),
      ['a:datetime', 'b:timespan']);
    assert.deepEqual(one(`print a = tostring(iff(false, datetime(2020-01-01), dynamic("2021-01-01"))), b = iff(false, 1h, dynamic("x")),
      c = iff(false, 5, dynamic("7")), d = iff(false, "s", dynamic([1,2])), e = case(false, 1, dynamic("x")),
      f = tostring(iff(false, dynamic(1), datetime(2020-01-01)))`),
    { a: '2021-01-01T00:00:00.0000000Z', b: null, c: 7, d: '[1,2]', e: null, f: '2020-01-01T00:00:00.0000000Z' });
  });
  it('pack_all, bag_pack_columns, row_cumsum, row_rank_dense, row_rank_min (their function pages)', () => {
    assert.deepEqual(run(`datatable(Source:string, Target:string, CharsCount:long)['555-1234','555-1212',46, '555-1313','',42, '','555-3456',74]
      | extend Packed = pack_all(), PackedIgnoreNullEmpty = pack_all(true) | project Packed, PackedIgnoreNullEmpty`), [
      { Packed: { Source: '555-1234', Target: '555-1212', CharsCount: 46 }, PackedIgnoreNullEmpty: { Source: '555-1234', Target: '555-1212', CharsCount: 46 } },
      { Packed: { Source: '555-1313', Target: '', CharsCount: 42 }, PackedIgnoreNullEmpty: { Source: '555-1313', CharsCount: 42 } },
      { Packed: { Source: '', Target: '555-3456', CharsCount: 74 }, PackedIgnoreNullEmpty: { Target: '555-3456', CharsCount: 74 } },
    ]);
    assert.deepEqual(run('datatable(Id: string, Value: string, Other: long)["A", "val_a", 1] | project Packed = bag_pack_columns(Id, Value)'),
      [{ Packed: { Id: 'A', Value: 'val_a' } }]);
    assert.deepEqual(run('datatable(a:long)[1, 2, 3, 4, 5, 6, 7, 8, 9, 10] | where a % 2 == 0 | serialize cs = row_cumsum(a) | project cs').map((r) => r.cs),
      [2, 6, 12, 20, 30]);
    assert.deepEqual(run(`datatable(name:string, month:int, salary:long)["Alice", 1, 1000, "Bob", 1, 1000, "Alice", 2, 2000, "Bob", 2, 1950, "Alice", 3, 1400, "Bob", 3, 1450]
      | order by name asc, month asc | extend total = row_cumsum(salary, name != prev(name)) | project total`).map((r) => r.total),
    [1000, 3000, 4400, 1000, 2950, 4400]);
    const ranks = run(`datatable(Airport:string, Airline:string, Departures:long)["SEA", "LH", 3, "SEA", "LY", 100, "SEA", "UA", 3, "SEA", "BA", 2, "SEA", "EL", 3]
      | sort by Departures asc | extend Dense = row_rank_dense(Departures), Min = row_rank_min(Departures) | project Dense, Min`);
    assert.deepEqual(ranks.map((r) => [r.Dense, r.Min]), [[1, 1], [2, 2], [2, 2], [2, 2], [3, 5]]);
    assert.deepEqual(run(`datatable(Category:string, Item:string, Value:int)["A", "item1", 10, "A", "item2", 10, "A", "item3", 5, "A", "item4", 20, "B", "item2", 5, "B", "item1", 7]
      | sort by Category asc, Value asc | extend rank = row_rank_min(Value, Category != prev(Category)) | project rank`).map((r) => r.rank),
    [1, 2, 2, 4, 1, 2]);
  });
  it('column_ifexists of a data-dependent (dynamic) column takes the default\'s type (column-ifexists-function: the result has the type of the default)', () => {
    // a datetime default over a bag_unpack column used to put the raw string in a datetime column (a crash when printed)
    const table = compileQuery(`datatable(d:dynamic)[dynamic({"X":"2020-01-01", "N":5})] | evaluate bag_unpack(d)
      | project t = column_ifexists("X", datetime(null)), n = column_ifexists("N", 0) + 1, s = column_ifexists("X", "")`).run(() => undefined, { now: NOW });
    assert.deepEqual(table.columns.map((c) => c.type), ['datetime', 'long', 'string']);
    assert.deepEqual(table.rows[0].slice(0, 3), [ticksOf('2020-01-01'), 6, '2020-01-01']);
  });
  it('a user function\'s scalar parameter takes its declared type (user-defined-functions: parameters are typed; f(x:datetime) called with a dynamic)', () => {
    // the body is analysed with x:datetime; the dynamic argument used to reach it as a string (a crash when printed)
    assert.deepEqual(one(`let f = (x:datetime) { x + 1d }; let g = (n:long, s:string) { n + strlen(s) };
      print a = tostring(f(dynamic("2020-01-01"))), b = g(dynamic(5), dynamic("ab")), c = g(int(3), "x")`),
    { a: '2020-01-02T00:00:00.0000000Z', b: 7, c: 4 });
  });
  it('datetimes stay in 0001-01-01 … 9999-12-31 23:59:59.9999999 (scalar-data-types/datetime): overflowing computations are null, the largest value prints', () => {
    // these used to print "+012020-01-01T00:00.00.0000Z" and the like
    assert.deepEqual(one(`print a = datetime_add("year", 10000, datetime(2020-01-01)), b = datetime(9999-12-31) + 2d, c = datetime(0001-01-01) - 1d,
      d = unixtime_seconds_todatetime(1e12), e = make_datetime(10000, 1, 1), f = tostring(datetime(9999-12-31 23:59:59.9999999)),
      g = tostring(todatetime("9999-12-31T23:59:59.9999999Z")), h = tostring(datetime(0001-01-01) + 1d)`),
    { a: null, b: null, c: null, d: null, e: null, f: '9999-12-31T23:59:59.9999999Z', g: '9999-12-31T23:59:59.9999999Z', h: '0001-01-02T00:00:00.0000000Z' });
  });
  it('has_any_index, replace_strings, dynamic_to_json, series_fill_* (their function pages)', () => {
    assert.deepEqual(one(`print a = has_any_index("this is an example", dynamic(['this', 'example'])), b = has_any_index("this is an example", dynamic(['not', 'example'])),
      c = has_any_index("this is an example", dynamic(['not', 'found'])), d = has_any_index("this is an example", dynamic([]))`), { a: 0, b: 1, c: -1, d: -1 });
    const m = '"This is an example of using replace_strings()"';
    assert.deepEqual(one(`print a = replace_strings(${m}, dynamic(['This', 'is']), dynamic(['This', 'was'])),
      b = replace_strings(${m}, dynamic(['is', 'This']), dynamic(['was', 'This'])),
      c = replace_strings(${m}, dynamic(['This', 'is']), dynamic([12345, 'was']))`), {
      a: 'This was an example of using replace_strings()', b: 'Thwas was an example of using replace_strings()', c: 'This was an example of using replace_strings()',
    });
    assert.equal(one(`print r = dynamic_to_json(dynamic({'Y10': dynamic({}), 'X8': dynamic({'c3': 1, 'd8': 5, 'a4': 6}), 'D1': 114, 'A1': 12, 'B1': 2, 'C1': 3, 'A14': [15, 13, 18]}))`).r,
      '{"A1":12,"A14":[15,13,18],"B1":2,"C1":3,"D1":114,"X8":{"a4":6,"c3":1,"d8":5},"Y10":{}}');
    assert.deepEqual(one(`let arr = dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]);
      print f = series_fill_forward(arr), b = series_fill_backward(dynamic([111, null, 36, 41, null, null, 16, 61, 33, null, null])),
      c = series_fill_const(arr, -1), l = series_fill_linear(dynamic([null, 111, null, 36, 41, null, null, 16, 61, 33, null, null])),
      e = series_fill_linear(dynamic([null, 111, null, 36]), double(null), false), z = series_fill_linear(dynamic([null, null]), double(null), true, 3.14159)`), {
      f: [null, null, 36, 41, 41, 41, 16, 61, 33, 33, 33], b: [111, 36, 36, 41, 16, 16, 16, 61, 33, null, null],
      c: [-1, -1, 36, 41, -1, -1, 16, 61, 33, -1, -1], l: [111, 111, 73, 36, 41, 32, 24, 16, 61, 33, 33, 33], e: [null, 111, 73, 36], z: [3.14159, 3.14159],
    });
  });
  it('series_fit_line(_dynamic), series_dot_product, series_cosine_similarity, series_pearson_correlation, binary_all_* (their docs pages)', () => {
    const fit = one(`print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30])
      | extend (RSquare, Slope, Variance, RVariance, Interception, LineFit) = series_fit_line(y), d = series_fit_line_dynamic(y)
      | project r = round(RSquare, 3), s = round(Slope, 3), v = round(Variance, 3), rv = round(RVariance, 3), i = round(Interception, 3),
          f0 = round(todouble(LineFit[0]), 3), same = tostring(d.line_fit) == tostring(LineFit)`);
    assert.deepEqual(fit, { r: 0.983, s: 2.731, v: 98.629, rv: 1.686, i: -1.667, f0: 1.064, same: true });
    assert.deepEqual(one(`print d = series_dot_product(dynamic([1,2,4]), dynamic([4,2,1])), c = round(series_cosine_similarity(dynamic([0.1,0.2,0.1,0.2]), dynamic([1,2,3,4])), 12),
      p = series_pearson_correlation(dynamic([1,2,3,4,5]), dynamic([2,4,6,8,10])), e = series_dot_product(dynamic([]), dynamic([1]))`),
    { d: 12, c: 0.923760430703, p: 1, e: null });
    assert.deepEqual(one(`datatable(a:long, o:long, x:long)[0xFFFFFFFF, 0x88888008, 0x44404440, 0xFFFFF00F, 0x42000000, 0x1E1E1E1E, 0xCFFFFFFD, 0x00767000, 0x90ABBA09, 0xFAFEFFFF, 0x00000005, 0x000B105A]
      | summarize a = toupper(tohex(binary_all_and(a))), o = toupper(tohex(binary_all_or(o))), x = toupper(tohex(binary_all_xor(x)))`),
    { a: 'CAFEF00D', o: 'CAFEF00D', x: 'CAFEF00D' });
  });
  it('a let inside a user function reads the parameters of each call, per row (user-defined-functions, parse-url-query-function example)', () => {
    // the let used to be a constant of the run: evaluated without the row, it crashed (or kept the first row's value)
    assert.deepEqual(run('let f = (s:string) { let n = strlen(s); n + 1 }; datatable(x:string)["abc", "hello"] | extend y = f(x) | project y').map((r) => r.y), [4, 6]);
    // the docs example also reads a bag with .[param], the value of the parameter as the key
    assert.deepEqual(one(`let getQueryParamValue = (querystring: string, param: string) {
        let params = parse_urlquery(querystring);
        tostring(params["Query Parameters"].[param])
      };
      print UrlQuery = 'view=vs-2019&preserve-view=true'
      | extend view = getQueryParamValue(UrlQuery, 'view') | extend preserve = getQueryParamValue(UrlQuery, 'preserve-view')`),
    { UrlQuery: 'view=vs-2019&preserve-view=true', view: 'vs-2019', preserve: 'true' });
    assert.deepEqual(one('print r = parse_urlquery("k1=v1&k2=v2&k3=v3")').r, { 'Query Parameters': { k1: 'v1', k2: 'v2', k3: 'v3' } });
  });
  it('conversions of a dynamic array or bag to a number are null; functions never return a null string (scalar-data-types/null-values: "The string data type doesn\'t support null values")', () => {
    // tolong(dynamic([…])) overflowed the stack; base64_decode_tostring/tohex/hash_md5 of nothing put a null in a string column
    assert.deepEqual(one(`print a = tolong(dynamic([1,"a"])), b = todouble(dynamic({"a":1})), c = toint(dynamic([])), d = iff(true, dynamic([1]), 1),
      e = base64_decode_tostring("abc"), f = tohex(long(null)), g = hash_md5(long(null)), h = strrep("abc", long(null)), i = isempty(base64_decode_tostring("abc"))`),
    { a: null, b: null, c: null, d: null, e: '', f: '', g: '', h: '', i: true });
  });
  it('print of a function of several values fills one column per value (array-sort-asc-function, series-stats-function)', () => {
    // array_sort_asc docs: print array_sort_asc(array1, array2) sorts array2 by array1's order
    const sorted = run('let array1 = dynamic([1,3,4,5,2]); let array2 = dynamic(["a","b","c","d","e"]); print array_sort_asc(array1, array2)');
    assert.deepEqual(Object.values(sorted[0]), [[1, 2, 3, 4, 5], ['a', 'e', 'b', 'c', 'd']]);
    // series_stats of [1,2,3]: min 1 at 0, max 3 at 2, avg 2, sample stdev and variance 1 (one column each)
    assert.deepEqual(Object.values(one('print series_stats(dynamic([1,2,3]))')), [1, 0, 3, 2, 2, 1, 1]);
  });
});
