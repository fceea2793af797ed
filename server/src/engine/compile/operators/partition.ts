// partition by Col (subquery): the subquery runs on each partition's rows (its implicit input) and the results
// are unioned. Strategy hints never change the result.
import type { Table } from '../../table';
import type { Plan, Row } from '../../plan';
import { tupleKey } from '../../exec/keys';
import { RowContext } from '../context';
import { typeOfScalar } from '../scalar';
import { runPerGroup } from '../tabular';
import { kindOf, tableColumns } from '../syntax';
import type { OperatorCompiler } from './index';

const partition: OperatorCompiler = (c, op, input, scope) => {
  const output = tableColumns(op.ResultType);
  const by = c.scalar(op.ByExpression, new RowContext(input), scope);
  const key = tupleKey([typeOfScalar(c, op.ByExpression)]);
  const operand = op.Operand;
  if (kindOf(operand) !== 'PartitionSubquery') throw c.cx.unsupported(`partition operand ${kindOf(operand)}`, op);
  const current = {};
  const partInput: Plan = { columns: input, run: (rs) => rs.cache.get(current) as Table };
  const sub = c.tabular(operand.Subquery, scope, partInput);
  const subIndex = new RowContext(sub.columns).index;
  const from = output.map((col) => {
    const i = subIndex.get(col.name);
    if (i === undefined) throw c.cx.unsupported(`column '${col.name}' of partition`, op);
    return i;
  });
  return {
    columns: output,
    apply(t, rs) {
      const parts = new Map<unknown, Row[]>();
      for (const r of t.rows) {
        const k = key([by(r, rs)]);
        const rows = parts.get(k);
        if (rows) rows.push(r); else parts.set(k, [r]);
      }
      const rows: Row[] = [];
      for (const part of parts.values()) {
        rs.cache.set(current, { columns: input, rows: part });
        const result = runPerGroup(rs, () => sub.run(rs)).rows;
        const first = rows.length;
        for (const r of result) rows.push(from.map((i) => r[i]));
        rs.lineage?.deriveEach(rows, result, first);
      }
      rs.cache.delete(current);
      return { columns: output, rows };
    },
  };
};

export const partitionOperators: Record<string, OperatorCompiler> = {
  PartitionOperator: partition,
};
