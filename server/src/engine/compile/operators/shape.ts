// Row and column shaping: where, extend, project and its variants, distinct, sort/order, top, take/limit,
// count, as, serialize, print, range.
import { K } from '../../../kusto/bridge';
import { KqlRuntimeError } from '../../functions/types';
import type { Column, Table } from '../../table';
import type { Row, Scalar } from '../../plan';
import type { RunState } from '../../runState';
import type { Value } from '../../values';
import { sortKey, sortRows, type SortKey } from '../../exec/order';
import { tupleKey } from '../../exec/keys';
import { RowContext } from '../context';
import type { Compiler } from '../compiler';
import type { Scope } from '../context';
import { typeOfScalar } from '../scalar';
import { elements, kindOf, nodeText, scalarType, tableColumns, tupleWidth, type Node } from '../syntax';
import type { Operator, OperatorCompiler } from './index';

/**
 * Indexes into `input` of the `output` columns, by name. When the input has a name twice (the analyzer lets
 * `parse` add a column of an existing name), the analyzer's next schema calls the second one Name1, the
 * third Name2…: those resolve to that occurrence.
 */
export function indexesByName(c: Compiler, op: Node, output: Column[], input: Column[]): number[] {
  const ctx = new RowContext(input);
  const occurrences = new Map<string, number[]>();
  input.forEach((col, i) => occurrences.set(col.name, [...(occurrences.get(col.name) ?? []), i]));
  const outputNames = new Set(output.map((col) => col.name));
  return output.map((col) => {
    const same = occurrences.get(col.name);
    // Renamed duplicates (X, X1) take the occurrences in order; otherwise a name is its last column (extend's
    // replacement), also when the input already had an X1 (a join's right column): that X1 is not a renamed X.
    if (same && same.length > 1 && outputNames.has(`${col.name}1`) && !occurrences.has(`${col.name}1`)) return same[0];
    let i = ctx.index.get(col.name);
    if (i === undefined) {
      const m = /^(.*?)(\d+)$/.exec(col.name);
      const dup = m ? occurrences.get(m[1]) : undefined;
      if (dup && dup.length > Number(m![2])) i = dup[Number(m![2])];
    }
    if (i === undefined) throw c.cx.unsupported(`column '${col.name}' of ${kindOf(op)}`, op);
    return i;
  });
}

/** An operator that keeps the rows and picks columns by index. */
export function selectColumns(columns: Column[], from: number[], inputWidth: number): Operator {
  if (from.length === inputWidth && from.every((f, i) => f === i)) return { columns, apply: (t) => ({ columns, rows: t.rows }) };
  return {
    columns,
    apply(t, rs) {
      const rows = t.rows.map((r) => from.map((f) => r[f]));
      rs.lineage?.deriveEach(rows, t.rows);
      return { columns, rows };
    },
  };
}

/** The name an expression of extend/project/summarize gives its column, when written (`Name = expr`). */
export function declaredName(e: Node): string | undefined {
  return kindOf(e) === 'SimpleNamedExpression' ? String(e.Name.SimpleName) : undefined;
}

/**
 * The name Kusto gives an unnamed expression that has one: a column keeps its name, `tostring(a.b)` is `a_b`,
 * `todynamic(x)` is `x` (Kusto.Language's own rule), `column_ifexists("X", …)` is X. Undefined otherwise (the
 * analyzer then generates one, e.g. Column1).
 */
export function implicitName(e: Node): string | undefined {
  return K.KustoFacts.GetExpressionResultName(e, null, null) || columnIfExistsName(e);
}

/** The column name of a `column_ifexists("X", …)` call with a constant name. */
export function columnIfExistsName(e: Node): string | undefined {
  if (kindOf(e) !== 'FunctionCallExpression' || String(e.ReferencedSymbol?.Name ?? '').toLowerCase() !== 'column_ifexists') return undefined;
  const [first] = elements(e.ArgumentList.Expressions);
  const v = first?.ConstantValue;
  return typeof v === 'string' ? v : undefined;
}

/**
 * The output columns of an operator that keeps every input column (extend, mv-expand, parse): the analyzer's,
 * plus input columns it does not list. Those come from a data-dependent schema (bag_unpack, pivot), which the
 * analyzer leaves open.
 */
export function keepingInput(output: Column[], input: Column[]): Column[] {
  const names = new Set(output.map((c) => c.name));
  return [...output, ...input.filter((c) => !names.has(c.name))];
}

/** Names of the new columns of extend-like operators, in expression order. */
export function newColumnNames(c: Compiler, op: Node, exprs: Node[], input: Column[], output: Column[]): string[] {
  const inputNames = new Set(input.map((x) => x.name));
  const written = exprs.map((e) => declaredName(e) ?? implicitName(e));
  const taken = new Set(written.filter((n): n is string => n !== undefined));
  // Unnamed expressions take the names the analyzer gave them: output names that are new and not written.
  const generated = output.map((x) => x.name).filter((n) => !inputNames.has(n) && !taken.has(n));
  return written.map((n, i) => {
    const name = n ?? generated.shift();
    if (name === undefined) throw c.cx.unsupported('an unnamed expression', exprs[i]);
    return name;
  });
}

const where: OperatorCompiler = (c, op, input, scope) => {
  const condition = c.scalar(op.Condition, new RowContext(input), scope);
  return {
    columns: input,
    apply(t, rs) {
      const rows: Row[] = [];
      for (let n = 0; n < t.rows.length; n++) {
        rs.tick();
        rs.windowRows = t.rows; // (re)set per row: a subquery evaluated inside may have moved it
        rs.windowIndex = n;
        if (condition(t.rows[n], rs) === true) rows.push(t.rows[n]);
      }
      return { columns: t.columns, rows };
    },
  };
};

/**
 * extend: new columns are appended in order; a column that already exists is replaced by the new one where
 * the analyzer's output order puts it. Every expression reads the input row: Kusto.Language binds a name to
 * the input column even after an earlier expression of the same extend replaced it (`extend a = "s", x = a`
 * types x as the input a), and a column new in this extend cannot be read in it.
 */
const extend: OperatorCompiler = (c, op, input, scope) => {
  const output = keepingInput(tableColumns(op.ResultType), input);
  const exprs = elements(op.Expressions);
  const single = exprs.filter((e) => kindOf(e) !== 'CompoundNamedExpression');
  const names = newColumnNames(c, op, single, input, output);
  const working: Column[] = [...input];
  const inputRow = new RowContext(input);
  const computed: Scalar[] = [];
  for (const e of exprs) {
    if (kindOf(e) === 'CompoundNamedExpression') {
      // (a, b, c) = f(…): f returns a tuple (an array of the values), spread over the named columns.
      const names = elements(e.Names.Names);
      computed.push(...spreadTuple(c.scalar(e.Expression, inputRow, scope), names.length));
      for (const decl of names) working.push({ name: String(decl.SimpleName), type: scalarType(decl.ResultType) ?? 'dynamic' });
      continue;
    }
    computed.push(c.scalar(e, inputRow, scope));
    working.push({ name: names[single.indexOf(e)], type: typeOfScalar(c, e) });
  }
  const width = input.length;
  const from = indexesByName(c, op, output, working);
  const identity = from.length === working.length && from.every((f, i) => f === i);
  return {
    columns: output,
    apply(t, rs) {
      const rows = new Array<Row>(t.rows.length);
      for (let n = 0; n < t.rows.length; n++) {
        rs.tick();
        rs.windowRows = t.rows; // (re)set per row: a subquery evaluated inside may have moved it
        rs.windowIndex = n;
        const w = t.rows[n].slice();
        for (let i = 0; i < computed.length; i++) w[width + i] = computed[i](w, rs);
        rows[n] = identity ? w : from.map((f) => w[f]);
      }
      rs.lineage?.deriveEach(rows, t.rows);
      return { columns: output, rows };
    },
  };
};

const project: OperatorCompiler = (c, op, input, scope) => {
  const output = tableColumns(op.ResultType);
  const exprs = elements(op.Expressions);
  if (exprs.length !== output.length) throw c.cx.unsupported(`project with ${exprs.length} expressions for ${output.length} columns`, op);
  const ctx = new RowContext(input);
  const values = exprs.map((e) => c.scalar(e, ctx, scope));
  return {
    columns: output,
    apply(t, rs) {
      const rows = new Array<Row>(t.rows.length);
      for (let n = 0; n < t.rows.length; n++) {
        rs.windowRows = t.rows; // (re)set per row: a subquery evaluated inside may have moved it
        rs.windowIndex = n;
        const r = t.rows[n];
        const out = new Array<Value>(values.length);
        for (let i = 0; i < values.length; i++) out[i] = values[i](r, rs);
        rows[n] = out;
      }
      rs.lineage?.deriveEach(rows, t.rows);
      return { columns: output, rows };
    },
  };
};

/** project-away, project-keep, project-reorder: a choice of input columns by name. */
const chooseColumns: OperatorCompiler = (c, op, input) => {
  const output = tableColumns(op.ResultType);
  return selectColumns(output, indexesByName(c, op, output, input), input.length);
};

/** project-rename keeps every column in place; only names change. */
const projectRename: OperatorCompiler = (c, op, input) => {
  const output = tableColumns(op.ResultType);
  if (output.length !== input.length) throw c.cx.unsupported('project-rename changing the column count', op);
  return { columns: output, apply: (t) => ({ columns: output, rows: t.rows }) };
};

/** distinct: the first row of each distinct combination of the listed columns (or all with `*`). */
const distinct: OperatorCompiler = (c, op, input, scope) => {
  const output = tableColumns(op.ResultType);
  const exprs = elements(op.Expressions);
  const ctx = new RowContext(input);
  const values: Scalar[] = exprs.length === 1 && kindOf(exprs[0]) === 'StarExpression'
    ? input.map((_x, i) => (r: Row) => r[i])
    : exprs.map((e) => c.scalar(e, ctx, scope));
  const key = tupleKey(output.map((x) => x.type));
  return {
    columns: output,
    apply(t, rs) {
      const seen = new Set<unknown>();
      const rows: Row[] = [];
      const lineage = rs.lineage?.groups();
      for (const r of t.rows) {
        rs.tick();
        const out = values.map((v) => v(r, rs));
        const k = key(out);
        if (!seen.has(k)) { seen.add(k); rows.push(out); }
        lineage?.add(k, r);
      }
      lineage?.derive(rows, [...seen]);
      return { columns: output, rows };
    },
  };
};

/** The parts of an `x [asc|desc] [nulls first|last]` item (sort, top, top-nested). */
export function ordering(e: Node): { expr: Node; ascending: boolean; nulls?: 'first' | 'last' } {
  const ordered = kindOf(e) === 'OrderedExpression';
  const words = ordered && e.Ordering ? nodeText(e.Ordering).toLowerCase() : '';
  const nulls = /nulls\s+first/.test(words) ? 'first' : /nulls\s+last/.test(words) ? 'last' : undefined;
  return { expr: ordered ? e.Expression : e, ascending: /\basc\b/.test(words), nulls };
}

/** An `x [asc|desc] [nulls first|last]` item of sort/top. */
function orderItem(c: Compiler, e: Node, ctx: RowContext, scope: Scope): { value: Scalar; key: SortKey } {
  const { expr, ascending, nulls } = ordering(e);
  return { value: c.scalar(expr, ctx, scope), key: sortKey(typeOfScalar(c, expr), ascending, nulls) };
}

function sorter(c: Compiler, items: Node[], input: Column[], scope: Scope) {
  const ctx = new RowContext(input);
  const order = items.map((e) => orderItem(c, e, ctx, scope));
  const keys = order.map((o) => o.key);
  return (t: Table, rs: Parameters<Operator['apply']>[1], limit?: number) =>
    sortRows(t.rows, (r) => order.map((o) => o.value(r, rs)), keys, limit);
}

const sort: OperatorCompiler = (c, op, input, scope) => {
  const run = sorter(c, elements(op.Expressions), input, scope);
  return { columns: input, apply: (t, rs) => ({ columns: t.columns, rows: run(t, rs) }) };
};

/** A row count argument (take 10, top 5 by …): a constant of the run. */
export function countArgument(c: Compiler, e: Node, scope: Scope): (rs: Parameters<Operator['apply']>[1]) => number {
  const value = c.scalar(e, RowContext.empty, scope);
  const where = c.cx.where(e);
  return (rs) => {
    const n = value([], rs);
    if (typeof n !== 'number' || n < 0) throw new KqlRuntimeError(`row count at ${where} must be a non-negative number, got ${String(n)}`);
    return Math.floor(n);
  };
}

const top: OperatorCompiler = (c, op, input, scope) => {
  const count = countArgument(c, op.Expression, scope);
  const run = sorter(c, [op.ByExpression], input, scope);
  return { columns: input, apply: (t, rs) => ({ columns: t.columns, rows: run(t, rs, count(rs)) }) };
};

const take: OperatorCompiler = (c, op, input, scope) => {
  const count = countArgument(c, op.Expression, scope);
  return { columns: input, apply: (t, rs) => ({ columns: t.columns, rows: t.rows.slice(0, count(rs)) }) };
};

/**
 * sample N: up to N rows "chosen at random" — the first N are one such choice, and a fixed one keeps runs
 * reproducible (sample-operator docs promise no particular rows).
 */
const sample = take;

/** The .NET type names getschema reports per Kusto type (getschema-operator docs). */
const DOTNET_TYPES: Record<string, string> = {
  bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double', decimal: 'System.Data.SqlTypes.SqlDecimal',
  string: 'System.String', datetime: 'System.DateTime', timespan: 'System.TimeSpan', guid: 'System.Guid', dynamic: 'System.Object',
};

/** getschema: one row per input column: ColumnName, ColumnOrdinal, DataType, ColumnType. */
const getschema: OperatorCompiler = (_c, op, input) => {
  const output = tableColumns(op.ResultType);
  const rows = input.map((col, i) => [col.name, i, DOTNET_TYPES[col.type] ?? 'System.Object', col.type]);
  return { columns: output, apply: (_t, rs) => { const out = rows.map((r) => [...r]); rs.lineage?.constant(out); return { columns: output, rows: out }; } };
};

const count: OperatorCompiler = (_c, op) => {
  const output = tableColumns(op.ResultType);
  return { columns: output, apply: (t, rs) => { const row = [t.rows.length]; rs.lineage?.deriveFromAll(row, t.rows); return { columns: output, rows: [row] }; } };
};

const passThrough: OperatorCompiler = (_c, _op, input) => ({ columns: input, apply: (t) => t });

/**
 * `as Name` passes its input through and binds Name to it for the rest of the query (as-operator docs:
 * `T | as X | where … | join (X | where …) on …`). Later references run after this operator in the same run,
 * so they read the table it saw; a reference with no such table (the operator never ran) is an error.
 */
const asOperator: OperatorCompiler = (c, op, input, scope) => {
  const name = String(op.Name.SimpleName);
  const where = c.cx.where(op);
  const key = {};
  scope.set(name, {
    kind: 'tabular',
    plan: {
      columns: input,
      run(rs) {
        const t = rs.cache.get(key) as Table | undefined;
        if (!t) throw new KqlRuntimeError(`'${name}' (as at ${where}) is read before its input was computed`);
        return t;
      },
    },
  });
  return { columns: input, apply: (t, rs) => { rs.cache.set(key, t); return t; } };
};

/** `T | invoke f(args)`: f(T, args) — the operator's input is the function's first (tabular) parameter. */
const invoke: OperatorCompiler = (c, op, input, scope) => {
  const key = {};
  const piped = { columns: input, run: (rs: RunState) => rs.cache.get(key) as Table };
  const body = c.callFunction(op.Function, RowContext.empty, scope, (e, bodyScope) => c.tabular(e, bodyScope), piped);
  return {
    columns: body.columns,
    apply(t, rs) {
      rs.cache.set(key, t);
      return body.run(rs);
    },
  };
};

/** serialize keeps row order (rows are always in order here); `serialize rn = row_number()` also extends. */
const serialize: OperatorCompiler = (c, op, input, scope) =>
  (elements(op.Expressions).length ? extend : passThrough)(c, op, input, scope);

/**
 * The columns of an expression that gives several values (a tuple, as an array): one scalar per value, the
 * expression evaluated once per row.
 */
function spreadTuple(tuple: Scalar, width: number): Scalar[] {
  let lastRow: Row | undefined;
  let last: Value = null;
  const valuesOf = (r: Row, rs: RunState): Value => {
    if (r !== lastRow) { last = tuple(r, rs); lastRow = r; }
    return last;
  };
  return Array.from({ length: width }, (_, k): Scalar => (r, rs) => {
    const t = valuesOf(r, rs);
    return Array.isArray(t) ? t[k] ?? null : null;
  });
}

/** print: one row; an expression of several values (`print series_stats(x)`) fills one column per value. */
const print: OperatorCompiler = (c, op, _input, scope) => {
  const output = tableColumns(op.ResultType);
  const values = elements(op.Expressions).flatMap((e: Node) => {
    const scalar = c.scalar(e, RowContext.empty, scope);
    const width = tupleWidth(e.ResultType);
    return width > 0 ? spreadTuple(scalar, width) : [scalar];
  });
  if (values.length !== output.length) throw c.cx.unsupported(`print with ${values.length} values for ${output.length} columns`, op);
  return {
    columns: output,
    apply: (_t, rs) => {
      const input: Row = [];
      const row = values.map((v) => v(input, rs));
      rs.lineage?.constant([row]);
      return { columns: output, rows: [row] };
    },
  };
};

/** range x from a to b step s: numbers, datetimes or timespans (all plain numbers at run time). */
const range: OperatorCompiler = (c, op, _input, scope) => {
  const output = tableColumns(op.ResultType);
  const [from, to, step] = [op.From, op.To, op.Step].map((e: Node) => c.scalar(e, RowContext.empty, scope));
  const where = c.cx.where(op);
  return {
    columns: output,
    apply(_t, rs) {
      const a = from([], rs); const b = to([], rs); const s = step([], rs);
      if (typeof a !== 'number' || typeof b !== 'number' || typeof s !== 'number' || s === 0) {
        throw new KqlRuntimeError(`range at ${where} needs non-null from, to and a non-zero step`);
      }
      const rows: Row[] = [];
      // from + i * step, not a running sum: real steps (0.1) would drift and lose the last value.
      for (let i = 0, v = a; s > 0 ? v <= b : v >= b; v = a + ++i * s) {
        if (rows.length >= rs.rowsLeft) rs.charge(rows.length + 1, where);
        rows.push([v]);
      }
      rs.lineage?.constant(rows);
      return { columns: output, rows };
    },
  };
};

export const shapingOperators: Record<string, OperatorCompiler> = {
  FilterOperator: where,
  ExtendOperator: extend,
  ProjectOperator: project,
  ProjectAwayOperator: chooseColumns,
  ProjectKeepOperator: chooseColumns,
  ProjectReorderOperator: chooseColumns,
  ProjectRenameOperator: projectRename,
  DistinctOperator: distinct,
  SortOperator: sort,
  TopOperator: top,
  TakeOperator: take,
  SampleOperator: sample,
  GetSchemaOperator: getschema,
  CountOperator: count,
  AsOperator: asOperator,
  InvokeOperator: invoke,
  SerializeOperator: serialize,
  // render only says how to chart the result; the rows are the input's (render-operator docs).
  RenderOperator: passThrough,
  PrintOperator: print,
  RangeOperator: range,
};
