// Helpers for the conformance tests: call a registered function or operator the way the plan compiler does
// (compile per call site with static types, then run), with typed arguments written compactly.
import { aggregateFunctions, compileOperator, scalarFunctions } from '../../../server/src/engine/functions';
import type { CallSite, RunContext } from '../../../server/src/engine/functions/types';
import { parseDatetime, parseTimespan, type KqlType, type Value } from '../../../server/src/engine/values';

export type Arg = { value: Value; type: KqlType };

export const str = (value: string): Arg => ({ value, type: 'string' });
export const long = (value: number | null): Arg => ({ value, type: 'long' });
export const int = (value: number | null): Arg => ({ value, type: 'int' });
export const real = (value: number | null): Arg => ({ value, type: 'real' });
export const bool = (value: boolean | null): Arg => ({ value, type: 'bool' });
export const dyn = (value: Value): Arg => ({ value, type: 'dynamic' });
export const guid = (value: string | null): Arg => ({ value, type: 'guid' });
/** A datetime written as Kusto datetime literal text, e.g. dt('2017-10-30 01:02:03'). */
export function dt(text: string | null): Arg {
  if (text === null) return { value: null, type: 'datetime' };
  const ticks = parseDatetime(text);
  if (ticks === null) throw new Error(`test bug: bad datetime ${text}`);
  return { value: ticks, type: 'datetime' };
}
/** A timespan written as Kusto text: ts('1d'), ts('02:00:00'). */
export function ts(text: string | null): Arg {
  if (text === null) return { value: null, type: 'timespan' };
  const ticks = parseTimespan(text);
  if (ticks === null) throw new Error(`test bug: bad timespan ${text}`);
  return { value: ticks, type: 'timespan' };
}

/** The `now` of every run in these tests. */
export const NOW = parseDatetime('2024-05-01T12:00:00Z')!;
const rt: RunContext = { now: NOW };

function site(name: string, args: Arg[], resultType: KqlType): CallSite {
  return { name, argTypes: args.map((a) => a.type), resultType, constArgs: args.map((a) => a.value), where: '1:1' };
}

/** Calls a scalar function; `resultType` is what the analyzer would infer where it matters (extract, coalesce). */
export function callAs(resultType: KqlType, name: string, ...args: Arg[]): Value {
  const compile = scalarFunctions.get(name);
  if (!compile) throw new Error(`no scalar function ${name}`);
  return compile(site(name, args, resultType))(args.map((a) => a.value), rt);
}
export const call = (name: string, ...args: Arg[]): Value => callAs('string', name, ...args);

/** Applies a binary operator ('==', 'has', 'in~', …). With `constant` false the list is not known at compile time. */
export function op(name: string, args: Arg[], constant = true): Value {
  const s = site(name, args, 'bool');
  if (!constant) s.constArgs = args.map(() => undefined);
  return compileOperator(s)(args.map((a) => a.value), rt);
}

/** Runs an aggregate over rows; each row is the argument list of one step. */
export function aggregate(name: string, types: KqlType[], rows: Value[][], constArgs: (Value | undefined)[] = []): Value {
  const compile = aggregateFunctions.get(name);
  if (!compile) throw new Error(`no aggregate ${name}`);
  const impl = compile({ name, argTypes: types, resultType: 'dynamic', constArgs, where: '1:1' });
  let state = impl.init();
  for (const row of rows) state = impl.step(state, row);
  return impl.result(state);
}

/** Ticks of a datetime literal, for expected values. */
export const ticks = (text: string): number => dt(text).value as number;
/** Ticks of a timespan literal, for expected values. */
export const span = (text: string): number => ts(text).value as number;
