// iff/iif, case, coalesce, not, and the null/empty tests.
import type { KqlType, Value } from '../values';
import { sortCompare } from './compare';
import type { ScalarCompiler } from './types';

/** iff(c, then, else): a null or false condition selects else. */
const iff: ScalarCompiler = () => ([c, a, b]) => (c === true ? a : b);

/** case(p1, v1, p2, v2, …, else): the value of the first true predicate. */
const kqlCase: ScalarCompiler = () => (args) => {
  for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return args[i + 1];
  return args[args.length - 1];
};

/** coalesce: the first non-null value; for strings the first non-empty one. */
const coalesce: ScalarCompiler = ({ resultType }) => {
  const isMissing = resultType === 'string' ? (v: Value) => v === '' || v === null : (v: Value) => v === null;
  return (args) => args.find((v) => !isMissing(v)) ?? (resultType === 'string' ? '' : null);
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
