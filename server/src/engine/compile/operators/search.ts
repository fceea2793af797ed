// `T | search <predicate>` and `where * <op> "x"` (kusto/query/search-operator.md). A search term is a string
// operator over every column (each value read as text); its wildcards pick the operator: `x` has, `x*`
// hasprefix, `*x` hassuffix, `*x*` contains, `a*b` matches regex `\ba.*b\b`. `Col:term` restricts a term to
// one column; any other predicate (`x == 1`, `a matches regex "…"`) is an ordinary scalar expression.
// Search over `in (…)` or over every table, and a piped input that is not a database table (whose `$table`
// value Kusto leaves system-generated), are unsupported.
import { Symbols } from '../../../kusto/bridge';
import { compileOperator as compileFunctionOperator } from '../../functions';
import type { Column } from '../../table';
import type { Row, Scalar } from '../../plan';
import type { RunState } from '../../runState';
import { RowContext, type Scope } from '../context';
import type { Compiler } from '../compiler';
import { elements, kindOf, operatorParameters, tableColumns, type Node } from '../syntax';
import type { OperatorCompiler } from './index';

type RowTest = (r: Row, rs: RunState) => boolean;

/** The string operator and needle a search term stands for, by the placement of its `*` wildcards. */
function termOperator(c: Compiler, e: Node, term: string, caseSensitive: boolean): { name: string; needle: string } {
  const cs = caseSensitive ? '_cs' : '';
  const lead = term.startsWith('*');
  const trail = term.length > 1 && term.endsWith('*');
  const inner = term.slice(lead ? 1 : 0, trail ? -1 : undefined);
  // The docs define a `*` inside a term only for terms without one at the ends, and no empty term.
  if (inner.replace(/\*/g, '') === '' || (inner.includes('*') && (lead || trail))) throw c.cx.unsupported(`search term "${term}"`, e);
  if (inner.includes('*')) {
    const parts = term.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return { name: 'matches regex', needle: `${caseSensitive ? '' : '(?i)'}\\b${parts.join('.*')}\\b` };
  }
  if (lead && trail) return { name: `contains${cs}`, needle: inner };
  if (lead) return { name: `hassuffix${cs}`, needle: inner };
  if (trail) return { name: `hasprefix${cs}`, needle: inner };
  return { name: `has${cs}`, needle: inner };
}

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

function compilePredicate(c: Compiler, e: Node, row: RowContext, scope: Scope, caseSensitive: boolean): RowTest {
  const all = row.columns.map((_c, i) => i);
  switch (kindOf(e)) {
    case 'ParenthesizedExpression': return compilePredicate(c, e.Expression, row, scope, caseSensitive);
    case 'AndExpression': case 'OrExpression': {
      const l = compilePredicate(c, e.Left, row, scope, caseSensitive);
      const r = compilePredicate(c, e.Right, row, scope, caseSensitive);
      return kindOf(e) === 'AndExpression' ? (x, rs) => l(x, rs) && r(x, rs) : (x, rs) => l(x, rs) || r(x, rs);
    }
    case 'StarExpression': return () => true;
    case 'StringLiteralExpression': {
      const { name, needle } = termOperator(c, e, String(e.LiteralValue), caseSensitive);
      return anyColumnMatches(c, e, name, needle, row.columns, all);
    }
    case 'SearchExpression': {
      const column = e.Left.ReferencedSymbol instanceof Symbols.ColumnSymbol ? row.index.get(String(e.Left.ReferencedSymbol.Name)) : undefined;
      if (column === undefined || kindOf(e.Right) !== 'StringLiteralExpression') throw c.cx.unsupported('this Column:term form in search', e);
      const { name, needle } = termOperator(c, e, String(e.Right.LiteralValue), caseSensitive);
      return anyColumnMatches(c, e, name, needle, row.columns, [column]);
    }
    case 'FunctionCallExpression': {
      const args = e.ArgumentList ? elements(e.ArgumentList.Expressions) : [];
      if (String(e.ReferencedSymbol?.Name ?? '').toLowerCase() === 'not' && args.length === 1) {
        const inner = compilePredicate(c, args[0], row, scope, caseSensitive);
        return (x, rs) => !inner(x, rs);
      }
    }
  }
  // kind=case_sensitive would change the string operators inside an ordinary expression too.
  if (caseSensitive) throw c.cx.unsupported('search kind=case_sensitive with a non-term predicate', e);
  const value = c.scalar(e, row, scope);
  return (x, rs) => value(x, rs) === true;
}

const search: OperatorCompiler = (c, op, input, scope) => {
  if (op.InClause) throw c.cx.unsupported('search in (…)', op);
  const source = op.Parent && kindOf(op.Parent) === 'PipeExpression' ? op.Parent.Expression : undefined;
  if (!source) throw c.cx.unsupported('search over all tables (no piped input)', op);
  const tableName = kindOf(source) === 'NameReference' && source.ReferencedSymbol instanceof Symbols.TableSymbol
    && !scope.lookup(String(source.ReferencedSymbol.Name)) ? String(source.ReferencedSymbol.Name) : undefined;
  if (!tableName) throw c.cx.unsupported('search without a database table piped in ($table name)', op);
  const columns = tableColumns(op.ResultType);
  if (columns.length !== input.length + 1 || columns[0].name !== '$table' || input.some((col, i) => columns[i + 1].name !== col.name)) {
    throw c.cx.unsupported('search output columns', op);
  }
  const kind = operatorParameters(op.Parameters).get('kind')?.text.toLowerCase() ?? 'default';
  if (!['default', 'case_insensitive', 'case_sensitive'].includes(kind)) throw c.cx.unsupported(`search kind=${kind}`, op);
  const test = compilePredicate(c, op.Condition, new RowContext(input), scope, kind === 'case_sensitive');
  return {
    columns,
    apply(t, rs) {
      const rows: Row[] = [];
      for (let n = 0; n < t.rows.length; n++) {
        rs.tick();
        const r = t.rows[n];
        rs.windowRows = t.rows; // a predicate may use window functions over this operator's rows
        rs.windowIndex = n;
        if (!test(r, rs)) continue;
        const out = [tableName, ...r];
        rs.lineage?.derive(out, r);
        rows.push(out);
      }
      return { columns, rows };
    },
  };
};

export const searchOperators: Record<string, OperatorCompiler> = { SearchOperator: search };
