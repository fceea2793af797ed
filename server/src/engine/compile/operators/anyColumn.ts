// Tests of a string operator over every column of a row, for `where * has "x"` and the terms of `search`
// (kusto/query/search-operator.md: `search "err"` = `where * has "err"`). Each value is read as text.
// Kept apart from search.ts so that scalar.ts can use it without importing the operator registry.
import { compileOperator as compileFunctionOperator } from '../../functions';
import type { Column } from '../../table';
import type { Row, Scalar } from '../../plan';
import type { RunState } from '../../runState';
import type { RowContext } from '../context';
import type { Compiler } from '../compiler';
import { kindOf, type Node } from '../syntax';

export type RowTest = (r: Row, rs: RunState) => boolean;

/** `operator needle` applied to the given columns, true when any column matches (values read as text). */
export function anyColumnMatches(c: Compiler, e: Node, name: string, needle: string, columns: Column[], positions: number[]): RowTest {
  const where = c.cx.where(e);
  const tests = positions.map((i) => {
    const fn = compileFunctionOperator({ name, argTypes: [columns[i].type, 'string'], resultType: 'bool', constArgs: [undefined, needle], where });
    const args: Row = [null, needle];
    return (r: Row, rs: RunState) => { args[0] = r[i]; return fn(args, rs) === true; };
  });
  return (r, rs) => tests.some((t) => t(r, rs));
}

/** The operators `*` takes in a `where` (search-operator docs, "equivalent where" column). */
const STAR_OPERATORS = new Set(['has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'contains', 'contains_cs', 'matches regex']);

/** `* has "x"` (and the other string operators) in a `where`: any column of the row matches. */
export function starComparison(c: Compiler, e: Node, row: RowContext): Scalar {
  const name = String(e.Operator.Text).toLowerCase();
  if (kindOf(e.Right) !== 'StringLiteralExpression' || !STAR_OPERATORS.has(name)) throw c.cx.unsupported(`* ${name} with this operand`, e);
  const test = anyColumnMatches(c, e, name, String(e.Right.LiteralValue), row.columns, row.columns.map((_c, i) => i));
  return (r, rs) => test(r, rs);
}
