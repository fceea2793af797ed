// `T | search …` and `search in (T1, T2) …` (kusto/query/search-operator.md). A search term is a string
// operator over every column (each value read as text); its wildcards pick the operator: `x` has, `x*`
// hasprefix, `*x` hassuffix, `*x*` contains, `a*b` matches regex `\ba.*b\b`. `Col:term` restricts a term to
// one column; any other predicate (`x == 1`, `a matches regex "…"`) is an ordinary scalar expression.
// `in (…)` takes plain table names. Search over every table, wildcard names, and a piped input that is not a
// database table (whose `$table` value Kusto leaves system-generated) are unsupported.
import { Symbols } from '../../../kusto/bridge';
import type { Table } from '../../table';
import { KqlRuntimeError } from '../../functions/types';
import { conform } from '../tabular';
import type { Row } from '../../plan';
import type { RunState } from '../../runState';
import { RowContext, type Scope } from '../context';
import type { Compiler } from '../compiler';
import { elements, kindOf, operatorParameters, tableColumns, type Node } from '../syntax';
import type { OperatorCompiler } from './index';
import { anyColumnMatches, type RowTest } from './anyColumn';

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

/** A database table name (not a `let`), or undefined for anything else. */
function databaseTable(e: Node, scope: Scope): string | undefined {
  return kindOf(e) === 'NameReference' && e.ReferencedSymbol instanceof Symbols.TableSymbol
    && !scope.lookup(String(e.ReferencedSymbol.Name)) ? String(e.ReferencedSymbol.Name) : undefined;
}

const search: OperatorCompiler = (c, op, input, scope) => {
  const columns = tableColumns(op.ResultType);
  if (columns[0]?.name !== '$table') throw c.cx.unsupported('search output columns', op);
  const searched = columns.slice(1);
  // The searched tables: the piped one, or those of `in (…)`, the rows of each read as the analyzer's union
  // of their columns ("search in (T1,T2) … = union T1,T2 | where * has …").
  let tables: { name: string; read(t: Table, rs: RunState): Table }[];
  if (op.InClause) {
    const where = c.cx.where(op);
    tables = elements(op.InClause.Expressions).map((e) => {
      const name = databaseTable(e, scope);
      const own = tableColumns(e.ResultType);
      // Only names whose columns the union keeps as they are (no wildcards, lets or `x_long` type clashes).
      if (!name || own.some((col) => !searched.some((s) => s.name === col.name && s.type === col.type))) {
        throw c.cx.unsupported('this table in search in (…)', e);
      }
      return {
        name,
        read: (_t: Table, rs: RunState) => {
          const data = rs.source(name);
          if (!data) throw new KqlRuntimeError(`table '${name}' at ${where} has no data: no sample file provides it`);
          return conform(data, searched, rs.lineage);
        },
      };
    });
  } else {
    const source = op.Parent && kindOf(op.Parent) === 'PipeExpression' ? op.Parent.Expression : undefined;
    if (!source) throw c.cx.unsupported('search over all tables (no piped input and no in (…))', op);
    const name = databaseTable(source, scope);
    if (!name) throw c.cx.unsupported('search without a database table piped in ($table name)', op);
    if (searched.length !== input.length || input.some((col, i) => searched[i].name !== col.name)) {
      throw c.cx.unsupported('search output columns', op);
    }
    tables = [{ name, read: (t: Table) => t }];
  }
  const kind = operatorParameters(op.Parameters).get('kind')?.text.toLowerCase() ?? 'default';
  if (!['default', 'case_insensitive', 'case_sensitive'].includes(kind)) throw c.cx.unsupported(`search kind=${kind}`, op);
  const test = compilePredicate(c, op.Condition, new RowContext(searched), scope, kind === 'case_sensitive');
  return {
    columns,
    apply(input, rs) {
      const rows: Row[] = [];
      for (const table of tables) {
        const t = table.read(input, rs);
        for (let n = 0; n < t.rows.length; n++) {
          rs.tick();
          const r = t.rows[n];
          rs.windowRows = t.rows; // a predicate may use window functions over this operator's rows
          rs.windowIndex = n;
          if (!test(r, rs)) continue;
          const out = [table.name, ...r];
          rs.lineage?.derive(out, r);
          rows.push(out);
        }
      }
      return { columns, rows };
    },
  };
};

export const searchOperators: Record<string, OperatorCompiler> = { SearchOperator: search };
