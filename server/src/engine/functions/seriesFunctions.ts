// series_decompose, series_outliers, series_decompose_anomalies: dynamic arrays in, arrays (or a tuple of
// arrays, spread by `extend (a, b, c) = …`) out. Algorithm and its approximation: series.ts.
import type { KqlType, Value } from '../values';
import { toReal, toText } from './convert';
import { decompose, outlierScores, type Trend } from './series';
import type { CallSite, ScalarCompiler } from './types';
import { KqlRuntimeError } from './types';

/** A dynamic array as numbers; elements that are not numbers become NaN (scored 0, learnt as 0). */
const numbers = (v: Value): number[] | null =>
  Array.isArray(v) ? v.map((e) => (typeof e === 'number' ? e : NaN)) : null;

/** Optional numeric argument i with its default. */
function numberArg(args: Value[], types: KqlType[], i: number, fallback: number): number {
  if (i >= args.length || args[i] === null) return fallback;
  return toReal(args[i], types[i]) ?? fallback;
}

function trendArg(site: CallSite, args: Value[], i: number): Trend {
  const t = i < args.length ? toText(args[i], site.argTypes[i]).toLowerCase() || 'avg' : 'avg';
  if (t === 'avg' || t === 'linefit' || t === 'none') return t;
  throw new KqlRuntimeError(`${site.name}(): unknown trend '${t}' at ${site.where}`);
}

/** The fence percentiles of an outlier method: ctukey 10/90 (default), tukey 25/75. */
function fences(site: CallSite, method: string): [number, number] {
  if (method === 'ctukey') return [10, 90];
  if (method === 'tukey') return [25, 75];
  throw new KqlRuntimeError(`${site.name}(): unknown anomaly detection method '${method}' at ${site.where}`);
}

/** series_decompose(x [, seasonality, trend, test_points, seasonality_threshold]) → (baseline, seasonal, trend, residual). */
const series_decompose: ScalarCompiler = (site) => (args) => {
  const x = numbers(args[0]);
  if (!x) return null;
  const d = decompose(x, numberArg(args, site.argTypes, 1, -1), trendArg(site, args, 2),
    numberArg(args, site.argTypes, 3, 0), numberArg(args, site.argTypes, 4, 0.6));
  return [d.baseline, d.seasonal, d.trend, d.residual];
};

/** series_outliers(x [, kind, ignore_val, min_percentile, max_percentile]). */
const series_outliers: ScalarCompiler = (site) => (args) => {
  const x = numbers(args[0]);
  if (!x) return null;
  const kind = args.length > 1 ? toText(args[1], site.argTypes[1]).toLowerCase() : 'ctukey';
  const ignore = args.length > 2 && args[2] !== null ? toReal(args[2], site.argTypes[2]) : null;
  const [low, high] = kind === 'ctukey'
    ? [numberArg(args, site.argTypes, 3, 10), numberArg(args, site.argTypes, 4, 90)]
    : fences(site, kind);
  return outlierScores(x.map((v) => (v === ignore ? NaN : v)), low, high);
};

/**
 * series_decompose_anomalies(x [, threshold, seasonality, trend, test_points, ad_method, seasonality_threshold])
 * → (ad_flag, ad_score, baseline): the residual's outlier scores, flagged +1/-1 beyond ±threshold.
 */
const series_decompose_anomalies: ScalarCompiler = (site) => (args) => {
  const x = numbers(args[0]);
  if (!x) return null;
  const threshold = numberArg(args, site.argTypes, 1, 1.5);
  const method = args.length > 5 && args[5] !== null ? toText(args[5], site.argTypes[5]).toLowerCase() : 'ctukey';
  const d = decompose(x, numberArg(args, site.argTypes, 2, -1), trendArg(site, args, 3),
    numberArg(args, site.argTypes, 4, 0), numberArg(args, site.argTypes, 6, 0.6));
  const [low, high] = fences(site, method);
  const scores = outlierScores(d.residual, low, high);
  const flags = scores.map((s) => (s > threshold ? 1 : s < -threshold ? -1 : 0));
  return [flags, scores, d.baseline];
};

export const seriesFunctions: Record<string, ScalarCompiler> = { series_decompose, series_outliers, series_decompose_anomalies };
