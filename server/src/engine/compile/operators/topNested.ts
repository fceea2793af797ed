// top-nested: hierarchical aggregation. Each clause `top-nested [N] of Expr [with others = C] by Agg [asc|desc]`
// groups the rows its parent group kept by Expr, ranks the groups by Agg (desc unless asc) and keeps the first
// N (all without N); `with others` adds one row per parent holding Agg over the groups not kept, with C as
// its Expr value and empty cells in the deeper clauses' columns. Output: two columns per clause, value then aggregate.
import { sortKey, sortRows } from '../../exec/order';
import { tupleKey } from '../../exec/keys';
import type { Row } from '../../plan';
import type { RunState } from '../../runState';
import type { Value } from '../../values';
import { RowContext } from '../context';
import { typeOfScalar } from '../scalar';
import { elements, tableColumns, type Node } from '../syntax';
import { compileAggregate, type Aggregate } from './summarize';
import { countArgument, ordering } from './shape';
import type { OperatorCompiler } from './index';

interface Level {
  value: (r: Row, rs: RunState) => Value;
  key: (v: Value[]) => unknown;
  aggregate: Aggregate;
  order: ReturnType<typeof sortKey>;
  count?: (rs: RunState) => number;
  others?: (rs: RunState) => Value;
}

const topNested: OperatorCompiler = (c, op, input, scope) => {
  const output = tableColumns(op.ResultType);
  const ctx = new RowContext(input);
  const levels: Level[] = elements(op.Clauses).map((clause: Node) => {
    const { expr, ascending, nulls } = ordering(clause.ByExpression);
    return {
      value: c.scalar(clause.OfExpression, ctx, scope),
      key: tupleKey([typeOfScalar(c, clause.OfExpression)]),
      aggregate: compileAggregate(c, expr, ctx, scope, () => [], 1),
      order: sortKey(typeOfScalar(c, expr), ascending, nulls),
      count: clause.Expression ? countArgument(c, clause.Expression, scope) : undefined,
      others: clause.WithOthersClause ? ((e) => (rs: RunState) => e([], rs))(c.scalar(clause.WithOthersClause.Expression, RowContext.empty, scope)) : undefined,
    };
  });
  if (output.length !== levels.length * 2) throw c.cx.unsupported('top-nested with these output columns', op);

  // The deeper clauses' cells of an "others" row: null, "" for strings (strings are never null).
  const empty = output.map((col) => (col.type === 'string' ? '' : null));
  const fold = (level: Level, rows: Row[], rs: RunState): Value => {
    let state = level.aggregate.init();
    for (const r of rows) state = level.aggregate.step(state, r, rs);
    return level.aggregate.result(state, rs);
  };

  /** The output rows under one parent group: `prefix` holds the parent clauses' columns. */
  const expand = (depth: number, rows: Row[], prefix: Value[], rs: RunState, out: Row[]): void => {
    if (depth === levels.length) { rs.lineage?.deriveFromAll(prefix, rows); out.push(prefix); return; }
    const level = levels[depth];
    const groups = new Map<unknown, { value: Value; rows: Row[] }>();
    for (const r of rows) {
      rs.tick();
      const v = level.value(r, rs);
      const k = level.key([v]);
      let g = groups.get(k);
      if (!g) { g = { value: v, rows: [] }; groups.set(k, g); }
      g.rows.push(r);
    }
    const ranked = sortRows([...groups.values()].map((g) => ({ ...g, result: fold(level, g.rows, rs) })), (g) => [g.result], [level.order]);
    const n = level.count ? level.count(rs) : ranked.length;
    for (const g of ranked.slice(0, n)) expand(depth + 1, g.rows, [...prefix, g.value, g.result], rs, out);
    if (level.others && ranked.length > n) {
      const rest = ranked.slice(n).flatMap((g) => g.rows);
      const others = [...prefix, level.others(rs), fold(level, rest, rs), ...empty.slice((depth + 1) * 2)];
      rs.lineage?.deriveFromAll(others, rest);
      out.push(others);
    }
  };

  return {
    columns: output,
    apply(t, rs) {
      const rows: Row[] = [];
      expand(0, t.rows, [], rs, rows);
      return { columns: output, rows };
    },
  };
};

export const topNestedOperators: Record<string, OperatorCompiler> = {
  TopNestedOperator: topNested,
};
