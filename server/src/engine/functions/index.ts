// The engine's function libraries, looked up by name by the plan compiler. Each entry compiles one call
// site (static argument types known) into a closure. A name that is absent is not supported: the compiler
// raises UnsupportedError for it.
import { aggregates } from './aggregates';
import { conditionalFunctions } from './conditionalFunctions';
import { conversionFunctions } from './conversionFunctions';
import { datetimeFunctions } from './datetimeFunctions';
import { dynamicFunctions } from './dynamicFunctions';
import { ipFunctions } from './ipFunctions';
import { ipv6Functions } from './ipv6';
import { mathFunctions } from './mathFunctions';
import { parseFunctions } from './parseFunctions';
import { seriesFunctions } from './seriesFunctions';
import { seriesMathFunctions } from './seriesMath';
import { stringFunctions } from './stringFunctions';
import { timezoneFunctions } from './timezone';
import type { AggregateCompiler, ScalarCompiler } from './types';

/** Merges the per-area tables; a name defined twice is a programming error, caught at load. */
function registry<T>(...tables: Record<string, T>[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const table of tables) {
    for (const [name, entry] of Object.entries(table)) {
      if (map.has(name)) throw new Error(`function '${name}' is defined twice`);
      map.set(name, entry);
    }
  }
  return map;
}

export const scalarFunctions: Map<string, ScalarCompiler> = registry(
  conversionFunctions, conditionalFunctions, stringFunctions, datetimeFunctions, dynamicFunctions,
  parseFunctions, mathFunctions, ipFunctions, ipv6Functions, seriesFunctions, seriesMathFunctions, timezoneFunctions,
);

export const aggregateFunctions: Map<string, AggregateCompiler> = registry(aggregates);

export { compare, comparisonType, equals, notEquals, sortCompare, toComparable } from './compare';
export { fromText, toText } from './convert';
export { DynamicLiteralError, parseDynamicLiteral } from './dynamicLiteral';
export { compileOperator } from './operators';
export { stringPredicates } from './strings';
export type { AggregateCompiler, AggregateImpl, CallSite, RunContext, ScalarCompiler, ScalarFn } from './types';
export { KqlRuntimeError, UnsupportedError } from './types';
