// series_decompose / series_outliers / series_decompose_anomalies: the documented algorithm
// (series-decompose-function "Returns", series-outliers-function, series-decompose-anomalies-function
// "The algorithm") on series whose decomposition can be worked out by hand. The docs' own examples use rand().
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import { call, dyn, long, real, str, NOW } from './support';

type Tuple = number[][];
const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-9);

describe('conformance: time-series functions', () => {
  it('series_decompose: no seasonality and linefit reproduce a line exactly (series-decompose-function)', () => {
    const x = Array.from({ length: 10 }, (_, i) => 2 * i + 1);
    const [baseline, seasonal, trend, residual] = call('series_decompose', dyn(x), long(0), str('linefit')) as Tuple;
    assert.ok(close(baseline, x));
    assert.ok(seasonal.every((v) => v === 0));
    assert.ok(close(trend, x));
    assert.ok(residual.every((v) => Math.abs(v) < 1e-9));
  });

  it('series_decompose: the seasonal component is the per-phase median (series-decompose-function)', () => {
    const x = [1, 5, 1, 5, 3, 5, 1, 9];
    const [, seasonal, trend] = call('series_decompose', dyn(x), long(2), str('none')) as Tuple;
    assert.deepEqual(seasonal, [1, 5, 1, 5, 1, 5, 1, 5]);
    assert.ok(trend.every((v) => v === 0));
  });

  it('series_decompose: avg trend is the mean of the deseasoned series; test points are left out of learning', () => {
    const [baseline] = call('series_decompose', dyn([2, 4, 6, 100]), long(0), str('avg'), long(1)) as Tuple;
    assert.deepEqual(baseline, [4, 4, 4, 4]);
  });

  it('series_decompose detects a weekly period (seasonality -1)', () => {
    const week = [10, 12, 11, 13, 12, 3, 2];
    const x = [...week, ...week, ...week, ...week];
    const [baseline, seasonal] = call('series_decompose', dyn(x)) as Tuple;
    assert.ok(close(seasonal.slice(0, 7), week));
    assert.ok(close(baseline, x)); // the deseasoned series is 0, so the avg trend adds nothing
  });

  it('series_outliers: ctukey scores distances beyond the 10th/90th percentiles (series-outliers-function)', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100];
    const scores = call('series_outliers', dyn(x)) as number[];
    // 10th percentile = 2, 90th = 10, range 8: 100 scores (100 - 10) / 8
    assert.equal(scores[10], 90 / 8);
    assert.ok(scores.slice(1, 10).every((s) => s === 0));
    assert.equal(scores[0], -1 / 8);
  });

  it('series_decompose_anomalies flags a spike and a dip (series-decompose-anomalies-function, "The algorithm")', () => {
    const x = [5, 5, 5, 5, 5, 5, 5, 5, 5, 20, 5, 5, 5, -10, 5, 5];
    const [flags, scores, baseline] = call('series_decompose_anomalies', dyn(x), real(1.5), long(0), str('avg')) as Tuple;
    assert.deepEqual(flags, x.map((v) => (v === 20 ? 1 : v === -10 ? -1 : 0)));
    assert.ok(scores[9] > 1.5 && scores[13] < -1.5);
    assert.ok(baseline.every((b) => b === baseline[0]));
  });

  it('series_decompose_anomalies as rules call it: (flag, score, baseline) = …(x, 1.5, -1, "linefit")', () => {
    const table = compileQuery(`print x = dynamic([3, 4, 3, 5, 4, 3, 4, 40, 4, 3, 5, 4, 3, 4])
      | extend (Anomalies, Score, Baseline) = series_decompose_anomalies(x, 1.5, -1, 'linefit')
      | project Anomalies, Score, Baseline`).run(() => undefined, { now: NOW });
    const [anomalies] = table.rows[0] as number[][];
    assert.deepEqual(anomalies, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('an unknown trend or method is an error naming the place', () => {
    assert.throws(() => call('series_decompose_anomalies', dyn([1, 2]), real(1.5), long(0), str('cubic')), /unknown trend 'cubic' at 1:1/);
  });
});
