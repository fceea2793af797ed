// A join chain whose pairs only feed wheres and a summarize copies just the cells those read (and the next
// join's key) into its pair buffer, and hashes compact copies of its right rows (exec/hashJoin.ts PairCells).
// Each query is checked against the same query with `take` between the stages, which stops the fusion and
// so the narrowing: rows, columns and per-stage statistics must be the same.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../server/src/engine';
import type { Table } from '../../server/src/engine/table';
import { parseDatetime } from '../../server/src/engine/values';

const NOW = parseDatetime('2024-01-10T00:00:00Z')!;
const T0 = parseDatetime('2024-01-09T00:00:00Z')!;
const MINUTE = 60 * 10_000_000;

// Wider rows than the queries read, keys with duplicates, a null key, "" and mixed case.
const TABLES: Record<string, Table> = {
  L: {
    columns: [{ name: 'K', type: 'string' }, { name: 'N', type: 'long' }, { name: 'A', type: 'long' }, { name: 'S', type: 'string' },
      { name: 'T', type: 'datetime' }, { name: 'Pad', type: 'string' }],
    rows: [['a', 1, 10, 'Excel.exe', T0, 'x'], ['a', 2, 20, 'cmd.exe', T0 + MINUTE, 'y'], ['b', 3, null, 'EXCEL.EXE', T0, 'z'],
      ['c', 4, 40, '', null, 'w'], ['', 5, 50, 'x', T0, 'v'], [null as unknown as string, 6, 60, 'y', T0, 'u'], ['A', 7, 70, 'excel.exe', T0, 't']],
  },
  M: {
    columns: [{ name: 'K', type: 'string' }, { name: 'N', type: 'long' }, { name: 'B', type: 'long' }, { name: 'S', type: 'string' },
      { name: 'Pad1', type: 'string' }, { name: 'Pad2', type: 'long' }],
    rows: [['a', 1, 1, 'excel.exe', 'p', 1], ['a', null, 2, 'CMD.exe', 'q', 2], ['b', 3, 3, 'Excel.EXE', 'r', 3], ['', 5, 4, 'x', 's', 4],
      ['e', 6, 5, 'e', 't', 5], ['c', 4, 6, '', 'u', 6], ['c', 9, 7, 'c', 'v', 7], ['A', 7, 8, 'EXCEL.exe', 'w', 8]],
  },
  R: {
    columns: [{ name: 'B', type: 'long' }, { name: 'C', type: 'long' }, { name: 'Boot', type: 'datetime' }, { name: 'Pad', type: 'string' }],
    rows: [[1, 100, T0 - MINUTE, 'a'], [2, 200, T0, 'b'], [6, 600, null, 'c'], [6, 601, T0 - 2 * MINUTE, 'd'], [9, 900, T0, 'e']],
  },
};

function outcome(query: string, lineage = false) {
  const schemas = Object.entries(TABLES).map(([name, t]) => ({ name, columns: t.columns }));
  const { table, stats } = compileQuery(query, { tables: schemas }).runWithStats((n) => TABLES[n], { now: NOW, lineage });
  const stages = stats.filter((s) => s.label !== 'TakeOperator').map((s) => [s.label, s.line, s.column, s.rowsIn, s.rowsOut]);
  return { columns: table.columns, rows: table.rows, stages };
}

/** The stages fused (as written) and stage by stage (a take at the end of every line but the last). */
function sameAsUnfused(stages: string[], lineage = false) {
  const fused = stages.join('\n');
  const unfused = stages.map((s, i) => (i < stages.length - 1 ? `${s} | take 1000000` : s)).join('\n');
  const f = outcome(fused, lineage);
  assert.deepEqual(f, outcome(unfused, lineage));
  assert.ok(f.rows.length > 0, 'the query keeps some rows');
  return f;
}

describe('engine: a join chain that feeds a summarize copies only the cells read after it', () => {
  for (const kind of ['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter']) {
    it(`${kind} join, a where reading both sides, a summarize of a few columns`, () => {
      sameAsUnfused(['L', `| join kind=${kind} M on K`, '| where S =~ S1 or isnull(A)', '| summarize n = count(), s = make_set(B) by K, K1']);
    });
  }

  it('a chain whose second join keys on a column of the first join\'s right side, with an arithmetic where', () => {
    sameAsUnfused(['L', '| join kind=inner M on K', '| join kind=leftouter R on B', '| where isnull(Boot) or T > Boot + 1m',
      '| summarize make_list(C), max(A) by K, N1']);
  });

  it('with row lineage on (right rows not compacted), the same rows', () => {
    sameAsUnfused(['L', '| join kind=inner M on K', '| join kind=leftouter R on B', '| where B < 8', '| summarize count() by K, C'], true);
  });

  it('readers of the whole row: pack_all() in a where, take_any(*) and arg_max(…, *) in the summarize', () => {
    sameAsUnfused(['L', '| join kind=inner M on K', '| where tostring(pack_all()) has "excel"', '| summarize count() by K']);
    sameAsUnfused(['L', '| join kind=leftouter M on K', '| where B > 1', '| summarize take_any(*) by K']);
    sameAsUnfused(['L', '| join kind=inner M on K', '| summarize arg_max(B, *) by K']);
  });

  it('a where reading a column by name: column_ifexists', () => {
    sameAsUnfused(['L', '| join kind=inner M on K', '| where column_ifexists("Pad2", 0) > 2', '| summarize sum(Pad2) by S']);
  });

  it('a summarize over an expression of right columns, and one without by', () => {
    sameAsUnfused(['L', '| join kind=inner M on K', '| summarize total = sum(B * 2 + Pad2) by bin(N, 2)']);
    assert.deepEqual(sameAsUnfused(['L', '| join kind=fullouter M on K', '| summarize count(), dcount(Pad1), max(A)']).rows.length, 1);
  });
});
