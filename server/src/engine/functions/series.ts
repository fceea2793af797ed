// Time-series analysis on make-series arrays: series_decompose, series_outliers and
// series_decompose_anomalies, following the algorithm the docs describe (series-decompose-function:
// seasonal = per-phase median, trend = average or least-squares line of the deseasoned series,
// baseline = seasonal + trend, residual = x - baseline; series-outliers-function: Tukey fences on the residual,
// "ctukey" with the 10th/90th percentiles). Seasonality auto-detection (-1) is an approximation: ADX uses
// series_periods_detect, whose scoring the docs do not give; here the score is the autocorrelation at the
// candidate lag (periods of 4 points up to half the series), accepted above the 0.6 threshold.

export type Trend = 'avg' | 'linefit' | 'none';

export interface Decomposition { baseline: number[]; seasonal: number[]; trend: number[]; residual: number[] }

/** Linear-interpolated percentile (p in 0..100) of the finite values; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * (p / 100);
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
}

const median = (values: number[]) => percentile(values, 50);

/** Autocorrelation of the mean-centred series at `lag`, in -1..1 (0 for a constant series). */
function autocorrelation(x: number[], lag: number): number {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  let num = 0; let den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - mean) ** 2;
    if (i + lag < x.length) num += (x[i] - mean) * (x[i + lag] - mean);
  }
  return den === 0 ? 0 : num / den;
}

/** The most significant period (4 points up to half the series), or 0 when none scores above `threshold`. */
export function detectPeriod(x: number[], threshold: number): number {
  let best = 0; let bestScore = threshold;
  for (let p = 4; p <= Math.floor(x.length / 2); p++) {
    const score = autocorrelation(x, p);
    if (score > bestScore) { best = p; bestScore = score; }
  }
  return best;
}

/**
 * series_decompose: `period` 0 for none, -1 to detect; the last `testPoints` points are left out of the
 * learning (medians and trend fit) and forecast.
 */
export function decompose(x: number[], period: number, trend: Trend, testPoints: number, seasonalityThreshold: number): Decomposition {
  const n = x.length;
  const learn = x.slice(0, Math.max(0, n - testPoints)).map((v) => (Number.isFinite(v) ? v : 0));
  const p = period < 0 ? detectPeriod(learn, seasonalityThreshold) : period;
  const seasonal = new Array<number>(n).fill(0);
  if (p > 0) {
    const phaseMedian = Array.from({ length: p }, (_, k) => median(learn.filter((_, i) => i % p === k)));
    for (let i = 0; i < n; i++) seasonal[i] = Number.isFinite(phaseMedian[i % p]) ? phaseMedian[i % p] : 0;
  }
  const deseasoned = learn.map((v, i) => v - seasonal[i]);
  const trendLine = new Array<number>(n).fill(0);
  if (trend === 'avg' && deseasoned.length > 0) {
    trendLine.fill(deseasoned.reduce((s, v) => s + v, 0) / deseasoned.length);
  } else if (trend === 'linefit' && deseasoned.length > 0) {
    const m = deseasoned.length;
    const meanI = (m - 1) / 2;
    const meanY = deseasoned.reduce((s, v) => s + v, 0) / m;
    let sxy = 0; let sxx = 0;
    deseasoned.forEach((v, i) => { sxy += (i - meanI) * (v - meanY); sxx += (i - meanI) ** 2; });
    const slope = sxx === 0 ? 0 : sxy / sxx;
    for (let i = 0; i < n; i++) trendLine[i] = meanY + slope * (i - meanI);
  }
  const baseline = seasonal.map((s, i) => s + trendLine[i]);
  return { baseline, seasonal, trend: trendLine, residual: x.map((v, i) => v - baseline[i]) };
}

/**
 * series_outliers: Tukey's fences. The score of a value above the upper quantile is its distance from it in
 * units of the inter-quantile range (negative below the lower quantile), 0 inside; a zero range makes any
 * value outside it infinitely far. Non-numbers score 0.
 */
export function outlierScores(x: number[], lowPercentile: number, highPercentile: number): number[] {
  const low = percentile(x, lowPercentile);
  const high = percentile(x, highPercentile);
  const range = high - low;
  return x.map((v) => {
    if (!Number.isFinite(v) || !(v > high || v < low)) return 0;
    const distance = v > high ? v - high : v - low;
    return range === 0 ? Math.sign(distance) * Infinity : distance / range;
  });
}
