// Aggregation functions (inside summarize). Nulls are skipped except by count(); on a group with no values
// the result is the documented default: 0 for count/dcount/sum/stdev/variance, [] for make_*, NaN for avg
// (0/0), null otherwise.
// Aggregates with several output columns (arg_max/arg_min) return a JS array, one entry per column.
import type { KqlType, Value } from '../values';
import { sortCompare } from './compare';
import { toDynamic, toReal } from './convert';
import { valueKey } from './keys';
import type { AggregateCompiler, AggregateImpl, CallSite } from './types';

/** A simple fold with a mutable state object; `step` mutates it and returns it. */
function fold<S>(init: () => S, step: (s: S, args: Value[]) => void, result: (s: S) => Value): AggregateImpl<S> {
  return { init, step: (s, args) => { step(s, args); return s; }, result };
}

/** The `…if` form of an aggregate: rows whose predicate (argument `predIndex`) is not true are skipped. */
function onlyIf(base: AggregateCompiler, predIndex: number): AggregateCompiler {
  return (site) => {
    const keep = (xs: unknown[]) => xs.filter((_, i) => i !== predIndex);
    const inner = base({ ...site, argTypes: keep(site.argTypes) as KqlType[], constArgs: keep(site.constArgs) as (Value | undefined)[] });
    return {
      init: inner.init,
      step: (s, args) => (args[predIndex] === true ? inner.step(s, keep(args) as Value[]) : s),
      result: inner.result,
    };
  };
}

const count: AggregateCompiler = () => fold(() => ({ n: 0 }), (s) => { s.n++; }, (s) => s.n);
const countif: AggregateCompiler = () => fold(() => ({ n: 0 }), (s, [p]) => { if (p === true) s.n++; }, (s) => s.n);

/**
 * The key under which make_set and dcount tell values apart; undefined for null, which is never counted. A
 * non-dynamic value is its own key: a Map tells "1" from 1 and true from 1, and finds 1 and 1.0 (the same JS
 * number) equal, as valueKey does, without building a key string per value. Dynamic values mix strings with
 * arrays and bags, which key by their JSON, so they keep valueKey's prefixed strings.
 */
function distinctKey(type: KqlType): (v: Value) => Value | undefined {
  return type === 'dynamic' ? (v) => valueKey(v, type) : (v) => (v === null ? undefined : v);
}

/** dcount/count_distinct: an exact distinct count (Kusto's dcount estimates; exact is within its error). */
const dcount: AggregateCompiler = ({ argTypes: [t] }) => {
  const keyOf = distinctKey(t);
  return fold(() => new Set<Value>(), (s, [v]) => {
    const k = keyOf(v);
    if (k !== undefined) s.add(k);
  }, (s) => s.size);
};

const sum: AggregateCompiler = () => fold(() => ({ total: 0 }), (s, [v]) => {
  if (v !== null) s.total += v as number;
}, (s) => s.total);

/**
 * avg: the sum over the count of non-null values, so no values give NaN (summarize-operator: "dividing by 0");
 * a datetime or timespan average of nothing is null (those types have no NaN).
 */
const avg: AggregateCompiler = ({ resultType }) => {
  const none = resultType === 'datetime' || resultType === 'timespan' ? null : NaN;
  return fold(() => ({ total: 0, n: 0 }), (s, [v]) => {
    if (v !== null) { s.total += v as number; s.n++; }
  }, (s) => (s.n === 0 ? none : s.total / s.n));
};

/** Sample (n-1) or population (n) variance, by Welford's method for numerical stability. */
function variance(population: boolean, root: boolean): AggregateCompiler {
  return () => fold(() => ({ n: 0, mean: 0, m2: 0 }), (s, [v]) => {
    if (v === null) return;
    s.n++;
    const d = (v as number) - s.mean;
    s.mean += d / s.n;
    s.m2 += d * ((v as number) - s.mean);
  }, (s) => {
    const divisor = population ? s.n : s.n - 1;
    const r = divisor <= 0 ? 0 : s.m2 / divisor;
    return root ? Math.sqrt(r) : r;
  });
}

/**
 * covariance (sample, n-1) or covariancep (population, n) of x and y over the rows where both are non-null
 * (null-values: nulls don't factor into the calculation); 0 without enough rows, as variance.
 */
function covariance(population: boolean): AggregateCompiler {
  return ({ argTypes: [tx, ty] }) => fold(() => ({ n: 0, mx: 0, my: 0, c: 0 }), (s, [x, y]) => {
    const a = toReal(x, tx); const b = toReal(y, ty);
    if (a === null || b === null) return;
    s.n++;
    const dx = a - s.mx;
    s.mx += dx / s.n;
    s.my += (b - s.my) / s.n;
    s.c += dx * (b - s.my);
  }, (s) => {
    const divisor = population ? s.n : s.n - 1;
    return divisor <= 0 ? 0 : s.c / divisor;
  });
}

/** binary_all_and/or/xor: the bitwise fold of the group's non-null longs; null without values. */
function bitwiseAll(op: (a: bigint, b: bigint) => bigint): AggregateCompiler {
  return () => fold(() => ({ acc: null as bigint | null }), (s, [v]) => {
    if (typeof v !== 'number') return;
    const b = BigInt(Math.trunc(v));
    s.acc = s.acc === null ? b : op(s.acc, b);
  }, (s) => (s.acc === null ? null : Number(BigInt.asIntN(64, s.acc))));
}

/** min/max: nulls skipped; ordering by the argument's type (numbers, datetimes, timespans, strings). */
function extreme(sign: 1 | -1): AggregateCompiler {
  return ({ argTypes: [t] }) => fold(() => ({ best: null as Value }), (s, [v]) => {
    if (v !== null && (s.best === null || sign * sortCompare(v, s.best, t) > 0)) s.best = v;
  }, (s) => s.best);
}

/**
 * The maximum number of elements of make_set/make_list: the constant `maxSize` argument at `index`, else the
 * documented default (1,048,576; 128 for the deprecated makeset/makelist). summarize may not hand constants to
 * the compiler, so an unknown one is read from the first row's argument (it is a constant, the same in every row).
 */
function maxSize(site: CallSite, index: number): (args: Value[]) => number {
  const fallback = site.name === 'makeset' || site.name === 'makelist' ? 128 : 1_048_576;
  const valid = (m: Value | undefined): m is number => typeof m === 'number' && m > 0;
  const known = site.constArgs[index];
  if (valid(known) || site.argTypes.length <= index) {
    const limit = valid(known) ? known : fallback;
    return () => limit;
  }
  return (args) => (valid(args[index]) ? args[index] as number : fallback);
}

/** Most values a DistinctValues keeps in arrays before it moves them to a Map. */
const SMALL_SET = 8;

/**
 * Values by their distinct key, in the order first added: in one short array of key/value pairs while there
 * are few (keys compared as a Map compares them; the array is replaced by one two cells longer at each add, so
 * it never has spare room), in a Map beyond SMALL_SET. A summarize keeps one per group: the seed rule's 31,854
 * groups hold one or two values each, and a Map each was ~6 MB per run at 1M rows.
 */
class DistinctValues {
  private pairs: Value[] = [];
  private map: Map<Value, Value> | undefined;

  get size(): number { return this.map ? this.map.size : this.pairs.length / 2; }

  has(k: Value): boolean {
    if (this.map) return this.map.has(k);
    // SameValueZero, a Map's key equality: NaN equals NaN, -0 equals 0.
    const p = this.pairs;
    for (let i = 0; i < p.length; i += 2) if (p[i] === k || (k !== k && p[i] !== p[i])) return true;
    return false;
  }

  /** Adds a key that `has` does not know. */
  add(k: Value, v: Value): void {
    if (this.map) { this.map.set(k, v); return; }
    const p = this.pairs;
    if (p.length / 2 >= SMALL_SET) {
      this.map = new Map();
      for (let i = 0; i < p.length; i += 2) this.map.set(p[i], p[i + 1]);
      this.map.set(k, v);
      this.pairs = [];
      return;
    }
    const grown = new Array<Value>(p.length + 2);
    for (let i = 0; i < p.length; i++) grown[i] = p[i];
    grown[p.length] = k;
    grown[p.length + 1] = v;
    this.pairs = grown;
  }

  list(): Value[] {
    if (this.map) return [...this.map.values()];
    const out = new Array<Value>(this.pairs.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = this.pairs[2 * i + 1];
    return out;
  }
}

/** make_set: distinct values (a dynamic array argument contributes its elements), nulls ignored. */
const make_set: AggregateCompiler = (site) => {
  const [t] = site.argTypes;
  const limitOf = maxSize(site, 1);
  // Every value added has the type t: the elements of a dynamic array are dynamic too.
  const keyOf = distinctKey(t);
  const add = (s: DistinctValues, limit: number, v: Value) => {
    if (s.size >= limit) return;
    const k = keyOf(v);
    if (k !== undefined && !s.has(k)) s.add(k, toDynamic(v, t));
  };
  return fold(() => new DistinctValues(), (s, args) => {
    const [v] = args;
    const limit = limitOf(args);
    if (t === 'dynamic' && Array.isArray(v)) for (const e of v) add(s, limit, e);
    else add(s, limit, v);
  }, (s) => s.list());
};

/**
 * make_list: every non-null value in input order. Unlike make_set, an array value is one element (the docs
 * define the result as "all the values of expr"; make_list(pack_array(a, b)) builds a list of pairs).
 */
const make_list: AggregateCompiler = (site) => {
  const [t] = site.argTypes;
  const limitOf = maxSize(site, 1);
  return fold(() => [] as Value[], (s, args) => {
    const [v] = args;
    if (v !== null && s.length < limitOf(args)) s.push(toDynamic(v, t));
  }, (s) => s);
};

/** make_list_with_nulls: every value in input order, nulls included (make-list-with-nulls-aggregation-function). */
const make_list_with_nulls: AggregateCompiler = (site) => {
  const [t] = site.argTypes;
  const limitOf = maxSize(site, 1);
  return fold(() => [] as Value[], (s, args) => {
    if (s.length < limitOf(args)) s.push(args[0] === null ? null : toDynamic(args[0], t));
  }, (s) => s);
};

/** make_bag: merges the property bags of the group; for a repeated key the first value is kept. */
const make_bag: AggregateCompiler = () => fold(() => ({}) as Record<string, Value>, (s, [v]) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
  for (const [k, x] of Object.entries(v)) if (!(k in s)) s[k] = x;
}, (s) => s);

const isEmptyValue = (v: Value) => v === null || v === '';

/** take_any/any of one expression: some value of the group, preferring a non-empty one. */
const take_any: AggregateCompiler = () => fold(() => ({ v: null as Value, seen: false }), (s, [v]) => {
  if (!s.seen || (isEmptyValue(s.v) && !isEmptyValue(v))) { s.v = v; s.seen = true; }
}, (s) => s.v);

/**
 * arg_max/arg_min(e, c1, c2, …): the values [e, c1, c2, …] of the row with the largest/smallest e (first such
 * row on ties). A group where every e is null still yields a row: that of its first row.
 */
function argExtreme(sign: 1 | -1): AggregateCompiler {
  return ({ argTypes: [t] }) => fold(() => ({ row: null as Value[] | null }), (s, args) => {
    const e = args[0];
    if (s.row === null || (e !== null && (s.row[0] === null || sign * sortCompare(e, s.row[0], t) > 0))) s.row = args.slice();
  }, (s) => s.row ?? []);
}

/**
 * The nearest-rank percentiles (percentiles-aggregation-function, "Nearest-rank percentile"): the smallest value
 * such that p percent of the values (by weight, for the weighted forms) are less or equal, i.e. the value at rank
 * ceil(p/100 × n) of the sorted non-null values, rank at least 1 (p = 0 gives the smallest). ADX estimates with
 * t-digest, whose error is on the rank and which is exact at 0 and 100 and on the small sets rules see.
 */
function nearestRank(values: { v: Value; w: number }[], type: KqlType, ps: (number | null)[]): Value[] {
  const sorted = values.sort((a, b) => sortCompare(a.v, b.v, type));
  const total = sorted.reduce((n, x) => n + x.w, 0);
  return ps.map((p) => {
    if (p === null || total === 0) return null;
    const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
    let seen = 0;
    for (const x of sorted) if ((seen += x.w) >= rank) return x.v;
    return null;
  });
}

/**
 * The percentile family: `percentile(x, p)`, `percentiles(x, p1, p2, …)` (one column per p, spread by summarize),
 * `percentiles_array(x, p1, …)` or `(x, dynamic([p1, …]))` (one dynamic array), and the weighted `…w` forms whose
 * second argument is the integer weight of the row (percentilesw-aggregation-function). The percentages are
 * constants, read from the first row.
 */
function percentiles(shape: 'one' | 'columns' | 'array', weighted: boolean): AggregateCompiler {
  return (site) => {
    const t = site.argTypes[0];
    const first = weighted ? 2 : 1;
    const readPs = (args: Value[]): (number | null)[] => {
      const ps = args.slice(first).flatMap((p, i) => (Array.isArray(p) ? p : [toReal(p, site.argTypes[first + i])]));
      return ps.map((p) => (typeof p === 'number' ? p : null));
    };
    return fold(() => ({ values: [] as { v: Value; w: number }[], ps: null as (number | null)[] | null }), (s, args) => {
      if (s.ps === null) s.ps = readPs(args);
      const v = args[0];
      if (v === null) return;
      const w = weighted ? toReal(args[1], site.argTypes[1]) : 1;
      if (w !== null && w > 0) s.values.push({ v, w: Math.trunc(w) });
    }, (s) => {
      const ps = s.ps ?? readPs(site.constArgs.map((c) => c ?? null));
      const result = nearestRank(s.values, t, ps);
      if (shape === 'one') return result[0] ?? null;
      return shape === 'array' ? result.map((v) => (v === null ? null : toDynamic(v, t))) : result;
    });
  };
}

export const aggregates: Record<string, AggregateCompiler> = {
  count, countif,
  dcount, count_distinct: dcount, dcountif: onlyIf(dcount, 1), count_distinctif: onlyIf(dcount, 1),
  sum, sumif: onlyIf(sum, 1), avg, avgif: onlyIf(avg, 1),
  min: extreme(-1), max: extreme(1), minif: onlyIf(extreme(-1), 1), maxif: onlyIf(extreme(1), 1),
  stdev: variance(false, true), stdevif: onlyIf(variance(false, true), 1), stdevp: variance(true, true),
  variance: variance(false, false), varianceif: onlyIf(variance(false, false), 1), variancep: variance(true, false),
  variancepif: onlyIf(variance(true, false), 1),
  binary_all_and: bitwiseAll((a, b) => a & b), binary_all_or: bitwiseAll((a, b) => a | b), binary_all_xor: bitwiseAll((a, b) => a ^ b),
  covariance: covariance(false), covarianceif: onlyIf(covariance(false), 2),
  covariancep: covariance(true), covariancepif: onlyIf(covariance(true), 2),
  make_set, makeset: make_set, make_set_if: onlyIf(make_set, 1),
  make_list, makelist: make_list, make_list_if: onlyIf(make_list, 1), make_list_with_nulls,
  make_bag, make_bag_if: onlyIf(make_bag, 1),
  take_any, any: take_any, take_anyif: onlyIf(take_any, 1),
  arg_max: argExtreme(1), arg_min: argExtreme(-1),
  percentile: percentiles('one', false), percentiles: percentiles('columns', false), percentiles_array: percentiles('array', false),
  percentilew: percentiles('one', true), percentilesw: percentiles('columns', true), percentilesw_array: percentiles('array', true),
};
