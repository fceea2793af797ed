// The engine's function libraries, looked up by name by the plan compiler. Each entry compiles one call
// site (static argument types known) into a closure. A name that is absent is not supported: the compiler
// raises UnsupportedError for it.
import { aggregates } from './aggregates';
import { conversionFunctions } from './conversionFunctions';
import type { AggregateCompiler, ScalarCompiler } from './types';

export const scalarFunctions: Map<string, ScalarCompiler> = new Map(Object.entries({
  ...conversionFunctions,
}));

export const aggregateFunctions: Map<string, AggregateCompiler> = new Map(Object.entries(aggregates));

export { compare, comparisonType, equals, notEquals, sortCompare, toComparable } from './compare';
export { fromText, toText } from './convert';
export { compileOperator } from './operators';
export { stringPredicates } from './strings';
export type { AggregateCompiler, AggregateImpl, CallSite, RunContext, ScalarCompiler, ScalarFn } from './types';
export { KqlRuntimeError, UnsupportedError } from './types';
