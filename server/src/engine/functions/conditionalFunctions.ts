// iff/iif, case, coalesce, not, and the null/empty tests.
import type { KqlType, Value } from '../values';
import { sortCompare } from './compare';
import { castTo } from './convert';
import type { CallSite, ScalarCompiler } from './types';

/**
 * The value arguments (at `indexes`) brought to the call's result type: the analyzer merges branch types
 * (`iff(c, datetime(…), dynamic(…))` is a datetime), so a branch of another type is cast (castTo).
 */
function branches(site: CallSite, indexes: number[]): (args: Value[], i: number) => Value {
  const casts = new Map<number, (v: Value) => Value>();
  for (const i of indexes) {
    const cast = castTo(site.argTypes[i], site.resultType);
    if (cast) casts.set(i, cast);
  }
  if (casts.size === 0) return (args, i) => args[i];
  return (args, i) => { const cast = casts.get(i); return cast ? cast(args[i]) : args[i]; };
}

/** iff(c, then, else): a null or false condition selects else. */
const iff: ScalarCompiler = (site) => {
  const value = branches(site, [1, 2]);
  return (args) => value(args, args[0] === true ? 1 : 2);
};

/** case(p1, v1, p2, v2, …, else): the value of the first true predicate. */
const kqlCase: ScalarCompiler = (site) => {
  const value = branches(site, site.argTypes.map((_, i) => i).filter((i) => i % 2 === 1 || i === site.argTypes.length - 1));
  return (args) => {
    for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return value(args, i + 1);
    return value(args, args.length - 1);
  };
};

/** coalesce: the first non-null value; for strings the first non-empty one. */
const coalesce: ScalarCompiler = (site) => {
  const { resultType } = site;
  const value = branches(site, site.argTypes.map((_, i) => i));
  const isMissing = resultType === 'string' ? (v: Value) => v === '' || v === null : (v: Value) => v === null;
  return (args) => {
    for (let i = 0; i < args.length; i++) {
      const v = value(args, i);
      if (!isMissing(v)) return v;
    }
    return resultType === 'string' ? '' : null;
  };
};

const isEmpty = (v: Value) => v === null || v === '';
const isempty: ScalarCompiler = () => ([v]) => isEmpty(v);
const isnotempty: ScalarCompiler = () => ([v]) => !isEmpty(v);
const isnull: ScalarCompiler = () => ([v]) => v === null;
const isnotnull: ScalarCompiler = () => ([v]) => v !== null;
const not: ScalarCompiler = () => ([v]) => (v === null ? null : !v);

/** min_of/max_of: the extreme of the non-null arguments (null if all are null). */
function extremeOf(sign: 1 | -1): ScalarCompiler {
  return ({ argTypes }) => {
    const type: KqlType = argTypes.find((t) => t === 'real') ?? argTypes[0];
    return (args) => {
      let best: Value = null;
      for (const v of args) if (v !== null && (best === null || sign * sortCompare(v, best, type) > 0)) best = v;
      return best;
    };
  };
}

export const conditionalFunctions: Record<string, ScalarCompiler> = {
  iff, iif: iff, case: kqlCase, coalesce, isempty, isnotempty, notempty: isnotempty, isnull, isnotnull, notnull: isnotnull,
  not, min_of: extremeOf(-1), max_of: extremeOf(1),
};
