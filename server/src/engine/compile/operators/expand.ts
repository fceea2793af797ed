// mv-expand, mv-apply and evaluate bag_unpack: operators that turn dynamic arrays and bags into rows or columns.
import { Symbols } from '../../../kusto/bridge';
import type { Column, Table } from '../../table';
import type { Plan, Row, Scalar } from '../../plan';
import type { RunState } from '../../runState';
import { parseDatetime, parseTimespan, type KqlType, type Value } from '../../values';
import { RowContext } from '../context';
import type { Compiler } from '../compiler';
import type { Scope } from '../context';
import { elements, kindOf, operatorParameters, scalarType, tableColumns, type Node } from '../syntax';
import { isLiteral, literalValue } from '../literals';
import { columnIfExistsName, indexesByName, keepingInput, newColumnNames } from './shape';
import { compileAggregate } from './summarize';
import { aggregateFunctions } from '../../functions';
import { toText } from '../../functions/convert';
import { KqlRuntimeError } from '../../functions/types';
import { tupleKey } from '../../exec/keys';
import type { OperatorCompiler } from './index';

/**
 * `to typeof(T)` is a cast, not a parse: a value not already of type T becomes null ("" in a string column,
 * strings are never null). Numbers cast between numeric types (a real is truncated to a long), as the rules
 * that expand series_decompose_anomalies' real baselines `to typeof(long)` expect.
 */
function castTo(type: KqlType | undefined): (v: Value) => Value {
  switch (type) {
    case undefined: case 'dynamic': return (v) => v;
    case 'string': return (v) => (typeof v === 'string' ? v : '');
    case 'bool': return (v) => (typeof v === 'boolean' ? v : null);
    case 'int': case 'long': return (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);
    case 'real': case 'decimal': return (v) => (typeof v === 'number' ? v : null);
    case 'datetime': return (v) => (typeof v === 'string' ? parseDatetime(v) : null);
    case 'timespan': return (v) => (typeof v === 'string' ? parseTimespan(v) : null);
    case 'guid': return (v) => (typeof v === 'string' ? v.toLowerCase() : null);
  }
}

/** The elements a value expands to: array elements, one-entry bags (or [key, value] pairs), else itself. */
function elementsOf(v: Value, bagAsArray: boolean): Value[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') {
    return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
  }
  return [v];
}

interface Expansion {
  name: string;
  value: Scalar;
  cast: (v: Value) => Value;
  type: KqlType;
}

/** The expansions of mv-expand/mv-apply; unnamed non-column expressions take the analyzer's new names. */
function expansions(c: Compiler, op: Node, input: Column[], output: Column[], scope: Scope): Expansion[] {
  const ctx = new RowContext(input);
  const exprs = elements(op.Expressions);
  const names = newColumnNames(c, op, exprs.map((x) => x.Expression), input, output);
  return exprs.map((x, n) => {
    const e = x.Expression;
    const name = names[n];
    const type = x.ToTypeOf ? scalarType(x.ToTypeOf.TypeOf.ReferencedSymbol) : undefined;
    return { name, value: c.scalar(e, ctx, scope), cast: castTo(type), type: type ?? 'dynamic' };
  });
}

interface ExpandSetup {
  items: Expansion[];
  bagAsArray: boolean;
  limit?: Scalar;
}

/** The expanded tuples of one row (parallel expansion, shorter arrays padded with null); [] for empty arrays. */
function expandRow(s: ExpandSetup, r: Row, rs: RunState): { values: Value[]; index: number }[] {
  const lists = s.items.map((x) => elementsOf(x.value(r, rs), s.bagAsArray));
  let n = 0;
  for (const l of lists) if (l.length > n) n = l.length;
  if (s.limit) {
    const max = s.limit([], rs);
    if (typeof max === 'number' && max < n) n = max;
  }
  const out = new Array<{ values: Value[]; index: number }>(n);
  for (let i = 0; i < n; i++) out[i] = { values: lists.map((l, j) => s.items[j].cast(i < l.length ? l[i] : null)), index: i };
  return out;
}

function expandSetup(c: Compiler, op: Node, input: Column[], output: Column[], scope: Scope): ExpandSetup & { itemIndex?: string } {
  const params = operatorParameters(op.Parameters);
  return {
    items: expansions(c, op, input, output, scope),
    // `kind=` and `bagexpansion=` are synonyms (mv-expand-operator docs, "Modes of expansion").
    bagAsArray: (params.get('kind') ?? params.get('bagexpansion'))?.text.toLowerCase() === 'array',
    itemIndex: params.get('with_itemindex')?.text,
    limit: op.RowLimitClause ? c.scalar(op.RowLimitClause.RowLimit, RowContext.empty, scope)
      : String(op.MvExpandKeyword?.Text ?? '').toLowerCase() === 'mvexpand' ? () => LEGACY_MVEXPAND_LIMIT : undefined,
  };
}

/** The legacy `mvexpand` makes at most 128 rows of each input row unless a limit is written (mv-expand-operator docs). */
const LEGACY_MVEXPAND_LIMIT = 128;

/** The expanded row layout: input columns, expanded columns replacing or following them, the item index last. */
function expandedColumns(input: Column[], s: ExpandSetup & { itemIndex?: string }): { columns: Column[]; slots: number[] } {
  const columns = [...input];
  const slots = s.items.map((x) => {
    const i = columns.findIndex((col) => col.name === x.name);
    if (i >= 0) { columns[i] = { name: x.name, type: x.type }; return i; }
    columns.push({ name: x.name, type: x.type });
    return columns.length - 1;
  });
  if (s.itemIndex) { columns.push({ name: s.itemIndex, type: 'long' }); slots.push(columns.length - 1); }
  return { columns, slots };
}

function expandedRows(s: ExpandSetup, slots: number[], width: number, r: Row, rs: RunState): Row[] {
  return expandRow(s, r, rs).map(({ values, index }) => {
    const w = r.slice();
    rs.lineage?.derive(w, r);
    w.length = width;
    values.forEach((v, j) => { w[slots[j]] = v; });
    if (slots.length > values.length) w[slots[values.length]] = index;
    return w;
  });
}

const mvExpand: OperatorCompiler = (c, op, input, scope) => {
  const output = keepingInput(tableColumns(op.ResultType), input);
  const setup = expandSetup(c, op, input, output, scope);
  const layout = expandedColumns(input, setup);
  const from = indexesByName(c, op, output, layout.columns);
  const identity = from.length === layout.columns.length && from.every((f, i) => f === i);
  return {
    columns: output,
    apply(t, rs) {
      const rows: Row[] = [];
      for (const r of t.rows) {
        rs.tick();
        for (const w of expandedRows(setup, layout.slots, layout.columns.length, r, rs)) {
          const out = identity ? w : from.map((f) => w[f]);
          rs.lineage?.derive(out, w);
          rows.push(out);
        }
        if (rows.length > rs.rowsLeft) rs.charge(rows.length, c.cx.where(op));
      }
      return { columns: output, rows };
    },
  };
};

/**
 * mv-apply: per input row, the expanded rows (all input columns plus the expanded ones) go through the
 * subquery; its result rows, completed by the input row's other columns, are the output.
 */
const mvApply: OperatorCompiler = (c, op, input, scope) => {
  const output = tableColumns(op.ResultType);
  const setup = expandSetup(c, op, input, output, scope);
  const layout = expandedColumns(input, setup);
  const current = {};
  const subInput: Plan = { columns: layout.columns, run: (rs) => rs.cache.get(current) as Table };
  const sub = c.tabular(op.Subquery.Expression, scope, subInput);
  const subIndex = new RowContext(sub.columns).index;
  const inIndex = new RowContext(input).index;
  const from = output.map((col) => {
    const s = subIndex.get(col.name);
    if (s !== undefined) return { sub: true, i: s };
    const i = inIndex.get(col.name);
    if (i === undefined) throw c.cx.unsupported(`column '${col.name}' of mv-apply`, op);
    return { sub: false, i };
  });
  return {
    columns: output,
    apply(t, rs) {
      const rows: Row[] = [];
      for (const r of t.rows) {
        rs.tick();
        rs.cache.set(current, { columns: layout.columns, rows: expandedRows(setup, layout.slots, layout.columns.length, r, rs) });
        for (const s of sub.run(rs).rows) {
          const out = from.map((f) => (f.sub ? s[f.i] : r[f.i]));
          rs.lineage?.derive(out, s, r);
          rows.push(out);
        }
      }
      rs.cache.delete(current);
      return { columns: output, rows };
    },
  };
};

/**
 * Column names the query reads after `op` that the analyzer could not type (names of its open output schema),
 * and names read through column_ifexists there. pivot's output keeps none of its input columns but the keys,
 * so these, not every name the query reads, are its value columns when it does not end the query.
 */
function namesReadAfter(op: Node): Set<string> {
  const names = new Set<string>();
  const end = op.End as number;
  const visit = (el: Node) => {
    if (!el || el.IsToken) return;
    if ((el.TextStart as number) >= end) {
      const open = !el.ReferencedSymbol || el.ReferencedSymbol instanceof Symbols.ColumnSymbol;
      if (kindOf(el) === 'NameReference' && open && el.ResultType?.Name === 'unknown') names.add(String(el.SimpleName));
      const name = kindOf(el) === 'FunctionCallExpression' ? columnIfExistsName(el) : undefined;
      if (name !== undefined) names.add(name);
    }
    for (let i = 0; i < el.ChildCount; i++) visit(el.GetChild(i));
  };
  let root = op;
  while (root.Parent) root = root.Parent;
  visit(root);
  return names;
}

/**
 * Column names the query reads anywhere (as names or through column_ifexists): the output schema of
 * bag_unpack and pivot depends on the data (the analyzer's is open), the engine's is fixed at compile time.
 */
function referencedColumnNames(root: Node): Set<string> {
  const names = new Set<string>();
  const visit = (el: Node) => {
    if (!el || el.IsToken) return;
    if (kindOf(el) === 'NameReference' && (el.ReferencedSymbol instanceof Symbols.ColumnSymbol || !el.ReferencedSymbol)) names.add(String(el.SimpleName));
    if (kindOf(el) === 'FunctionCallExpression') {
      const name = columnIfExistsName(el);
      if (name !== undefined) names.add(name);
    }
    for (let i = 0; i < el.ChildCount; i++) visit(el.GetChild(i));
  };
  visit(root);
  return names;
}

/**
 * The extra columns of a data-dependent schema: names the query reads that neither the analyzer's columns nor
 * the operator's input have (an input column read by the operator's own arguments is not a produced column).
 */
function openColumns(c: Compiler, known: Column[], input: Column[], accept: (name: string) => boolean): Column[] {
  const taken = new Set([...known, ...input].map((x) => x.name));
  return [...referencedColumnNames(c.cx.root)].filter((n) => !taken.has(n) && accept(n))
    .map((name): Column => ({ name, type: 'dynamic' }));
}

type ColumnsConflict = 'error' | 'replace_source' | 'keep_source';

/** bag_unpack's `columnsConflict=` option (default `error`). */
function columnsConflict(c: Compiler, args: Node[]): ColumnsConflict {
  const option = args.find((a) => kindOf(a) === 'SimpleNamedExpression' && String(a.Name.SimpleName).toLowerCase() === 'columnsconflict');
  if (!option) return 'error';
  const text = String(literalValue(option.Expression, (what) => c.cx.unsupported(what, option)) ?? '').toLowerCase();
  if (text !== 'error' && text !== 'replace_source' && text !== 'keep_source') throw c.cx.unsupported(`bag_unpack columnsConflict='${text}'`, option);
  return text;
}

/**
 * evaluate bag_unpack(col [, prefix] [, columnsConflict=…]) [: (schema)]: the bag's keys become columns and
 * `col` goes away. The schema depends on the data. With an output schema the analyzer's columns are it. When
 * bag_unpack ends the query nothing downstream was compiled against its columns, so they come from the data as
 * the docs say (input columns, then one per key in name order, typed by the key's values). Elsewhere the
 * engine's schema is fixed at compile time: the analyzer's columns plus every other column name the query
 * reads (filled from the bag's key of that name; `dynamic`). A slot named like an input column is an error,
 * unless columnsConflict says to replace the input column with it or to keep the input column.
 */
const bagUnpack = (c: Compiler, op: Node, input: Column[], scope: Scope) => {
  const call = op.FunctionCall;
  const args = elements(call.ArgumentList.Expressions);
  const ctx = new RowContext(input);
  const bag = c.scalar(args[0], ctx, scope);
  // A second positional argument is the prefix; named ones (columnsConflict=…, ignoredProperties=…) are options.
  const prefixNode = args[1] && kindOf(args[1]) !== 'SimpleNamedExpression' ? args[1] : undefined;
  if (prefixNode && !isLiteral(prefixNode)) throw c.cx.unsupported('bag_unpack with a computed prefix', prefixNode);
  const prefix = prefixNode ? String(literalValue(prefixNode, (what) => c.cx.unsupported(what, prefixNode)) ?? '') : '';
  const conflict = columnsConflict(c, args);
  const where = c.cx.where(op);
  const known = tableColumns(op.ResultType);
  const knownNames = new Set(known.map((x) => x.name));
  const open = op.Schema ? [] : openColumns(c, known, input, (n) => n.startsWith(prefix));
  const fromInput = (cols: Column[]) => cols.map((col) => (knownNames.has(col.name) && ctx.index.has(col.name) ? ctx.index.get(col.name)! : -1));
  const bagOf = (r: Row, rs: RunState): Record<string, Value> => {
    const b = bag(r, rs);
    return b !== null && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, Value> : {};
  };
  /** Input columns that a slot of some bag is named like (with the prefix); without an output schema only. */
  const clashes = (bags: Record<string, Value>[], output: Column[]): Set<string> => {
    const found = new Set<string>();
    if (op.Schema) return found;
    const from = fromInput(output);
    const inputNames = new Set(output.filter((_col, i) => from[i] >= 0).map((col) => col.name));
    for (const b of bags) for (const key of Object.keys(b)) if (inputNames.has(prefix + key)) found.add(prefix + key);
    return found;
  };
  const rowsOf = (t: Table, bags: Record<string, Value>[], output: Column[]): Row[] => {
    const replaced = conflict === 'replace_source' ? clashes(bags, output) : new Set<string>();
    const from = fromInput(output).map((f, i) => (replaced.has(output[i].name) ? -1 : f));
    return t.rows.map((r, n) => output.map((col, i) => {
      if (from[i] >= 0) return r[from[i]];
      const key = col.name.slice(prefix.length);
      const v = Object.prototype.hasOwnProperty.call(bags[n], key) ? bags[n][key] : null;
      return col.type === 'string' ? (typeof v === 'string' ? v : toText(v, 'dynamic')) : v;
    }));
  };
  const staticOutput = [...known, ...open];
  const dataSchema = !op.Schema && endsQuery(c, op);
  return {
    columns: staticOutput,
    apply(t: Table, rs: RunState): Table {
      const bags = t.rows.map((r) => bagOf(r, rs));
      const output = dataSchema ? [...known, ...keyColumns(bags, prefix, knownNames)] : staticOutput;
      if (conflict === 'error') {
        const [clash] = clashes(bags, output);
        if (clash !== undefined) {
          throw new KqlRuntimeError(`bag_unpack at ${where}: the slot '${clash.slice(prefix.length)}' is also an input column `
            + `(columnsConflict='error', the default; use columnsConflict='replace_source' or 'keep_source')`);
        }
      }
      const rows = rowsOf(t, bags, output);
      rs.lineage?.deriveEach(rows, t.rows);
      return { columns: output, rows };
    },
  };
};

/** Whether `op` is the last operator of the query's result expression (not inside a let or subquery). */
function endsQuery(c: Compiler, op: Node): boolean {
  const pipe = op.Parent;
  if (kindOf(pipe) !== 'PipeExpression' || pipe.Operator !== op || kindOf(pipe.Parent) !== 'ExpressionStatement') return false;
  const statements = elements(c.cx.root.Statements);
  return statements[statements.length - 1] === pipe.Parent;
}

/** One column per distinct key of the bags, in name order; typed by the key's values when they agree. */
function keyColumns(bags: Record<string, Value>[], prefix: string, taken: Set<string>): Column[] {
  const types = new Map<string, KqlType | undefined>();
  for (const b of bags) {
    for (const [key, v] of Object.entries(b)) {
      const t = valueType(v);
      if (!types.has(key)) types.set(key, t);
      else if (t && types.get(key) !== t) types.set(key, types.get(key) ? 'dynamic' : t);
    }
  }
  return [...types.keys()].sort().filter((k) => !taken.has(prefix + k))
    .map((k): Column => ({ name: prefix + k, type: types.get(k) ?? 'dynamic' }));
}

/** The KQL type of a value inside a dynamic bag (undefined for null: it does not decide the type). */
function valueType(v: Value): KqlType | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  return 'dynamic';
}

/**
 * evaluate pivot(col [, agg(…)] [, key…]): one row per key combination, one column per value of `col` holding
 * the aggregate (default count()) of its rows. At the end of the query the value columns come from the data
 * (in name order); elsewhere they are the names the query reads (see openColumns).
 */
const pivot = (c: Compiler, op: Node, input: Column[], scope: Scope) => {
  const args = elements(op.FunctionCall.ArgumentList.Expressions);
  const ctx = new RowContext(input);
  const column = c.scalar(args[0], ctx, scope);
  const columnType = scalarType(args[0].ResultType) ?? 'dynamic';
  const aggNode = args[1] && kindOf(args[1]) === 'FunctionCallExpression' && aggregateFunctions.has(String(args[1].ReferencedSymbol?.Name ?? '').toLowerCase()) ? args[1] : undefined;
  const aggregate = aggNode ? compileAggregate(c, aggNode, ctx, scope, () => [], 1) : undefined;
  const valueType: KqlType = aggNode ? scalarType(aggNode.ResultType) ?? 'dynamic' : 'long';
  const count = aggregateFunctions.get('count')!({ name: 'count', argTypes: [], resultType: 'long', constArgs: [], where: c.cx.where(op) });
  const init = () => (aggregate ? aggregate.init() : count.init());
  const step = (s: unknown, r: Row, rs: RunState) => (aggregate ? aggregate.step(s, r, rs) : count.step(s, []));
  const result = (s: unknown, rs: RunState) => (aggregate ? aggregate.result(s, rs) : count.result(s));
  // With an output schema `: (Key:type, Value1:type, …)` its input columns are the keys and the rest the values.
  const analyzed = tableColumns(op.ResultType);
  const known = op.Schema ? analyzed.filter((col) => ctx.index.has(col.name)) : analyzed;
  const keys = known.map((k) => ctx.index.get(k.name) ?? -1);
  if (keys.includes(-1)) throw c.cx.unsupported('pivot keys that are not input columns', op);
  const keyNames = new Set(known.map((col) => col.name));
  const staticValues = op.Schema ? analyzed.filter((col) => !ctx.index.has(col.name))
    : [...namesReadAfter(op)].filter((n) => !keyNames.has(n)).map((name): Column => ({ name, type: 'dynamic' }));
  if (op.Schema && analyzed.some((col, i) => col.name !== [...known, ...staticValues][i].name)) throw c.cx.unsupported('a pivot output schema whose keys do not come first', op);
  const dataSchema = !op.Schema && endsQuery(c, op);
  const key = tupleKey(known.map((k) => k.type));
  return {
    columns: [...known, ...staticValues],
    apply(t: Table, rs: RunState): Table {
      const groups = new Map<unknown, { keys: Value[]; states: Map<string, unknown> }>();
      const seen = new Set<string>();
      const lineage = rs.lineage?.groups();
      for (const r of t.rows) {
        rs.tick();
        const k = keys.map((i) => r[i]);
        const hk = key(k);
        let g = groups.get(hk);
        if (!g) { g = { keys: k, states: new Map() }; groups.set(hk, g); }
        lineage?.add(hk, r);
        const name = toText(column(r, rs), columnType);
        seen.add(name);
        g.states.set(name, step(g.states.has(name) ? g.states.get(name) : init(), r, rs));
      }
      const values = dataSchema ? [...seen].sort().map((name): Column => ({ name, type: valueType })) : staticValues;
      const cell = (v: Column, state: unknown) => { const x = result(state, rs); return x === null && v.type === 'string' ? '' : x; };
      const rows = [...groups.values()].map((g) => [...g.keys, ...values.map((v) => cell(v, g.states.has(v.name) ? g.states.get(v.name) : init()))]);
      lineage?.derive(rows, [...groups.keys()]);
      return { columns: [...known, ...values], rows };
    },
  };
};

const evaluate: OperatorCompiler = (c, op, input, scope) => {
  const name = String(op.FunctionCall?.ReferencedSymbol?.Name ?? '').toLowerCase();
  if (name === 'bag_unpack') return bagUnpack(c, op, input, scope);
  if (name === 'pivot') return pivot(c, op, input, scope);
  throw c.cx.unsupported(`evaluate ${name}`, op);
};

export const expandOperators: Record<string, OperatorCompiler> = {
  MvExpandOperator: mvExpand,
  MvApplyOperator: mvApply,
  EvaluateOperator: evaluate,
};
