// Tabular expressions and statements: table references, lets (cached per run), materialize, table(),
// datatable, pipes (each pipe operator becomes a stage with row statistics), and function calls.
import { Symbols } from '../../kusto/bridge';
import { KqlRuntimeError } from '../functions/types';
import { toBool, toDatetimeValue, toDynamic, toGuidValue, toInteger, toReal, toText, toTimespanValue } from '../functions/convert';
import type { Column, Table } from '../table';
import type { Plan, Row, StageInfo } from '../plan';
import type { RunState } from '../runState';
import type { KqlType, Value } from '../values';
import type { Lineage } from '../lineage';
import { RowContext, Scope } from './context';
import { typeOfScalar } from './scalar';
import type { Compiler } from './compiler';
import { compileOperator } from './operators';
import { fusedJoinFilters } from './operators/joinFilter';
import { elements, isTableType, kindOf, scalarType, tableColumns, type Node } from './syntax';

export function compileTabular(c: Compiler, e: Node, scope: Scope, implicitInput?: Plan): Plan {
  const kind = kindOf(e);
  switch (kind) {
    case 'ParenthesizedExpression': return compileTabular(c, e.Expression, scope, implicitInput);
    case 'NameReference': return tableName(c, e, scope);
    case 'PipeExpression': {
      const fused = fusedJoinFilters(c, e, scope, (inner) => compileTabular(c, inner, scope, implicitInput));
      if (fused) return fused;
      const input = compileTabular(c, e.Expression, scope, implicitInput);
      return pipeStage(c, e.Operator, input, scope);
    }
    case 'MaterializeExpression': return cached(compileTabular(c, e.Expression, scope));
    case 'FunctionCallExpression': return tabularCall(c, e, scope);
    case 'DataTableExpression': return dataTable(c, e, scope);
    case 'ExternalDataExpression': return externalData(c, e);
  }
  if (kind.endsWith('Operator')) {
    // An operator with no pipe before it: a source operator (union, range, print) or the first operator of
    // an mv-apply subquery, which reads the implicit input.
    return pipeStage(c, e, implicitInput ?? emptyInput, scope);
  }
  throw c.cx.unsupported(`tabular expression ${kind}`, e);
}

const emptyInput: Plan = { columns: [], run: () => ({ columns: [], rows: [] }) };

/**
 * Binds the let statements of a statement list into `scope`; returns the last expression statement, if any.
 * `perRow`: the statements are a user function's body, whose scalar lets may read its parameters (the row).
 */
export function bindStatements(c: Compiler, list: Node, scope: Scope, perRow = false): Node | undefined {
  let result: Node | undefined;
  for (const statement of elements(list)) {
    const kind = kindOf(statement);
    if (kind === 'LetStatement') bindLet(c, statement, scope, perRow);
    else if (kind === 'ExpressionStatement') result = statement.Expression;
    else throw c.cx.unsupported(`statement ${kind}`, statement);
  }
  return result;
}

function bindLet(c: Compiler, statement: Node, scope: Scope, perRow: boolean): void {
  const name = String(statement.Name.SimpleName);
  const value = statement.Expression;
  if (kindOf(value) === 'FunctionDeclaration') {
    scope.set(name, { kind: 'function', declaration: value, scope });
    return;
  }
  if (isTableType(value.ResultType)) {
    const stage = c.cx.stage('let', name, statement);
    // Every tabular let is evaluated at most once per run: same rows for every reference (what materialize
    // guarantees), and no repeated work.
    scope.set(name, { kind: 'tabular', plan: cached(compileTabular(c, value, scope), stage) });
    return;
  }
  if (value.ResultType instanceof Symbols.FunctionSymbol || kindOf(value.ResultType) === 'FunctionSymbol') {
    throw c.cx.unsupported(`let ${name} bound to a function value`, statement);
  }
  const expr = c.scalar(value, RowContext.empty, scope);
  if (perRow) {
    // In a function body the let may read a parameter bound to the caller's row: evaluated with that row.
    scope.set(name, { kind: 'scalar', type: scalarType(value.ResultType) ?? 'dynamic', expr });
    return;
  }
  const key = {};
  // A scalar let is a constant of the run (it cannot read a row): computed once on first use.
  scope.set(name, {
    kind: 'scalar',
    type: scalarType(value.ResultType) ?? 'dynamic',
    expr: (_r, rs) => {
      const hit = rs.cache.get(key) as { v: Value } | undefined;
      if (hit) return hit.v;
      const v = expr([], rs);
      rs.cache.set(key, { v });
      return v;
    },
  });
}

/** A plan evaluated at most once per run; later runs of it in the same run return the same table. */
export function cached(plan: Plan, stage?: StageInfo): Plan {
  const key = {};
  return {
    columns: plan.columns,
    run(rs) {
      let t = rs.cache.get(key) as Table | undefined;
      if (!t) {
        t = plan.run(rs);
        rs.cache.set(key, t);
        if (stage) rs.record(stage, t.rows.length, t.rows.length);
      }
      return t;
    },
  };
}

/**
 * Runs a subquery that is evaluated once per group (partition, mv-apply): values it caches for the run
 * (toscalar, its own lets, `as` slots) belong to this evaluation only, so they are dropped afterwards.
 */
export function runPerGroup(rs: RunState, run: () => Table): Table {
  const before = new Set(rs.cache.keys());
  try {
    return run();
  } finally {
    for (const k of [...rs.cache.keys()]) if (!before.has(k)) rs.cache.delete(k);
  }
}

function tableName(c: Compiler, e: Node, scope: Scope): Plan {
  const name = String(e.ReferencedSymbol?.Name ?? e.SimpleName);
  const binding = scope.lookup(name);
  if (binding?.kind === 'tabular') return binding.plan;
  if (binding?.kind === 'function' || e.ReferencedSymbol instanceof Symbols.FunctionSymbol) {
    return c.callFunction(e, RowContext.empty, scope, (body, bodyScope) => c.tabular(body, bodyScope));
  }
  if (e.ReferencedSymbol instanceof Symbols.TableSymbol) return sourceTable(c, name, tableColumns(e.ResultType), e);
  throw c.cx.unsupported(`'${name}', neither a table nor a function of the catalogue`, e);
}

/** A table of the run's data, with its columns in the analyzer's order (missing ones null, "" for strings). */
export function sourceTable(c: Compiler, name: string, columns: Column[], at: Node): Plan {
  const where = c.cx.where(at);
  return {
    columns,
    run(rs) {
      const t = rs.source(name);
      if (!t) throw new KqlRuntimeError(`table '${name}' at ${where} has no data: no sample file provides it`);
      return conform(t, columns, rs.lineage);
    },
  };
}

/** Rearranges a table's rows to `columns` (by name). Rows are reused when the order already matches. */
export function conform(t: Table, columns: Column[], lineage?: Lineage): Table {
  const index = new Map(t.columns.map((col, i) => [col.name, i]));
  const from = columns.map((col) => index.get(col.name) ?? -1);
  if (from.length === t.columns.length && from.every((f, i) => f === i)) return { columns, rows: t.rows };
  const fill = columns.map((col) => (col.type === 'string' ? '' : null));
  const rows = t.rows.map((r) => from.map((f, i) => (f < 0 ? fill[i] : r[f])));
  lineage?.deriveEach(rows, t.rows);
  return { columns, rows };
}

function tabularCall(c: Compiler, e: Node, scope: Scope): Plan {
  const name = String(e.ReferencedSymbol?.Name ?? '');
  if (name.toLowerCase() === 'table' && !scope.lookup(name)) return dynamicTable(c, e, scope);
  if (scope.lookup(name)?.kind === 'function' || e.GetExpansion?.()) {
    return c.callFunction(e, RowContext.empty, scope, (body, bodyScope) => c.tabular(body, bodyScope));
  }
  throw c.cx.unsupported(`tabular function ${name}()`, e);
}

/** `table(name)`: a let-bound table or a data table, looked up by a name known when the run starts. */
function dynamicTable(c: Compiler, e: Node, scope: Scope): Plan {
  const [arg] = elements(e.ArgumentList.Expressions);
  const nameOf = c.scalar(arg, RowContext.empty, scope);
  const columns = tableColumns(e.ResultType);
  const where = c.cx.where(e);
  return {
    columns,
    run(rs) {
      const name = String(nameOf([], rs));
      const binding = scope.lookup(name);
      if (binding?.kind === 'tabular') return conform(binding.plan.run(rs), columns, rs.lineage);
      const t = rs.source(name);
      if (!t) throw new KqlRuntimeError(`table('${name}') at ${where}: no such table in the data`);
      return conform(t, columns, rs.lineage);
    },
  };
}

/**
 * A datatable value as its column's type, converted as the to<type>() functions do when the literal is of
 * another type (a real in a long column is truncated, a string in a datetime column is parsed). A string is
 * never null.
 */
function cellOf(column: KqlType, type: KqlType, v: Value): Value {
  if (type !== column && v !== null) {
    switch (column) {
      case 'string': return toText(v, type);
      case 'int': case 'long': return toInteger(v, type);
      case 'real': case 'decimal': return toReal(v, type);
      case 'bool': return toBool(v, type);
      case 'datetime': return toDatetimeValue(v, type);
      case 'timespan': return toTimespanValue(v, type);
      case 'guid': return toGuidValue(v, type);
      case 'dynamic': return toDynamic(v, type);
    }
  }
  return column === 'string' && v === null ? '' : v;
}

function dataTable(c: Compiler, e: Node, scope: Scope): Plan {
  const columns = tableColumns(e.ResultType);
  const valueNodes = elements(e.Values);
  const values = valueNodes.map((v) => c.scalar(v, RowContext.empty, scope));
  const types = valueNodes.map((v) => typeOfScalar(c, v));
  if (columns.length === 0 || values.length % columns.length !== 0) {
    throw c.cx.unsupported(`datatable with ${values.length} values for ${columns.length} columns`, e);
  }
  return {
    columns,
    run(rs) {
      const rows: Row[] = [];
      for (let i = 0; i < values.length; i += columns.length) {
        rows.push(columns.map((col, j) => cellOf(col.type, types[i + j], values[i + j]([], rs))));
      }
      rs.lineage?.constant(rows);
      return { columns, rows };
    },
  };
}

/**
 * externaldata(…)[url]: offline, the run's data may provide the table under the URL as its name; otherwise
 * the table is empty (with its declared schema) and the run carries a warning saying so.
 */
function externalData(c: Compiler, e: Node): Plan {
  const columns = tableColumns(e.ResultType);
  const urls: string[] = [];
  const visit = (x: Node) => {
    if (!x || x.IsToken || kindOf(x) === 'ExternalDataWithClause') return;
    if (kindOf(x) === 'StringLiteralExpression') { urls.push(String(x.ConstantValue)); return; }
    for (let i = 0; i < x.ChildCount; i++) visit(x.GetChild(i));
  };
  visit(e);
  const where = c.cx.where(e);
  return {
    columns,
    run(rs) {
      const tables = urls.map((u) => rs.source(u)).filter((t): t is Table => t !== undefined);
      if (tables.length === 0) {
        rs.warn(`externaldata at ${where} read as an empty table: no data is provided for ${urls.join(', ')}`);
        return { columns, rows: [] };
      }
      return { columns, rows: tables.flatMap((t) => conform(t, columns, rs.lineage).rows) };
    },
  };
}

/** One pipe stage: runs the input, applies the operator, counts rows (statistics and the row budget). */
function pipeStage(c: Compiler, opNode: Node, input: Plan, scope: Scope): Plan {
  const stage = c.cx.stage('operator', kindOf(opNode), opNode);
  const op = compileOperator(c, opNode, input.columns, scope);
  const where = c.cx.where(opNode);
  return {
    columns: op.columns,
    run(rs: RunState) {
      const inTable = input.run(rs);
      rs.checkTime();
      const out = op.apply(inTable, rs);
      rs.charge(out.rows === inTable.rows ? 0 : out.rows.length, where);
      if (stage) rs.record(stage, inTable.rows.length, out.rows.length);
      return out;
    },
  };
}
