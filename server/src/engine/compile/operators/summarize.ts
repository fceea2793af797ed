// summarize: hash grouping on the by-expressions (null and "" keys are ordinary groups), one aggregate state
// per group and aggregate. Without `by`, exactly one row, even for empty input.
import { Symbols } from '../../../kusto/bridge';
import { aggregateFunctions } from '../../functions';
import type { AggregateImpl } from '../../functions/types';
import type { Column, Table } from '../../table';
import type { Row, Scalar } from '../../plan';
import type { RunState } from '../../runState';
import { formatDatetime, formatTimespan, type KqlType, type Value } from '../../values';
import { GroupTable, tupleKey } from '../../exec/keys';
import { binDatetime } from '../../functions/datetime';
import { RowContext } from '../context';
import type { Compiler } from '../compiler';
import type { Scope } from '../context';
import { typeOfScalar } from '../scalar';
import { elements, kindOf, operatorParameters, scalarType, tableColumns, type Node } from '../syntax';
import type { Operator, OperatorCompiler } from './index';

/** One aggregate of summarize, lowered: a fold over the group's rows and the output columns it fills. */
export interface Aggregate {
  init(): unknown;
  step(state: unknown, row: Row, rs: RunState): unknown;
  result(state: unknown, rs: RunState): Value;
  /** true when the result is an array spread over several columns (arg_max/arg_min, take_any of several). */
  spread: boolean;
  width: number;
}

const MULTI_COLUMN = new Set(['arg_max', 'arg_min', 'take_any', 'any']);
/** percentiles(x, p1, p2, …) / percentilesw(x, w, p1, …): one column per percentage, from this argument on. */
const PERCENTAGES_FROM: Record<string, number> = { percentiles: 1, percentilesw: 2 };

/** take_any(a, b, …) / take_any(*): the values of one row of the group (its first). */
const takeAnyRow: AggregateImpl<Value[] | null> = {
  init: () => null,
  step: (state, args) => state ?? args.slice(),
  result: (state) => state ?? [],
};

/** The aggregate call an element of summarize is, once names and parentheses are stripped; else undefined. */
function unwrap(e: Node): Node {
  let x = e;
  for (;;) {
    const kind = kindOf(x);
    if (kind === 'SimpleNamedExpression' || kind === 'CompoundNamedExpression' || kind === 'ParenthesizedExpression') x = x.Expression;
    else return x;
  }
}

const isAggregateCall = (e: Node) => kindOf(e) === 'FunctionCallExpression'
  && aggregateFunctions.has(String(e.ReferencedSymbol?.Name ?? '').toLowerCase());

function fromImpl(impl: AggregateImpl, args: Scalar[], spread: boolean, width: number): Aggregate {
  // One argument buffer for every row: no aggregate keeps the array it is given (they copy what they keep).
  const values = new Array<Value>(args.length);
  return {
    init: () => impl.init(),
    step: (state, row, rs) => {
      for (let i = 0; i < args.length; i++) values[i] = args[i](row, rs);
      return impl.step(state, values);
    },
    result: (state) => impl.result(state),
    spread,
    width,
  };
}

function compileCall(c: Compiler, call: Node, ctx: RowContext, scope: Scope, starColumns: () => number[], width: number): Aggregate {
  const name = String(call.ReferencedSymbol?.Name ?? '').toLowerCase();
  const argNodes = elements(call.ArgumentList.Expressions);
  const args: Scalar[] = [];
  const argTypes: KqlType[] = [];
  for (const a of argNodes) {
    if (kindOf(a) === 'StarExpression') {
      for (const i of starColumns()) { args.push((r: Row) => r[i]); argTypes.push(ctx.columns[i].type); }
      continue;
    }
    args.push(c.scalar(a, ctx, scope));
    argTypes.push(typeOfScalar(c, a));
  }
  if ((name === 'take_any' || name === 'any') && (args.length > 1 || width > 1)) return fromImpl(takeAnyRow as AggregateImpl, args, true, args.length);
  const compile = aggregateFunctions.get(name);
  if (!compile) throw c.cx.unsupported(`aggregate ${name}()`, call);
  const impl = compile({
    name, argTypes, resultType: scalarType(call.ResultType) ?? 'dynamic',
    constArgs: argNodes.map(() => undefined), where: c.cx.where(call),
  });
  if (name in PERCENTAGES_FROM) return fromImpl(impl, args, true, args.length - PERCENTAGES_FROM[name]);
  const spread = name.startsWith('arg_');
  return fromImpl(impl, args, spread, spread ? args.length : 1);
}

/** An expression over aggregates (`tostring(take_any(x))`, `count() - dcount(y)`): its aggregates fold the rows; the expression runs on their results. */
function compileComputed(c: Compiler, e: Node, ctx: RowContext, scope: Scope): Aggregate {
  const inner: Aggregate[] = [];
  const slots = new Map<Node, Scalar>();
  const collect = (x: Node) => {
    if (!x || x.IsToken) return;
    if (isAggregateCall(x)) {
      const k = inner.length;
      inner.push(compileCall(c, x, ctx, scope, () => [], 1));
      slots.set(x, (r) => r[k]);
      return;
    }
    for (let i = 0; i < x.ChildCount; i++) collect(x.GetChild(i));
  };
  collect(e);
  const expr = c.withAggregateSlots(slots, () => c.scalar(e, RowContext.empty, scope));
  return {
    init: () => inner.map((a) => a.init()),
    step: (state, row, rs) => {
      const s = state as unknown[];
      for (let i = 0; i < inner.length; i++) s[i] = inner[i].step(s[i], row, rs);
      return s;
    },
    result: (state, rs) => expr(inner.map((a, i) => a.result((state as unknown[])[i], rs)), rs),
    spread: false,
    width: 1,
  };
}

export function compileAggregate(c: Compiler, e: Node, ctx: RowContext, scope: Scope, starColumns: () => number[], width: number): Aggregate {
  const call = unwrap(e);
  if (isAggregateCall(call)) return compileCall(c, call, ctx, scope, starColumns, width);
  if (kindOf(e) === 'CompoundNamedExpression') throw c.cx.unsupported('(a, b) = … of a non-aggregate in summarize', e);
  return compileComputed(c, kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e, ctx, scope);
}

/** The input column an expression names directly (`k`, `Name = k`); undefined for any other expression. */
function referencedColumn(e: Node): string | undefined {
  const x = kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e;
  return kindOf(x) === 'NameReference' && x.ReferencedSymbol instanceof Symbols.ColumnSymbol ? String(x.ReferencedSymbol.Name) : undefined;
}

/**
 * The input columns (indexes, in input order) of the `*` of an aggregate call: those that neither a by-key nor
 * another argument of the call names directly (Kusto.Language's rule: `arg_max(t, *) by k` gives k, t and the
 * rest; `arg_max(t, *), take_any(*) by k` repeats t and the rest, renamed t1…). Empty when the call has no `*`.
 */
function starColumns(call: Node, byNodes: Node[], input: Column[]): number[] {
  const args = elements(call.ArgumentList.Expressions);
  if (!args.some((a) => kindOf(a) === 'StarExpression')) return [];
  const named = new Set([...byNodes, ...args].map(referencedColumn));
  return input.map((_col, i) => i).filter((i) => !named.has(input[i].name));
}

/** Output width of an aggregate: arg_max/arg_min/take_any give one column per argument (a `*` per column it stands for). */
function outputWidth(e: Node, star: number[]): number {
  const call = unwrap(e);
  if (!isAggregateCall(call)) return 1;
  const args = elements(call.ArgumentList.Expressions).filter((a) => kindOf(a) !== 'StarExpression');
  const name = String(call.ReferencedSymbol?.Name ?? '').toLowerCase();
  if (name in PERCENTAGES_FROM) return args.length - PERCENTAGES_FROM[name];
  return MULTI_COLUMN.has(name) ? Math.max(1, args.length + star.length) : 1;
}

/** Takes the rows of summarize's input one at a time (they may be a reused buffer), then builds its result. */
export interface RowSink {
  add(row: Row): void;
  finish(): Table;
}

/** summarize as an operator, and as a sink that the fused join before it feeds without building its rows. */
export interface SummarizeOperator extends Operator {
  open(rs: RunState): RowSink;
}

/** `ctx`: the row context its expressions are compiled in (a fused join's notes which columns they read). */
export const compileSummarize = (c: Compiler, op: Node, input: Column[], scope: Scope, ctx = new RowContext(input)): SummarizeOperator => {
  const output = tableColumns(op.ResultType);
  const byNodes = op.ByClause ? elements(op.ByClause.Expressions) : [];
  const aggNodes = elements(op.Aggregates);
  const by = byNodes.map((e) => c.scalar(e, ctx, scope));
  const byTypes = output.slice(0, by.length).map((x) => x.type);

  let offset = by.length;
  const aggregates = aggNodes.map((e) => {
    const call = unwrap(e);
    const star = isAggregateCall(call) ? starColumns(call, byNodes, input) : [];
    const width = outputWidth(e, star);
    offset += width;
    return compileAggregate(c, e, ctx, scope, () => star, width);
  });
  if (offset !== output.length) throw c.cx.unsupported(`summarize producing ${output.length} columns from ${offset}`, op);

  const open = (rs: RunState): RowSink => {
    const groups = new GroupTable(byTypes);
    const keys: Value[][] = [];
    const states: unknown[][] = [];
    const newGroup = (k: Value[]) => {
      keys.push(k);
      states.push(aggregates.map((a) => a.init()));
    };
    if (by.length === 0) newGroup([]);
    const lineage = rs.lineage?.groups();
    const k = new Array<Value>(by.length);
    return {
      add(r) {
        rs.tick();
        let g = 0;
        if (by.length) {
          for (let i = 0; i < by.length; i++) k[i] = by[i](r, rs);
          g = groups.groupOf(k);
          if (g === keys.length) newGroup(k.slice());
        }
        const s = states[g];
        for (let i = 0; i < aggregates.length; i++) s[i] = aggregates[i].step(s[i], r, rs);
        lineage?.add(g, r);
      },
      finish() {
        // One array of the output's width per row, filled in place: these rows outlive the query, so every
        // byte of them is copied by the garbage collector (a grown copy of the key, then a mapped copy of
        // that, were ~30 MB per run of the seed rule at 1M rows).
        const rows = new Array<Row>(keys.length);
        for (let g = 0; g < keys.length; g++) {
          const key = keys[g];
          const out = new Array<Value>(output.length);
          let o = 0;
          for (; o < key.length; o++) out[o] = key[o];
          for (let i = 0; i < aggregates.length; i++) {
            const a = aggregates[i];
            const v = a.result(states[g][i], rs);
            if (!a.spread) { out[o++] = v; continue; }
            const parts = Array.isArray(v) ? v : [];
            for (let j = 0; j < a.width; j++) out[o++] = parts[j] ?? null;
          }
          for (let i = 0; i < out.length; i++) if (out[i] === null && output[i].type === 'string') out[i] = '';
          rows[g] = out;
        }
        lineage?.derive(rows);
        return { columns: output, rows };
      },
    };
  };

  return {
    columns: output,
    open,
    apply(t, rs) {
      const sink = open(rs);
      for (const r of t.rows) sink.add(r);
      return sink.finish();
    },
  };
};

interface SeriesBounds { from?: Scalar; to?: Scalar; step: Scalar; inclusive: boolean }

/** The axis range of make-series: `from … to … step …` (to exclusive, each optional but step) or `in range(…)`. */
function seriesBounds(c: Compiler, range: Node, scope: Scope): SeriesBounds {
  const constant = (e: Node) => c.scalar(e, RowContext.empty, scope);
  if (range && kindOf(range) === 'MakeSeriesInRangeClause') {
    const [from, to, step] = elements(range.Arguments.Expressions).map(constant);
    return { from, to, step, inclusive: true };
  }
  if (!range || kindOf(range) !== 'MakeSeriesFromToStepClause') throw c.cx.unsupported('make-series without a step', range);
  const bound = (clause: Node) => (clause ? constant(clause.Expression) : undefined);
  return {
    from: bound(range.MakeSeriesFromClause), to: bound(range.MakeSeriesToClause),
    step: constant(range.MakeSeriesStepClause.Expression), inclusive: false,
  };
}

/**
 * make-series: per by-group, each aggregate over the bins `bin_at(axis, step, from)` of [from, to) becomes an
 * array (absent bins take the default, 0 unless written); the axis column becomes the array of bin starts.
 * Without `from` the series starts at the bin (`bin(axis, step)`) of the smallest axis value, without `to` it
 * ends with the bin of the largest. The older `in range(start, stop, step)` form bins with bin() (so `start`
 * may not start a bin) and includes `stop` (make-series-operator docs, "Alternate syntax").
 */
const makeSeries: OperatorCompiler = (c, op, input, scope) => {
  const output = tableColumns(op.ResultType);
  const ctx = new RowContext(input);
  const bounds = seriesBounds(c, op.RangeClause, scope);
  const axis = c.scalar(op.OnClause.Expression, ctx, scope);
  const axisType = typeOfScalar(c, op.OnClause.Expression);
  const by = op.ByClause ? elements(op.ByClause.Expressions).map((e) => c.scalar(e, ctx, scope)) : [];
  const key = tupleKey(output.slice(0, by.length).map((x) => x.type));
  const series = elements(op.Aggregates).map((e) => ({
    aggregate: compileAggregate(c, e.Expression, ctx, scope, () => [], 1),
    fallback: e.DefaultExpression ? c.scalar(e.DefaultExpression.Expression, RowContext.empty, scope) : () => 0,
  }));
  const nonEmpty = operatorParameters(op.Parameters).get('kind')?.text.toLowerCase() === 'nonempty';
  const axisText = (v: number): Value => (axisType === 'datetime' ? formatDatetime(v) : axisType === 'timespan' ? formatTimespan(v) : v);
  return {
    columns: output,
    apply(t, rs) {
      const s = bounds.step([], rs) as number;
      if (!(s > 0)) return { columns: output, rows: [] };
      const align = (v: number) => (axisType === 'datetime' ? binDatetime(v, s) : Math.floor(v / s) * s);
      const points = t.rows.map((r) => axis(r, rs)).filter((v): v is number => typeof v === 'number');
      const from = bounds.from?.([], rs) as number | null | undefined;
      const to = bounds.to?.([], rs) as number | null | undefined;
      const start = from != null ? (bounds.inclusive ? align(from) : from) : points.length ? align(Math.min(...points)) : null;
      if (start === null) return { columns: output, rows: [] };
      // The last bin: the one holding `to` when it is inclusive, the one before `to` otherwise, else the data's last.
      const last = to != null ? (bounds.inclusive ? Math.floor((to - start) / s) : Math.ceil((to - start) / s) - 1)
        : points.length ? Math.floor((Math.max(...points) - start) / s) : -1;
      const bins = Math.max(0, last + 1);
      const groups = new Map<unknown, { keys: Value[]; states: unknown[][] }>();
      // An empty input gives no series unless kind=nonempty asks for one of defaults (make-series docs).
      if (by.length === 0 && (nonEmpty || t.rows.length > 0)) groups.set('', { keys: [], states: [] });
      const lineage = rs.lineage?.groups();
      for (const r of t.rows) {
        rs.tick();
        const v = axis(r, rs);
        if (typeof v !== 'number') continue;
        const b = Math.floor((v - start) / s);
        if (b < 0 || b >= bins) continue;
        const keys = by.map((f) => f(r, rs));
        const hk = by.length ? key(keys) : '';
        let g = groups.get(hk);
        if (!g) { g = { keys, states: [] }; groups.set(hk, g); }
        const states = g.states[b] ?? (g.states[b] = series.map((x) => x.aggregate.init()));
        series.forEach((x, i) => { states[i] = x.aggregate.step(states[i], r, rs); });
        lineage?.add(hk, r);
      }
      const axisValues: Value[] = [];
      for (let b = 0; b < bins; b++) axisValues.push(axisText(start + b * s));
      const rows: Row[] = [...groups.values()].map((g) => {
        const arrays = series.map((x, i) => {
          const fallback = x.fallback([], rs);
          const values: Value[] = [];
          for (let b = 0; b < bins; b++) values.push(g.states[b] ? x.aggregate.result(g.states[b][i], rs) : fallback);
          return values;
        });
        return [...g.keys, ...arrays, axisValues];
      });
      lineage?.derive(rows, [...groups.keys()]);
      return { columns: output, rows };
    },
  };
};

export const summarizeOperators: Record<string, OperatorCompiler> = {
  SummarizeOperator: compileSummarize,
  MakeSeriesOperator: makeSeries,
};
