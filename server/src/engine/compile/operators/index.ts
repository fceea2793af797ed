// Query operators: each compiles once into `apply(input, rs) → output` over plain rows. Output columns are
// the analyzer's (names, order, types), so naming rules (count_, set_X, join's X1…) are Kusto's own.
import type { Column, Table } from '../../table';
import type { RunState } from '../../runState';
import type { Compiler } from '../compiler';
import type { Scope } from '../context';
import { kindOf, type Node } from '../syntax';
import { shapingOperators } from './shape';
import { summarizeOperators } from './summarize';
import { joinOperators } from './join';
import { unionOperators } from './union';
import { expandOperators } from './expand';
import { parseOperators } from './parse';
import { partitionOperators } from './partition';
import { topNestedOperators } from './topNested';
import { searchOperators } from './search';

export interface Operator {
  columns: Column[];
  apply(input: Table, rs: RunState): Table;
}

/** Compiles one operator node of a query given the columns of its input. */
export type OperatorCompiler = (c: Compiler, op: Node, input: Column[], scope: Scope) => Operator;

const compilers: Record<string, OperatorCompiler> = {
  ...shapingOperators,
  ...summarizeOperators,
  ...joinOperators,
  ...unionOperators,
  ...expandOperators,
  ...parseOperators,
  ...partitionOperators,
  ...topNestedOperators,
  ...searchOperators,
};

export function compileOperator(c: Compiler, op: Node, input: Column[], scope: Scope): Operator {
  const kind = kindOf(op);
  const compile = compilers[kind];
  if (!compile) throw c.cx.unsupported(`operator ${operatorName(op)}`, op);
  return compile(c, op, input, scope);
}

/** The operator as written (`make-series`, `evaluate pivot`), for messages. */
function operatorName(op: Node): string {
  return String(op.ToString()).trim().split(/[\s(]/, 1)[0] || kindOf(op);
}
