// join (every kind; default innerunique) and lookup (default leftouter; keys once). Conditions: `Col`,
// `$left.A == $right.B`, several joined by `,` or `and`. Hints never change results and are ignored.
import { KqlRuntimeError } from '../../functions/types';
import type { Column, Table } from '../../table';
import type { Row, Scalar } from '../../plan';
import { Symbols } from '../../../kusto/bridge';
import type { RunState } from '../../runState';
import type { Value } from '../../values';
import { hashJoin, StreamedJoin, type JoinKey, type JoinKind, type PairCells } from '../../exec/hashJoin';
import { tupleKey, TupleIds } from '../../exec/keys';
import { valueKey } from '../../functions/keys';
import { RowContext, type Scope } from '../context';
import { readsOtherRows } from './joinFilter';
import type { Compiler } from '../compiler';
import { elements, isTableType, kindOf, nodeText, operatorParameters, tableColumns, type Node } from '../syntax';
import type { Operator, OperatorCompiler } from './index';

const KIND_ALIASES: Record<string, JoinKind> = {
  inner: 'inner', innerunique: 'innerunique', leftouter: 'leftouter', rightouter: 'rightouter',
  fullouter: 'fullouter', outer: 'fullouter', leftsemi: 'leftsemi', leftanti: 'leftanti', anti: 'leftanti',
  leftantisemi: 'leftanti', rightsemi: 'rightsemi', rightanti: 'rightanti', rightantisemi: 'rightanti',
};

/** Pairs of (left column index, right column index) that must be equal. */
function keyPairs(c: Compiler, clause: Node, left: Column[], right: Column[]): [number, number][] {
  if (!clause || kindOf(clause) !== 'JoinOnClause') throw c.cx.unsupported('join … where', clause ?? {});
  const l = new RowContext(left); const r = new RowContext(right);
  const pairs: [number, number][] = [];
  const index = (ctx: RowContext, name: string, at: Node) => {
    const i = ctx.index.get(name);
    if (i === undefined) throw c.cx.unsupported(`join key '${name}'`, at);
    return i;
  };
  const side = (e: Node): { side: 'left' | 'right'; name: string } | undefined => {
    if (kindOf(e) !== 'PathExpression') return undefined;
    const which = nodeText(e.Expression).toLowerCase();
    if (which !== '$left' && which !== '$right') return undefined;
    return { side: which === '$left' ? 'left' : 'right', name: String(e.Selector.SimpleName ?? nodeText(e.Selector)) };
  };
  const add = (e: Node): void => {
    const kind = kindOf(e);
    if (kind === 'NameReference') { const name = String(e.SimpleName); pairs.push([index(l, name, e), index(r, name, e)]); return; }
    if (kind === 'AndExpression') { add(e.Left); add(e.Right); return; }
    if (kind === 'ParenthesizedExpression') { add(e.Expression); return; }
    if (kind === 'EqualExpression') {
      const a = side(e.Left); const b = side(e.Right);
      if (a && b && a.side !== b.side) {
        const [x, y] = a.side === 'left' ? [a, b] : [b, a];
        pairs.push([index(l, x.name, e), index(r, y.name, e)]);
        return;
      }
    }
    throw c.cx.unsupported(`join condition '${nodeText(e)}'`, e);
  };
  elements(clause.Expressions).forEach(add);
  return pairs;
}

/** The key of a one-column join: the value itself, or for a dynamic column its tupleKey. */
function keyOf(i: number, columns: Column[]): JoinKey {
  if (columns[i].type !== 'dynamic') return (r) => (r[i] === null ? undefined : r[i]);
  const key = tupleKey(['dynamic']);
  return (r) => (r[i] === null ? undefined : key([r[i]]));
}

/**
 * The left and right keys of a join on several columns: a tuple's number in a TupleIds shared by both sides
 * (no key string per row). A part with a dynamic column on either side keys both sides by valueKey (the
 * string in a dynamic equals the string); the other parts by the value itself, which is equal exactly when
 * their valueKeys are.
 */
function tupleKeysOf(pairs: [number, number][], left: Column[], right: Column[]): { leftKey: JoinKey; rightKey: JoinKey } {
  const ids = new TupleIds(pairs.length);
  const side = (indexes: number[], columns: Column[], dynamic: boolean[]): JoinKey => {
    const types = indexes.map((i) => columns[i].type);
    return (r) => {
      let k = 0;
      for (let n = 0; n < indexes.length; n++) {
        const v = r[indexes[n]];
        if (v === null) return undefined;
        k = ids.next(k, n, dynamic[n] ? valueKey(v, types[n]) : v);
      }
      return k;
    };
  };
  const dynamic = pairs.map(([l, r]) => left[l].type === 'dynamic' || right[r].type === 'dynamic');
  return {
    leftKey: side(pairs.map((p) => p[0]), left, dynamic),
    rightKey: side(pairs.map((p) => p[1]), right, dynamic),
  };
}

const fillFor = (columns: Column[]): Value[] => columns.map((col) => (col.type === 'string' ? '' : null));

interface JoinSetup {
  kind: JoinKind;
  right: { columns: Column[]; run(rs: RunState): Table };
  pairs: [number, number][];
  where: string;
}

/** Refuses a join output larger than what is left of the run's row budget, saying how large its inputs are. */
function admit(s: JoinSetup, rs: RunState, rows: number, leftRows: number, rightRows: number): void {
  if (rows > rs.rowsLeft) {
    throw new KqlRuntimeError(`join at ${s.where} would produce ${rows} rows (left ${leftRows} rows, right ${rightRows} rows), `
      + `more than the ${Math.max(0, rs.rowsLeft)} rows left of the run's row budget; add join keys or filter the inputs`);
  }
}

/**
 * An inner or left outer join fed by the join before it, one row at a time. `finish` is called once that
 * join is done (and charged): it checks the row budget as hashJoin's admit would have, and returns the rows
 * `keep` accepted with the number the join produced.
 */
export interface JoinStream {
  push(row: Row): void;
  finish(leftRows: number): { rows: Row[]; produced: number };
}

/** The key extractors and null-fill rows of both sides, shared by the streamed and the hash join. */
function joinSides(s: JoinSetup, left: Column[]) {
  return {
    ...(s.pairs.length === 1
      ? { leftKey: keyOf(s.pairs[0][0], left), rightKey: keyOf(s.pairs[0][1], s.right.columns) }
      : tupleKeysOf(s.pairs, left, s.right.columns)),
    leftFill: fillFor(left),
    rightFill: fillFor(s.right.columns),
  };
}

function streamJoin(s: JoinSetup & { kind: 'inner' | 'leftouter' }, left: Column[], rs: RunState, keep: (row: Row) => boolean,
  cells?: PairCells): JoinStream {
  const r = s.right.run(rs);
  const join = new StreamedJoin({
    kind: s.kind,
    right: r.rows,
    ...joinSides(s, left),
    tick: () => rs.tick(),
    keep,
    lineage: rs.lineage,
    cells,
  });
  return {
    push: (row) => join.push(row),
    finish(leftRows) {
      admit(s, rs, join.produced, leftRows, r.rows.length);
      return { rows: join.rows, produced: join.produced };
    },
  };
}

/** The join's rows (only those `keep` accepts, if given) and how many rows the join itself produces. */
function runJoin(s: JoinSetup, left: Column[], t: Table, rs: RunState, keep?: (row: Row) => boolean, cells?: PairCells): { rows: Row[]; produced: number } {
  const r = s.right.run(rs);
  let produced = 0;
  const rows = hashJoin({
    kind: s.kind,
    left: t.rows,
    right: r.rows,
    ...joinSides(s, left),
    admit(rows) {
      produced = rows;
      admit(s, rs, rows, t.rows.length, r.rows.length);
    },
    tick: () => rs.tick(),
    keep,
    lineage: rs.lineage,
    cells,
  });
  return { rows, produced };
}

/**
 * The join's output columns: the analyzer's, unless an input has columns it does not know (a data-dependent
 * schema upstream); then Kusto's rule is applied here: right columns whose name is taken get the next free
 * number (Key → Key1).
 */
function joinColumns(analyzed: Column[], kind: JoinKind, left: Column[], right: Column[]): Column[] {
  if (kind === 'leftsemi' || kind === 'leftanti') return analyzed.length === left.length ? analyzed : left;
  if (kind === 'rightsemi' || kind === 'rightanti') return analyzed.length === right.length ? analyzed : right;
  if (analyzed.length === left.length + right.length) return analyzed;
  const taken = new Set(left.map((x) => x.name));
  return [...left, ...right.map((col) => {
    let name = col.name;
    for (let n = 1; taken.has(name); n++) name = `${col.name}${n}`;
    taken.add(name);
    return { name, type: col.type };
  })];
}

const joinKindText = (op: Node): string => (operatorParameters(op.Parameters).get('kind')?.text ?? 'innerunique').toLowerCase();

/** Whether the join builds output rows (semi and anti joins return input rows), so a filter after it can be fused. */
export function joinBuildsRows(op: Node): boolean {
  const kind = KIND_ALIASES[joinKindText(op)];
  return kind !== undefined && !/semi|anti/.test(kind);
}

/** Whether the join can take its left rows one at a time from the join before it (inner and left outer joins). */
export function joinStreamsLeft(op: Node): boolean {
  const kind = KIND_ALIASES[joinKindText(op)];
  return kind === 'inner' || kind === 'leftouter';
}

/** A join that, when it builds rows, can also apply the `where`s after it (compile/operators/joinFilter.ts). */
export interface FusableJoin extends Operator {
  /**
   * The rows `keep` accepts, and how many rows the join alone would have produced (joins that build rows).
   * `cells`: the only cells of a pair `keep` reads, when it builds no rows (exec/hashJoin.ts PairCells).
   */
  applyKeeping(input: Table, rs: RunState, keep: (row: Row) => boolean, cells?: PairCells): { table: Table; produced: number };
  /** Runs the right side and returns the join fed row by row (joins for which joinStreamsLeft holds). */
  stream(rs: RunState, keep: (row: Row) => boolean, cells?: PairCells): JoinStream;
  /** The left columns its key reads (indexes in the left row). */
  leftKeyColumns: number[];
}

/** The parts of a condition joined by `and` (each must hold for the whole to hold). */
function conjuncts(e: Node): Node[] {
  const kind = kindOf(e);
  if (kind === 'AndExpression') return [...conjuncts(e.Left), ...conjuncts(e.Right)];
  if (kind === 'ParenthesizedExpression') return conjuncts(e.Expression);
  return [e];
}

/** Whether every column the expression reads is one of `names` (subqueries and their columns count as not). */
function readsOnly(e: Node, names: Set<string>): boolean {
  if (!e || e.IsToken) return true;
  if (e.ReferencedSymbol instanceof Symbols.ColumnSymbol && !names.has(String(e.ReferencedSymbol.Name))) return false;
  if (isTableType(e.ResultType)) return false;
  for (let i = 0; i < e.ChildCount; i++) if (!readsOnly(e.GetChild(i), names)) return false;
  return true;
}

/**
 * For an innerunique join: the parts of the `where`s right after it that read only left columns. Kusto moves
 * such filters into the left side, before the join keeps one left row per key (join-innerunique docs: with
 * `| where value == "val1.2"` the join "gives the second result and will never give the first result").
 * Filtering the left rows with them first gives that answer; the wheres still run after the join.
 */
function leftFilters(c: Compiler, op: Node, left: Column[], scope: Scope): Scalar[] {
  const names = new Set(left.map((col) => col.name));
  const ctx = new RowContext(left);
  const filters: Scalar[] = [];
  for (let pipe = op.Parent; kindOf(pipe?.Parent ?? {}) === 'PipeExpression' && pipe.Parent.Expression === pipe; pipe = pipe.Parent) {
    const next = pipe.Parent.Operator;
    if (kindOf(next) !== 'FilterOperator') break;
    if (readsOtherRows(next.Condition, scope)) continue;
    for (const part of conjuncts(next.Condition)) if (readsOnly(part, names)) filters.push(c.scalar(part, ctx, scope));
  }
  return filters;
}

export const compileJoin = (...[c, op, left, scope]: Parameters<OperatorCompiler>): FusableJoin => {
  const kindText = joinKindText(op);
  const kind = KIND_ALIASES[kindText];
  if (!kind) throw c.cx.unsupported(`join kind=${kindText}`, op);
  const right = c.tabular(op.Expression, scope);
  const pairs = keyPairs(c, op.ConditionClause, left, right.columns);
  const output = joinColumns(tableColumns(op.ResultType), kind, left, right.columns);
  const setup: JoinSetup = { kind, right, pairs, where: c.cx.where(op) };
  const filters = kind === 'innerunique' ? leftFilters(c, op, left, scope) : [];
  const leftRows = (t: Table, rs: RunState): Table => (filters.length === 0 ? t
    : { columns: t.columns, rows: t.rows.filter((r) => filters.every((f) => f(r, rs) === true)) });
  return {
    columns: output,
    apply: (t, rs) => ({ columns: output, rows: runJoin(setup, left, leftRows(t, rs), rs).rows }),
    applyKeeping: (t, rs, keep, cells) => {
      if (!joinBuildsRows(op)) throw new Error(`join kind=${kind} builds no rows to filter`);
      const { rows, produced } = runJoin(setup, left, leftRows(t, rs), rs, keep, cells);
      return { table: { columns: output, rows }, produced };
    },
    stream: (rs, keep, cells) => {
      if (kind !== 'inner' && kind !== 'leftouter') throw new Error(`join kind=${kind} cannot take its left rows one at a time`);
      return streamJoin({ ...setup, kind }, left, rs, keep, cells);
    },
    leftKeyColumns: pairs.map((p) => p[0]),
  };
};

/** lookup: like a join of the right table's non-key columns; `kind=leftouter` (default) or `inner`. */
const lookup: OperatorCompiler = (c, op, left, scope) => {
  const params = operatorParameters(op.Parameters);
  const kindText = (params.get('kind')?.text ?? 'leftouter').toLowerCase();
  if (kindText !== 'leftouter' && kindText !== 'inner') throw c.cx.unsupported(`lookup kind=${kindText}`, op);
  const full = c.tabular(op.Expression, scope);
  const output = tableColumns(op.ResultType);
  const pairs = keyPairs(c, op.LookupClause, left, full.columns);
  // The right side's key columns are not repeated: the right table is narrowed to its other columns.
  const rightKeys = new Set(pairs.map((p) => p[1]));
  const keep = full.columns.map((_x, i) => i).filter((i) => !rightKeys.has(i));
  const keyColumns = pairs.map((p) => p[1]);
  const narrowed = [...keep, ...keyColumns];
  const rightColumns = narrowed.map((i) => full.columns[i]);
  if (output.length !== left.length + keep.length) throw c.cx.unsupported(`lookup output of ${output.length} columns`, op);
  const right = {
    columns: rightColumns,
    run: (rs: RunState): Table => {
      const from = full.run(rs).rows;
      const rows = from.map((r) => narrowed.map((i) => r[i]));
      rs.lineage?.deriveEach(rows, from);
      return { columns: rightColumns, rows };
    },
  };
  const narrowedPairs = pairs.map(([l], n): [number, number] => [l, keep.length + n]);
  const setup: JoinSetup = { kind: kindText as JoinKind, right, pairs: narrowedPairs, where: c.cx.where(op) };
  const width = left.length + keep.length;
  return {
    columns: output,
    apply: (t, rs) => {
      const joined = runJoin(setup, left, t, rs).rows;
      const rows = joined.map((r) => (r.length > width ? r.slice(0, width) : r));
      rs.lineage?.deriveEach(rows, joined);
      return { columns: output, rows };
    },
  };
};

export const joinOperators: Record<string, OperatorCompiler> = {
  JoinOperator: compileJoin,
  LookupOperator: lookup,
};
