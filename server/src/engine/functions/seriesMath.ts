// Element-wise series functions (series_add, series_greater, series_abs, …) and whole-series statistics
// (series_sum, series_product, series_magnitude, series_stats, series_stats_dynamic), per their docs pages:
// a non-numeric element, or one missing because the arrays differ in length, gives a null element.
import type { Value } from '../values';
import { toBool } from './convert';
import type { ScalarCompiler } from './types';

/** A series argument: an array, or a number that stands for every position (series_multiply(10, flags)). */
type Series = { at: (i: number) => number | null; length: number };

function seriesOf(v: Value): Series | null {
  if (typeof v === 'number') return { at: () => v, length: 0 };
  if (!Array.isArray(v)) return null;
  return { at: (i) => (i < v.length && typeof v[i] === 'number' ? v[i] as number : null), length: v.length };
}

function elementwise1(f: (x: number) => number): ScalarCompiler {
  return () => ([a]) => {
    const s = seriesOf(a);
    if (!s || !Array.isArray(a)) return null;
    return a.map((_, i) => { const x = s.at(i); return x === null ? null : f(x); });
  };
}

function elementwise2(f: (x: number, y: number) => Value): ScalarCompiler {
  return () => ([a, b]) => {
    const s1 = seriesOf(a); const s2 = seriesOf(b);
    if (!s1 || !s2 || (!Array.isArray(a) && !Array.isArray(b))) return null;
    return Array.from({ length: Math.max(s1.length, s2.length) }, (_, i) => {
      const x = s1.at(i); const y = s2.at(i);
      return x === null || y === null ? null : f(x, y);
    });
  };
}

/** The numbers of a series argument; null when it is not an array or (unless ignored) holds a non-finite value. */
function finiteValues(v: Value, ignoreNonFinite: boolean): { values: number[]; index: number[] } | null {
  if (!Array.isArray(v)) return null;
  const values: number[] = []; const index: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x === 'number' && Number.isFinite(x)) { values.push(x); index.push(i); } else if (!ignoreNonFinite) return null;
  }
  return { values, index };
}

/** The statistics of series_stats/series_stats_dynamic: sample variance and stdev, first index of min and max. */
function stats(v: Value, ignore: Value): Record<string, Value> | null {
  const data = finiteValues(v, ignore === true);
  if (!data) return null;
  const { values, index } = data;
  const n = values.length;
  if (n === 0) return { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null, sum: 0, len: 0 };
  let min = 0; let max = 0; let sum = 0;
  values.forEach((x, i) => { if (x < values[min]) min = i; if (x > values[max]) max = i; sum += x; });
  const avg = sum / n;
  const variance = n > 1 ? values.reduce((s, x) => s + (x - avg) ** 2, 0) / (n - 1) : 0;
  return {
    min: values[min], min_idx: index[min], max: values[max], max_idx: index[max], avg,
    stdev: Math.sqrt(variance), variance, sum, len: n,
  };
}

const ignoreArg = (args: Value[], types: string[]): Value => (args.length > 1 ? toBool(args[1], types[1] as never) : false);

/** series_stats(x [, ignore_nonfinite]): a tuple min, min_idx, max, max_idx, avg, stdev, variance (docs column order). */
const series_stats: ScalarCompiler = ({ argTypes }) => (args) => {
  const s = stats(args[0], ignoreArg(args, argTypes));
  const names = ['min', 'min_idx', 'max', 'max_idx', 'avg', 'stdev', 'variance'];
  return s ? names.map((k) => s[k]) : names.map(() => null);
};
/** series_stats_dynamic(x [, ignore_nonfinite]): the statistics as a bag, with sum and len. */
const series_stats_dynamic: ScalarCompiler = ({ argTypes }) => (args) => stats(args[0], ignoreArg(args, argTypes));

const whole = (f: (xs: number[]) => number): ScalarCompiler => () => ([a]) => {
  if (!Array.isArray(a)) return null;
  return f(a.map((x) => (typeof x === 'number' ? x : NaN)));
};

/** The placeholder argument of the series_fill_* functions: elements equal to it are missing (default null). */
const isMissing = (placeholder: Value) => (v: Value) => (placeholder === null || placeholder === undefined ? v === null : v === placeholder);

/** series_fill_forward/backward(series [, placeholder]): a missing element takes the last (next) present one. */
function fillAlong(backward: boolean): ScalarCompiler {
  return () => ([a, placeholder]) => {
    if (!Array.isArray(a)) return null;
    const missing = isMissing(placeholder);
    const out = [...a];
    const order = out.map((_, i) => (backward ? out.length - 1 - i : i));
    let last: Value | undefined;
    for (const i of order) {
      if (!missing(out[i])) last = out[i];
      else if (last !== undefined) out[i] = last;
    }
    return out;
  };
}

/** series_fill_const(series, constant [, placeholder]). */
const series_fill_const: ScalarCompiler = () => ([a, c, placeholder]) => {
  if (!Array.isArray(a)) return null;
  const missing = isMissing(placeholder);
  return a.map((v) => (missing(v) ? c : v));
};

/**
 * series_fill_linear(series [, placeholder, fill_edges = true, constant = 0]): missing elements between two
 * present ones are interpolated (truncated when every present element is a whole number, as the docs' int
 * example shows; a real series of whole numbers is indistinguishable here); the edges take the
 * nearest present value unless fill_edges is false; a series with nothing present becomes the constant.
 */
const series_fill_linear: ScalarCompiler = () => ([a, placeholder, fillEdges, constant]) => {
  if (!Array.isArray(a)) return null;
  const missing = isMissing(placeholder);
  const present = a.map((v, i) => (missing(v) || typeof v !== 'number' ? -1 : i)).filter((i) => i >= 0);
  if (present.length === 0) return a.map(() => (constant === undefined ? 0 : constant));
  const integral = present.every((i) => Number.isInteger(a[i]));
  const out = [...a];
  for (let k = 0; k + 1 < present.length; k++) {
    const i = present[k]; const j = present[k + 1];
    const x = a[i] as number; const y = a[j] as number;
    for (let m = i + 1; m < j; m++) {
      const v = x + ((y - x) * (m - i)) / (j - i);
      out[m] = integral ? Math.trunc(v) : v;
    }
  }
  if (fillEdges !== false) {
    for (let m = 0; m < present[0]; m++) out[m] = a[present[0]];
    for (let m = present[present.length - 1] + 1; m < a.length; m++) out[m] = a[present[present.length - 1]];
  }
  return out;
};

/**
 * The least-squares line of a series over x = 1, 2, … n (series-fit-line-function): r², slope, the sample
 * variance of the series and of its residuals, the interception and the fitted values.
 */
function fitLine(v: Value): Record<string, Value> | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const y = v.map((e) => (typeof e === 'number' ? e : NaN));
  const n = y.length;
  const mx = (n + 1) / 2;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0; let sxx = 0;
  y.forEach((yi, i) => { sxy += (i + 1 - mx) * (yi - my); sxx += (i + 1 - mx) ** 2; });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  const lineFit = y.map((_, i) => interception + slope * (i + 1));
  const total = y.reduce((a, yi) => a + (yi - my) ** 2, 0);
  const residual = y.reduce((a, yi, i) => a + (yi - lineFit[i]) ** 2, 0);
  const divisor = Math.max(1, n - 1);
  return { rsquare: total === 0 ? 1 : 1 - residual / total, slope, variance: total / divisor, rvariance: residual / divisor, interception, line_fit: lineFit };
}
const FIT_ORDER = ['rsquare', 'slope', 'variance', 'rvariance', 'interception', 'line_fit'];
/** series_fit_line(series): the tuple (rsquare, slope, variance, rvariance, interception, line_fit). */
const series_fit_line: ScalarCompiler = () => ([v]) => { const f = fitLine(v); return FIT_ORDER.map((k) => (f ? f[k] : null)); };
/** series_fit_line_dynamic(series): the same as a bag. */
const series_fit_line_dynamic: ScalarCompiler = () => ([v]) => fitLine(v);

/** The numeric pairs of two series, up to the shorter length; non-numeric elements are skipped. */
function pairs(a: Value, b: Value): [number, number][] | null {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length === 0 || b.length === 0) return null;
  const out: [number, number][] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]; const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') out.push([x, y]);
  }
  return out;
}
/** series_dot_product(s1, s2) (series-dot-product-function); a number stands for every position. */
const series_dot_product: ScalarCompiler = () => ([a, b]) => {
  const p = pairs(typeof a === 'number' && Array.isArray(b) ? b.map(() => a) : a, typeof b === 'number' && Array.isArray(a) ? a.map(() => b) : b);
  return p ? p.reduce((s, [x, y]) => s + x * y, 0) : null;
};
/** series_cosine_similarity(s1, s2) (series-cosine-similarity-function). */
const series_cosine_similarity: ScalarCompiler = () => ([a, b]) => {
  const p = pairs(a, b);
  if (!p) return null;
  const dot = p.reduce((s, [x, y]) => s + x * y, 0);
  const norm = (k: 0 | 1) => Math.sqrt(p.reduce((s, e) => s + e[k] * e[k], 0));
  return dot / (norm(0) * norm(1));
};
/** series_pearson_correlation(s1, s2): null unless both are numeric series of one length (series-pearson-correlation-function). */
const series_pearson_correlation: ScalarCompiler = () => ([a, b]) => {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a.length === 0) return null;
  if (!a.every((x) => typeof x === 'number') || !b.every((x) => typeof x === 'number')) return null;
  const xs = a as number[]; const ys = b as number[];
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n; const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0; let sxx = 0; let syy = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; syy += (ys[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
};

export const seriesMathFunctions: Record<string, ScalarCompiler> = {
  series_fit_line, series_fit_line_dynamic, series_dot_product, series_cosine_similarity, series_pearson_correlation,
  series_fill_forward: fillAlong(false), series_fill_backward: fillAlong(true), series_fill_const, series_fill_linear,
  series_add: elementwise2((x, y) => x + y), series_subtract: elementwise2((x, y) => x - y),
  series_multiply: elementwise2((x, y) => x * y), series_divide: elementwise2((x, y) => x / y),
  series_pow: elementwise2((x, y) => x ** y),
  series_equals: elementwise2((x, y) => x === y), series_not_equals: elementwise2((x, y) => x !== y),
  series_greater: elementwise2((x, y) => x > y), series_greater_equals: elementwise2((x, y) => x >= y),
  series_less: elementwise2((x, y) => x < y), series_less_equals: elementwise2((x, y) => x <= y),
  series_abs: elementwise1(Math.abs), series_acos: elementwise1(Math.acos), series_asin: elementwise1(Math.asin),
  series_atan: elementwise1(Math.atan), series_ceiling: elementwise1(Math.ceil), series_cos: elementwise1(Math.cos),
  series_exp: elementwise1(Math.exp), series_floor: elementwise1(Math.floor), series_log: elementwise1(Math.log),
  series_sign: elementwise1(Math.sign), series_sin: elementwise1(Math.sin), series_tan: elementwise1(Math.tan),
  series_sum: whole((xs) => xs.reduce((s, x) => s + x, 0)),
  series_product: whole((xs) => xs.reduce((s, x) => s * x, 1)),
  series_magnitude: whole((xs) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0))),
  series_stats, series_stats_dynamic,
};
