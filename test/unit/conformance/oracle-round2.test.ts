// Engine bugs found by the second round of the DuckDB oracle (test/unit/oracle/rules2.ts), each as the
// smallest query that shows it, with the docs page that says what Kusto does.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import { NOW } from './support';

function run(query: string): { columns: string[]; rows: unknown[][] } {
  const table = compileQuery(query).run(() => undefined, { now: NOW });
  return { columns: table.columns.map((c) => c.name), rows: table.rows };
}

describe('conformance: DuckDB oracle round 2', () => {
  it('extend replaces a column although the input also has that name with a 1 (extend-operator; ExcessiveLogonFailures)', () => {
    // after a join the input has W and the right side's W1; `extend W = …` must still write W (extend-operator.md,
    // "Column names noted by extend that already exist in the input are removed and appended as their new values")
    const { columns, rows } = run(`datatable(W:string, C:string)["-", "c1", "", "c2", "w", "c3"]
      | join kind=leftouter (datatable(W:string, D:long)["-", 1]) on W
      | extend W = iff(W == "-" or isempty(W), C, W)`);
    const w = columns.indexOf('W');
    const w1 = columns.indexOf('W1');
    assert.deepEqual(rows.map((r) => [r[w], r[w1]]), [['c1', '-'], ['c2', ''], ['w', '']]);
  });
  it('row_window_session starts a session at exactly MaxDistanceFromFirst or MaxDistanceBetweenNeighbors (row-window-session-function; MultipleFailedFollowedBySuccess)', () => {
    // "If the value of Expr equals or exceeds the previous session value plus MaxDistanceFromFirst" / "… the previous
    // value of Expr plus MaxDistanceBetweenNeighbors": a new session (row-window-session-function.md, Returns)
    const { rows } = run(`datatable(t:datetime)[datetime(2024-01-01 00:00), datetime(2024-01-01 00:10), datetime(2024-01-01 00:20), datetime(2024-01-01 00:30),
        datetime(2024-01-01 00:40), datetime(2024-01-01 01:40), datetime(2024-01-01 01:49)]
      | sort by t asc | extend s = row_window_session(t, 30m, 1h) | project s = format_datetime(s, 'HH:mm')`);
    assert.deepEqual(rows.map((r) => r[0]), ['00:00', '00:00', '00:00', '00:30', '00:30', '01:40', '01:40']);
  });
});
