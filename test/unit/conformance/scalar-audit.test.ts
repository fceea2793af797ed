// Faithfulness audit of scalar functions, aggregates and values (issue 5): each case is a documented behaviour
// (https://learn.microsoft.com/en-us/kusto/query/<page>, quoted) that the engine answered differently.
// Whole queries run through compileQuery, so functions are wired the way the plan compiler wires them.
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
});
