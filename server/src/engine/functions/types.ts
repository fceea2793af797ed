// The contract between the plan compiler (which lowers Kusto.Language's tree) and the libraries of scalar
// and aggregate functions. Functions are compiled once per call site with the static argument types the
// analyzer inferred, so the returned closure does no type dispatch per row.
import type { KqlType, Value } from '../values';

/** Per-run state a function may read: the run's `now` (ticks) for now()/ago(). */
export interface RunContext { now: number }

/**
 * A scalar call site, compiled: args are already evaluated for the current row. The caller reuses one `args`
 * array per call site (compile/scalar.ts applyArgs), so a function must never keep or return that array.
 */
export type ScalarFn = (args: Value[], rt: RunContext) => Value;

export interface CallSite {
  name: string;
  argTypes: KqlType[];
  resultType: KqlType;
  /** Constant argument values known at compile time (undefined where not constant), e.g. a regex pattern. */
  constArgs: (Value | undefined)[];
  /** "line:col" of the call in the query, for error messages. */
  where: string;
}

export type ScalarCompiler = (site: CallSite) => ScalarFn;

/** An aggregate over the rows of one group. */
export interface AggregateImpl<S = unknown> {
  init(): S;
  /** Folds one row's evaluated arguments into the state (returns the new state). */
  step(state: S, args: Value[]): S;
  result(state: S): Value;
}

export type AggregateCompiler = (site: CallSite) => AggregateImpl;

/** Thrown for a construct the engine does not run; the message is `unsupported: <what> at <line:col>`. */
export class UnsupportedError extends Error {
  constructor(what: string, where: string) {
    super(`unsupported: ${what} at ${where}`);
    this.name = 'UnsupportedError';
  }
}

/** Thrown for a run-time error that Kusto would also raise (bad regex, a budget exceeded…). */
export class KqlRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KqlRuntimeError';
  }
}
