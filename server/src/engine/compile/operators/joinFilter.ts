// `join … | where … | where …` (also `join … | join … | where …`) run as one pass: the join tests each joined
// pair against the wheres' conditions and builds only the rows they keep. With a summarize after them, it
// builds no rows at all: the summarize takes each kept pair as it comes. A join's output can be far larger
// than what its wheres let through (the seed rule joins 1.1M pairs to keep ~30k, and its last join's 340k
// rows only feed a summarize); building those rows only for the garbage collector to copy and free them was
// most of the query's time. Results, row statistics and row-budget charges are the same as running the
// stages one after the other.
import type { Plan, Row, Scalar, StageInfo } from '../../plan';
import type { RunState } from '../../runState';
import type { Column } from '../../table';
import type { PairCells } from '../../exec/hashJoin';
import type { Compiler } from '../compiler';
import { RowContext, type Scope } from '../context';
import { kindOf, type Node } from '../syntax';
import { compileJoin, joinBuildsRows, joinStreamsLeft, type FusableJoin, type JoinStream } from './join';
import { compileSummarize } from './summarize';

/** Functions that read the rows around the current one: they need the where's input rows materialised. */
const WINDOW_FUNCTIONS = new Set(['prev', 'next', 'row_number', 'row_window_session']);

/**
 * True when the condition may read neighbouring rows: it calls a window function, or a user function (whose
 * body is not looked into here).
 */
export function readsOtherRows(e: Node, scope: Scope): boolean {
  if (!e || e.IsToken) return false;
  if (kindOf(e) === 'FunctionCallExpression') {
    const name = String(e.ReferencedSymbol?.Name ?? '');
    if (WINDOW_FUNCTIONS.has(name.toLowerCase()) || scope.lookup(name)?.kind === 'function' || e.GetExpansion?.()) return true;
  }
  for (let i = 0; i < e.ChildCount; i++) if (readsOtherRows(e.GetChild(i), scope)) return true;
  return false;
}

interface FusedWhere { stage: StageInfo | undefined; condition: Scalar; where: string }

/**
 * A RowContext that notes which columns the expressions compiled in it read: the indexes it resolved names
 * to, or `all` once something took the column list itself (pack_all, `*`) or went through the index.
 */
class ColumnReads extends RowContext {
  readonly read = new Set<number>();
  all = false;

  constructor(columns: Column[]) {
    super(columns);
    const index = this.index;
    const noteAll = () => { this.all = true; };
    const get = index.get.bind(index);
    const has = index.has.bind(index);
    index.get = (name) => { const i = get(name); if (i !== undefined) this.read.add(i); return i; };
    index.has = (name) => { const i = get(name); if (i !== undefined) this.read.add(i); return has(name); };
    for (const walk of ['forEach', 'entries', 'keys', 'values', Symbol.iterator] as const) {
      const method = (index[walk] as (...a: unknown[]) => unknown).bind(index);
      Object.defineProperty(index, walk, { value: (...a: unknown[]) => { noteAll(); return method(...a); } });
    }
    Object.defineProperty(this, 'columns', { get: () => { noteAll(); return columns; } });
  }
}

interface FusedJoin { node: Node; stage: StageInfo | undefined; join: FusableJoin; where: string }

/**
 * The plan of `e` when it is a join followed by one or more wheres that can be fused; undefined otherwise.
 * Joins right before that join are taken in too while the later one is inner or left outer (it can take the
 * earlier one's rows one at a time), so a chain of joins builds only the rows its wheres keep.
 * `compileInput` compiles the first join's input (the caller's compileTabular), so stages are numbered in
 * text order.
 */
export function fusedJoinFilters(c: Compiler, e: Node, scope: Scope, compileInput: (input: Node) => Plan): Plan | undefined {
  const filters: Node[] = [];
  let x = e;
  // A summarize at the end takes the rows the wheres keep one at a time: they are never built either.
  let summarizeNode: Node | undefined;
  if (kindOf(x) === 'PipeExpression' && kindOf(x.Operator) === 'SummarizeOperator' && !readsOtherRows(x.Operator, scope)) {
    summarizeNode = x.Operator;
    x = x.Expression;
  }
  while (kindOf(x) === 'PipeExpression' && kindOf(x.Operator) === 'FilterOperator' && !readsOtherRows(x.Operator.Condition, scope)) {
    filters.unshift(x.Operator);
    x = x.Expression;
  }
  const isJoin = (n: Node) => kindOf(n) === 'PipeExpression' && kindOf(n.Operator) === 'JoinOperator' && joinBuildsRows(n.Operator);
  if ((filters.length === 0 && !summarizeNode) || !isJoin(x)) return undefined;
  const joinNodes: Node[] = [x.Operator];
  while (joinStreamsLeft(joinNodes[0]) && isJoin(x.Expression)) {
    x = x.Expression;
    joinNodes.unshift(x.Operator);
  }
  const input = compileInput(x.Expression);
  let columns = input.columns;
  const joins: FusedJoin[] = joinNodes.map((node) => {
    const stage = c.cx.stage('operator', kindOf(node), node);
    const join = compileJoin(c, node, columns, scope);
    columns = join.columns;
    return { node, stage, join, where: c.cx.where(node) };
  });
  const reads = new ColumnReads(columns);
  const wheres: FusedWhere[] = filters.map((f) => ({
    stage: c.cx.stage('operator', kindOf(f), f),
    condition: c.scalar(f.Condition, reads, scope),
    where: c.cx.where(f),
  }));
  const summarize = summarizeNode && {
    stage: c.cx.stage('operator', kindOf(summarizeNode), summarizeNode),
    op: compileSummarize(c, summarizeNode, columns, scope, reads),
    where: c.cx.where(summarizeNode),
  };
  // With a summarize at the end, no row of the chain is built: each join copies only the cells read after it.
  const cells = summarize && !reads.all ? pairCells(joins, input.columns.length, reads.read) : [];
  const [first, ...streamed] = joins;
  return {
    columns: summarize ? summarize.op.columns : columns,
    run(rs: RunState) {
      const inTable = input.run(rs);
      rs.checkTime();
      // passed[i]: rows that got through the first i + 1 wheres (the i-th where's output).
      const passed = new Array<number>(wheres.length).fill(0);
      const sink = summarize?.op.open(rs);
      let keep = (row: Row): boolean => {
        for (let i = 0; i < wheres.length; i++) {
          if (wheres[i].condition(row, rs) !== true) return false;
          passed[i]++;
        }
        if (!sink) return true;
        sink.add(row);
        return false;
      };
      // From the last join back: each join's rows go straight into the next one, not into a table.
      const streams: JoinStream[] = [];
      for (let i = streamed.length - 1; i >= 0; i--) {
        const stream = streamed[i].join.stream(rs, keep, cells[i + 1]);
        streams.unshift(stream);
        keep = (row) => { stream.push(row); return false; };
      }
      const firstOut = first.join.applyKeeping(inTable, rs, keep, cells[0]);
      rs.charge(firstOut.produced, first.where);
      if (first.stage) rs.record(first.stage, inTable.rows.length, firstOut.produced);
      let rowsIn = firstOut.produced;
      let rows = firstOut.table.rows;
      streams.forEach((stream, i) => {
        const out = stream.finish(rowsIn);
        rs.charge(out.produced, streamed[i].where);
        if (streamed[i].stage) rs.record(streamed[i].stage!, rowsIn, out.produced);
        rowsIn = out.produced;
        rows = out.rows;
      });
      wheres.forEach((w, i) => {
        rs.charge(passed[i], w.where);
        if (w.stage) rs.record(w.stage, rowsIn, passed[i]);
        rowsIn = passed[i];
      });
      if (!summarize || !sink) return { columns, rows };
      const out = sink.finish();
      rs.charge(out.rows.length, summarize.where);
      if (summarize.stage) rs.record(summarize.stage, rowsIn, out.rows.length);
      return out;
    },
  };
}

/**
 * For each join of a chain whose pairs are never built, the cells of its pairs that are read after it: by the
 * wheres and the summarize (`read`: indexes in the last join's rows, whose first columns are each earlier
 * join's), or by the next join's key.
 */
function pairCells(joins: FusedJoin[], inputWidth: number, read: Set<number>): PairCells[] {
  const cells: PairCells[] = [];
  let needed = [...read];
  for (let k = joins.length - 1; k >= 0; k--) {
    const leftWidth = k === 0 ? inputWidth : joins[k - 1].join.columns.length;
    const mine = needed.filter((i) => i < joins[k].join.columns.length);
    const left = mine.filter((i) => i < leftWidth);
    cells[k] = { left, right: mine.filter((i) => i >= leftWidth).map((i) => i - leftWidth) };
    needed = [...new Set([...left, ...joins[k].join.leftKeyColumns])];
  }
  return cells;
}
