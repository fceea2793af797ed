// Functions on dynamic arrays and property bags: array_*, set_*, bag_*, pack*, zip.
import type { KqlType, Value } from '../values';
import { sortCompare } from './compare';
import { dynamicToJson, toDynamic, toInteger, toText } from './convert';
import { pathSteps, stepInto, withoutPath, type PathStep } from './jsonPath';
import { valueKey } from './keys';
import type { ScalarCompiler } from './types';

type Bag = { [key: string]: Value };
const isBag = (v: Value): v is Bag => v !== null && typeof v === 'object' && !Array.isArray(v);

const array_length: ScalarCompiler = () => ([a]) => (Array.isArray(a) ? a.length : null);

/** array_slice(a, start, end): `end` is inclusive; negative indexes count from the end; out of range is clipped. */
const array_slice: ScalarCompiler = ({ argTypes }) => ([a, s, e]) => {
  if (!Array.isArray(a)) return null;
  const start = toInteger(s, argTypes[1]); const end = toInteger(e, argTypes[2]);
  if (start === null || end === null) return null;
  const from = Math.max(0, start < 0 ? a.length + start : start);
  const to = Math.min(a.length - 1, end < 0 ? a.length + end : end);
  return from > to ? [] : a.slice(from, to + 1);
};

const array_concat: ScalarCompiler = () => (args) => (args.every(Array.isArray) ? (args as Value[][]).flat(1) : null);
const array_reverse: ScalarCompiler = () => ([a]) => (Array.isArray(a) ? [...a].reverse() : null);
/** array_sum(a): the sum as a real; an element that is not a number makes it null (array-sum-function). */
const array_sum: ScalarCompiler = () => ([a]) => {
  if (!Array.isArray(a) || !a.every((x) => typeof x === 'number')) return null;
  return (a as number[]).reduce((s, x) => s + x, 0);
};

/** Element order of array_sort: numbers first, then strings, then everything else; within a kind, ascending. */
function kindRank(v: Value): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
}

/**
 * array_sort_asc/desc(a1 [, a2, …] [, nulls_last]): a1 sorted (nulls last unless nulls_last is false). With
 * several arrays the result is a tuple: a1 sorted and each other array reordered the same way, null for one
 * whose length differs from a1's (array-sort-asc-function).
 */
function arraySort(sign: 1 | -1): ScalarCompiler {
  return ({ argTypes }) => (args) => {
    const arrayCount = argTypes.filter((t) => t === 'dynamic').length;
    const arrays = args.slice(0, arrayCount);
    const nullsLast = args[arrayCount] !== false;
    const [first, ...others] = arrays;
    if (!Array.isArray(first)) return arrayCount > 1 ? arrays.map(() => null) : null;
    const order = first.map((_, i) => i).sort((i, j) => {
      const a = first[i]; const b = first[j];
      if (a === null || b === null) return a === b ? i - j : (a === null) === nullsLast ? 1 : -1;
      return sign * (kindRank(a) - kindRank(b) || sortCompare(a, b, 'dynamic')) || i - j;
    });
    const sorted = order.map((i) => first[i]);
    if (arrayCount === 1) return sorted;
    return [sorted, ...others.map((o) => (Array.isArray(o) && o.length === first.length ? order.map((i) => o[i]) : null))];
  };
}

/** The key of a typed scalar the way it would appear inside a dynamic array. */
const elementKey = (v: Value, type: KqlType) => valueKey(toDynamic(v, type), 'dynamic');

/** array_index_of(a, v [, start [, length [, occurrence]]]): index of the value, -1 if absent. */
const array_index_of: ScalarCompiler = ({ argTypes }) => (args) => {
  const [a, v] = args;
  if (!Array.isArray(a)) return null;
  const ints = [2, 3, 4].map((i) => (i < args.length ? toInteger(args[i], argTypes[i]) : undefined));
  let start = ints[0] ?? 0;
  if (start < 0) start = Math.max(0, a.length + start);
  const length = ints[1] ?? -1;
  const end = length < 0 ? a.length : Math.min(a.length, start + length);
  let occurrence = ints[2] ?? 1;
  const key = elementKey(v, argTypes[1]);
  for (let i = start; i < end; i++) if (valueKey(a[i], 'dynamic') === key && --occurrence === 0) return i;
  return -1;
};

const set_has_element: ScalarCompiler = ({ argTypes }) => ([a, v]) => {
  if (!Array.isArray(a)) return null;
  const key = elementKey(v, argTypes[1]);
  return a.some((x) => valueKey(x, 'dynamic') === key);
};

/** Distinct elements, first occurrence kept. */
function distinct(values: Value[]): Map<string | undefined, Value> {
  const out = new Map<string | undefined, Value>();
  for (const v of values) { const k = valueKey(v, 'dynamic'); if (!out.has(k)) out.set(k, v); }
  return out;
}
const set_union: ScalarCompiler = () => (args) => (args.every(Array.isArray) ? [...distinct((args as Value[][]).flat(1)).values()] : null);
const set_intersect: ScalarCompiler = () => (args) => {
  if (!args.every(Array.isArray)) return null;
  const [first, ...rest] = args as Value[][];
  const others = rest.map((r) => new Set(r.map((x) => valueKey(x, 'dynamic'))));
  return [...distinct(first).entries()].filter(([k]) => others.every((o) => o.has(k))).map(([, v]) => v);
};
const set_difference: ScalarCompiler = () => (args) => {
  if (!args.every(Array.isArray)) return null;
  const [first, ...rest] = args as Value[][];
  const removed = new Set(rest.flat(1).map((x) => valueKey(x, 'dynamic')));
  return [...distinct(first).entries()].filter(([k]) => !removed.has(k)).map(([, v]) => v);
};

const bag_keys: ScalarCompiler = () => ([b]) => (isBag(b) ? Object.keys(b) : null);
/** bag_merge(b1, b2, …): on a repeated key the leftmost bag wins. */
const bag_merge: ScalarCompiler = () => (args) => {
  const out: Bag = {};
  for (const b of args) if (isBag(b)) for (const [k, v] of Object.entries(b)) if (!(k in out)) out[k] = v;
  return out;
};
/** A key argument of bag_has_key/bag_remove_keys: a top-level key, or a JSONPath starting with '$'. */
const keySteps = (key: string): PathStep[] => (key.startsWith('$') ? pathSteps(key) ?? [key] : [key]);

/** bag_remove_keys(bag, keys): keys may be JSONPaths into nested bags (docs example '$.key2.prop1'). */
const bag_remove_keys: ScalarCompiler = () => ([b, keys]) => {
  if (!isBag(b)) return null;
  let out: Value = b;
  for (const k of Array.isArray(keys) ? keys : []) if (typeof k === 'string') out = withoutPath(out, keySteps(k));
  return out;
};
const bag_has_key: ScalarCompiler = ({ argTypes }) => ([b, k]) => {
  if (!isBag(b)) return null;
  let node: Value | undefined = b;
  for (const s of keySteps(toText(k, argTypes[1]))) node = stepInto(node, s);
  return node !== undefined;
};

/**
 * bag_set_key(bag, key, value): a copy with the key (or JSONPath `$.a.b`, creating the bags on the way) set to
 * the value; null when the input is not a bag (bag-set-key-function).
 */
const bag_set_key: ScalarCompiler = ({ argTypes }) => ([b, k, v]) => {
  if (!isBag(b)) return null;
  const steps = keySteps(toText(k, argTypes[1])).filter((x): x is string => typeof x === 'string');
  const value = toDynamic(v, argTypes[2]);
  const set = (node: Value, [head, ...rest]: string[]): Bag => {
    const copy: Bag = isBag(node) ? { ...node } : {};
    copy[head] = rest.length === 0 ? value : set(copy[head] ?? null, rest);
    return copy;
  };
  return steps.length === 0 ? b : set(b, steps);
};

/**
 * bag_zip(keys, values): a bag of keys[i] → values[i]; missing values are null, extra values and keys that
 * are not strings are ignored (bag-zip).
 */
const bag_zip: ScalarCompiler = () => ([keys, values]) => {
  if (!Array.isArray(keys)) return null;
  const vs = Array.isArray(values) ? values : [];
  const out: Bag = {};
  keys.forEach((k, i) => { if (typeof k === 'string') out[k] = i < vs.length ? vs[i] : null; });
  return out;
};

/**
 * array_split(a, i | [i1, i2, …]): the N+1 arrays [0..i1), [i1..i2), … [iN..length); a negative index counts
 * from the end (array-split-function).
 */
const array_split: ScalarCompiler = ({ argTypes }) => ([a, at]) => {
  if (!Array.isArray(a)) return null;
  const raw = Array.isArray(at) ? at : [toInteger(at, argTypes[1])];
  const cuts = raw.map((i) => (typeof i === 'number' ? Math.min(a.length, Math.max(0, i < 0 ? a.length + i : i)) : null));
  if (cuts.some((c) => c === null)) return null;
  const parts: Value[] = [];
  let from = 0;
  for (const c of cuts as number[]) { parts.push(a.slice(from, Math.max(from, c))); from = Math.max(from, c); }
  parts.push(a.slice(from));
  return parts;
};

/** repeat(value, n): an array of n copies; n = 0 gives [], a negative n null (repeat-function). */
const repeat: ScalarCompiler = ({ argTypes }) => ([v, n]) => {
  const count = toInteger(n, argTypes[1]);
  if (count === null || count < 0) return null;
  return new Array<Value>(Math.min(count, 1_048_576)).fill(toDynamic(v, argTypes[0]));
};

/**
 * range(start, stop [, step]): start, start + step, … up to and including stop; the step defaults to 1, or 1h
 * for datetimes and timespans; at most 1,048,576 elements (range-function).
 */
const range: ScalarCompiler = ({ argTypes }) => (args) => {
  const [start, stop] = args;
  const t = argTypes[0];
  const step = args.length > 2 ? args[2] : t === 'datetime' || t === 'timespan' ? 36_000_000_000 : 1;
  if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) return null;
  const out: Value[] = [];
  for (let x = start; (step > 0 ? x <= stop : x >= stop) && out.length < 1_048_576; x += step) out.push(toDynamic(x, t));
  return out;
};

/** A copy of a dynamic value whose bags list their keys in ordinal order. */
function sortedKeys(v: Value): Value {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isBag(v)) return v;
  const out: Bag = {};
  for (const k of Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = sortedKeys(v[k]);
  return out;
}
/**
 * dynamic_to_json(v): the canonical JSON text of a dynamic value, bag keys sorted, so equal values give equal
 * text; a typed scalar gives its tostring() (dynamic-to-json-function).
 */
const dynamic_to_json: ScalarCompiler = ({ argTypes }) => ([v]) =>
  (argTypes[0] === 'dynamic' ? dynamicToJson(sortedKeys(v)) : toText(v, argTypes[0]));

/** pack/bag_pack(k1, v1, k2, v2, …): a property bag; typed values become their dynamic form. */
const bag_pack: ScalarCompiler = ({ argTypes }) => (args) => {
  const out: Bag = {};
  for (let i = 0; i + 1 < args.length; i += 2) out[toText(args[i], argTypes[i])] = toDynamic(args[i + 1], argTypes[i + 1]);
  return out;
};
const pack_array: ScalarCompiler = ({ argTypes }) => (args) => args.map((v, i) => toDynamic(v, argTypes[i]));

/** zip(a1, a2, …): element-wise tuples; shorter arrays are padded with null. */
const zip: ScalarCompiler = () => (args) => {
  if (!args.every(Array.isArray)) return null;
  const arrays = args as Value[][];
  const n = Math.max(0, ...arrays.map((a) => a.length));
  return Array.from({ length: n }, (_, i) => arrays.map((a) => (i < a.length ? a[i] : null)));
};

/**
 * array_iff(conditions, whenTrue, whenFalse): element-wise iff. A numeric condition is true when not 0, any
 * other non-bool gives null; a scalar branch applies to every element, a short array branch gives null
 * (array-iff-function).
 */
const array_iff: ScalarCompiler = ({ argTypes }) => ([c, t, f]) => {
  if (!Array.isArray(c)) return null;
  const pick = (branch: Value, type: KqlType, i: number): Value =>
    Array.isArray(branch) ? (i < branch.length ? branch[i] : null) : toDynamic(branch, type);
  return c.map((cond, i) => {
    const truth = typeof cond === 'boolean' ? cond : typeof cond === 'number' ? cond !== 0 : null;
    return truth === null ? null : truth ? pick(t, argTypes[1], i) : pick(f, argTypes[2], i);
  });
};

/** array_rotate_left/right(a, n): the elements rotated by n places (a negative n rotates the other way). */
function rotate(direction: 1 | -1): ScalarCompiler {
  return ({ argTypes }) => ([a, n]) => {
    const count = toInteger(n, argTypes[1]);
    if (!Array.isArray(a) || count === null) return null;
    if (a.length === 0) return [];
    const k = (((direction * count) % a.length) + a.length) % a.length;
    return [...a.slice(k), ...a.slice(0, k)];
  };
}

/**
 * array_shift_left/right(a, n [, fill]): the elements moved n places, the vacated places filled with `fill`
 * (default null); a negative n shifts the other way (array-shift-left-function).
 */
function shift(direction: 1 | -1): ScalarCompiler {
  return ({ argTypes }) => ([a, n, fill]) => {
    const count = toInteger(n, argTypes[1]);
    if (!Array.isArray(a) || count === null) return null;
    const by = direction * count;
    const filler = fill === undefined ? null : toDynamic(fill, argTypes[2]);
    return a.map((_, i) => (i + by >= 0 && i + by < a.length ? a[i + by] : filler));
  };
}

/** jaccard_index(a, b): |a ∩ b| / |a ∪ b| over distinct elements (jaccard-index-function). */
const jaccard_index: ScalarCompiler = () => ([a, b]) => {
  if (!Array.isArray(a) || !Array.isArray(b)) return null;
  const keys = (xs: Value[]) => new Set(xs.map((x) => valueKey(x, 'dynamic')));
  const x = keys(a); const y = keys(b);
  const union = new Set([...x, ...y]).size;
  const both = [...x].filter((k) => y.has(k)).length;
  return union === 0 ? null : both / union;
};

export const dynamicFunctions: Record<string, ScalarCompiler> = {
  array_length, array_slice, array_concat, array_reverse, array_sum, array_index_of,
  array_sort_asc: arraySort(1), array_sort_desc: arraySort(-1),
  set_has_element, set_union, set_intersect, set_difference,
  dynamic_to_json, bag_keys, bag_merge, bag_remove_keys, bag_has_key, bag_set_key, bag_zip, array_split, repeat, range, bag_pack, pack: bag_pack, pack_dictionary: bag_pack,
  pack_array, zip, array_iff, array_iif: array_iff, jaccard_index,
  array_rotate_left: rotate(1), array_rotate_right: rotate(-1), array_shift_left: shift(1), array_shift_right: shift(-1),
};
