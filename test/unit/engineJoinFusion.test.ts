// A join and the wheres after it (and joins fed by joins) run as one pass (compile/operators/joinFilter.ts).
// Each query is checked against the same query with `take` between the stages, which stops the fusion: the
// rows, the per-stage row statistics and the row-budget errors must be the same.
import { strict as assert } from 'node:assert';
import { compileQuery, KqlRuntimeError } from '../../server/src/engine';
import type { Table } from '../../server/src/engine/table';
import { parseDatetime } from '../../server/src/engine/values';

const NOW = parseDatetime('2024-01-10T00:00:00Z')!;

// Keys with duplicates on both sides, a key only on one side, a null key, and an empty string.
const TABLES: Record<string, Table> = {
  L: {
    columns: [{ name: 'K', type: 'string' }, { name: 'N', type: 'long' }, { name: 'A', type: 'long' }],
    rows: [['a', 1, 10], ['a', 2, 20], ['b', 3, null], ['c', 4, 40], ['', 5, 50], ['d', null, 60], ['a', 7, 70]],
  },
  M: {
    columns: [{ name: 'K', type: 'string' }, { name: 'N', type: 'long' }, { name: 'B', type: 'long' }],
    rows: [['a', 1, 1], ['a', null, 2], ['b', 3, 3], ['', 5, 4], ['e', 6, 5], ['c', 4, 6], ['c', 9, 7]],
  },
  R: {
    columns: [{ name: 'K', type: 'string' }, { name: 'C', type: 'long' }],
    rows: [['a', 100], ['c', 300], ['c', 301], ['f', 600]],
  },
};

const BREAK = '| take 1000000';

function run(query: string, rowBudget?: number) {
  const schemas = Object.entries(TABLES).map(([name, t]) => ({ name, columns: t.columns }));
  return compileQuery(query, { tables: schemas }).runWithStats((n) => TABLES[n], { now: NOW, rowBudget });
}

/** Rows and the statistics of every stage but the `take`s inserted to stop the fusion. */
function outcome(query: string, rowBudget?: number) {
  try {
    const { table, stats } = run(query, rowBudget);
    const stages = stats.filter((s) => s.label !== 'TakeOperator').map((s) => [s.label, s.line, s.column, s.rowsIn, s.rowsOut, s.runs]);
    return { rows: table.rows, columns: table.columns, stages };
  } catch (e) {
    if (e instanceof KqlRuntimeError) return { error: e.message };
    throw e;
  }
}

/** `stages` joined by pipes, fused (as written) and unfused (a take after every stage but the last). */
function bothWays(stages: string[]): [string, string] {
  // The take goes at the end of a line, so line and column of every other stage stay the same.
  return [stages.join('\n'), stages.map((s, i) => (i < stages.length - 1 ? `${s} ${BREAK}` : s)).join('\n')];
}

function sameAsUnfused(stages: string[], rowBudget?: number) {
  const [fused, unfused] = bothWays(stages);
  const f = outcome(fused, rowBudget);
  assert.deepEqual(f, outcome(unfused, rowBudget));
  return f;
}

describe('engine: joins fused with the wheres after them', () => {
  it('inner join then where: same rows and statistics as stage by stage', () => {
    const r = sameAsUnfused(['L', '| join kind=inner M on K', '| where A > 10 and isnotnull(B)']);
    // 10 joined rows (a: 3 × 2, b, c: 1 × 2, ""); A = 10 twice and A null once are dropped.
    assert.equal(r.rows?.length, 7);
  });

  for (const kind of ['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter']) {
    it(`${kind} join then two wheres`, () => {
      // The wheres read right columns: one reading only left columns moves before an innerunique join's
      // de-duplication (join-innerunique docs), which a take between them stops.
      sameAsUnfused(['L', `| join kind=${kind} M on K`, '| where isnull(B) or B < 6', '| where K1 != "c"']);
    });
    it(`${kind} join, then inner and left outer joins fed row by row, then wheres`, () => {
      sameAsUnfused([
        'L', `| join kind=${kind} M on K`, '| join kind=inner R on K', '| join kind=leftouter (R | project K, D = C * 2) on K',
        '| where C != 301', '| where isnull(D) or D > 0',
      ]);
    });
  }

  it('a join on several keys ($left/$right) followed by a join on one', () => {
    sameAsUnfused(['L', '| join kind=inner M on $left.K == $right.K, N', '| join kind=leftouter R on K', '| where A > 0']);
  });

  it('semi and anti joins are not fused and give the same rows', () => {
    for (const kind of ['leftsemi', 'leftanti', 'rightsemi', 'rightanti']) {
      sameAsUnfused(['L', `| join kind=${kind} M on K`, '| where K != "b"']);
    }
  });

  it('a where with a window function reads the join output as rows (not fused)', () => {
    const r = sameAsUnfused(['L', '| join kind=inner M on K', '| where row_number() > 2']);
    assert.ok((r.rows?.length ?? 0) > 0);
  });

  it('a summarize after the wheres takes the joined rows without their being built', () => {
    for (const kind of ['inner', 'innerunique', 'leftouter', 'rightouter', 'fullouter']) {
      const r = sameAsUnfused(['L', `| join kind=${kind} M on K`, '| where isnull(B) or B < 7',
        '| summarize n = count(), s = make_set(B), m = max(A), any = take_any(*) by K, N, K1']);
      assert.ok((r.rows?.length ?? 0) > 1);
    }
  });

  it('a summarize right after a join, and after a chain of joins', () => {
    sameAsUnfused(['L', '| join kind=inner M on K', '| summarize count(), arg_max(B, *) by K']);
    sameAsUnfused(['L', '| join kind=leftouter M on K', '| join kind=inner R on K', '| where C != 301', '| summarize make_list(C) by N, B']);
    // Without `by`: one row, also when nothing passes the where.
    const r = sameAsUnfused(['L', '| join kind=inner M on K', '| where A > 1000', '| summarize count(), max(B)']);
    assert.deepEqual(r.rows, [[0, null]]);
  });

  it('with row lineage on, a summarize fed by the join gives each group the same source rows', () => {
    const sources = (query: string) => {
      const schemas = Object.entries(TABLES).map(([name, t]) => ({ name, columns: t.columns }));
      const { table, lineage } = compileQuery(query, { tables: schemas }).runWithStats((n) => TABLES[n], { now: NOW, lineage: true });
      return table.rows.map((r) => lineage!.sourcesOf(r)!.rows.map((x) => `${x.table}:${TABLES[x.table].rows.indexOf(x.row)}`).sort());
    };
    const [fused, unfused] = bothWays(['L', '| join kind=inner M on K', '| join kind=leftouter R on K', '| where A > 10', '| summarize count() by K']);
    assert.deepEqual(sources(fused), sources(unfused));
    assert.ok(sources(fused).some((s) => s.length > 2));
  });

  it('a join larger than the row budget fails as it would stage by stage, naming the join and its inputs', () => {
    // (The takes of the unfused form count against the budget, so here the messages are spelled out.)
    // L × M on K: 10 rows; then × R on K: a 6 × 1, c 2 × 2 = 10 rows, with 2 rows of the budget of 12 left.
    const r = outcome(['L', '| join kind=inner M on K', '| join kind=inner R on K', '| where C > 0'].join('\n'), 12);
    assert.deepEqual(r, { error: "join at 3:3 would produce 10 rows (left 10 rows, right 4 rows), more than the 2 rows left of the run's row budget; add join keys or filter the inputs" });
    const r2 = outcome(['L', '| join kind=inner M on K', '| where A > 0'].join('\n'), 3);
    assert.deepEqual(r2, { error: "join at 2:3 would produce 10 rows (left 7 rows, right 7 rows), more than the 3 rows left of the run's row budget; add join keys or filter the inputs" });
    // The wheres' rows count too: 10 + 7 > 16.
    const r3 = outcome(['L', '| join kind=inner M on K', '| where A > 10 and isnotnull(B)'].join('\n'), 16);
    assert.ok('error' in r3 && /row budget of 16 rows exceeded at 3:3/.test(r3.error!), JSON.stringify(r3));
  });
});
