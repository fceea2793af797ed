// Row lineage (engine/lineage.ts): for each result row, the rows of the data tables it was derived from.
// Expectations name source rows as Table#index (the row's position in the data given to the run).
import { strict as assert } from 'node:assert';
import { compileQuery, LINEAGE_CAP } from '../../server/src/engine';
import { Lineage } from '../../server/src/engine/lineage';
import type { Table } from '../../server/src/engine/table';
import { parseDatetime } from '../../server/src/engine/values';

const NOW = parseDatetime('2024-01-10T00:00:00Z')!;

const Logons: Table = {
  columns: [{ name: 'Host', type: 'string' }, { name: 'User', type: 'string' }, { name: 'Tags', type: 'dynamic' }],
  rows: [
    ['h1', 'alice', ['a', 'b']],
    ['h2', 'bob', []],
    ['h1', 'carol', ['c']],
    ['h3', 'dave', null],
  ],
};

const Hosts: Table = {
  columns: [{ name: 'Host', type: 'string' }, { name: 'Owner', type: 'string' }],
  rows: [
    ['h1', 'it'],
    ['h2', 'hr'],
    ['h2', 'ops'],
  ],
};

const DATA: Record<string, Table> = { Logons, Hosts };

/** Runs `query` with lineage on; per result row its sources as "Table#i" (sorted), or "unknown". */
function lineage(query: string, data: Record<string, Table> = DATA): (string[] | 'unknown')[] {
  const schemas = Object.entries(data).map(([name, t]) => ({ name, columns: t.columns }));
  const { table, lineage: l } = compileQuery(query, { tables: schemas }).runWithStats((n) => data[n], { now: NOW, lineage: true });
  assert.ok(l, 'a lineage is returned when asked for');
  return table.rows.map((row) => {
    const s = l.sourcesOf(row);
    if (!s) return 'unknown';
    assert.equal(s.total, s.rows.length, 'below the cap the total is the number of rows');
    return s.rows.map((x) => `${x.table}#${data[x.table].rows.indexOf(x.row)}`).sort();
  });
}

describe('engine lineage', () => {
  it('is off unless asked for', () => {
    const { lineage: l } = compileQuery('Logons', { tables: [{ name: 'Logons', columns: Logons.columns }] }).runWithStats((n) => DATA[n], { now: NOW });
    assert.equal(l, undefined);
  });

  it('where, sort and take pass rows through: each result is its own source row', () => {
    assert.deepEqual(lineage('Logons | where Host == "h1" | sort by User desc | take 5'), [['Logons#2'], ['Logons#0']]);
  });

  it('extend, project, project-away and project-rename keep the row they were computed from', () => {
    assert.deepEqual(lineage('Logons | extend U = toupper(User) | project Host, U | where U != "BOB"'), [['Logons#0'], ['Logons#2'], ['Logons#3']]);
    assert.deepEqual(lineage('Logons | project-away Tags | project-rename Who = User | where Host == "h3"'), [['Logons#3']]);
  });

  it('summarize: a group row comes from every row of its group', () => {
    assert.deepEqual(lineage('Logons | summarize n = count(), users = make_set(User) by Host | sort by Host asc'),
      [['Logons#0', 'Logons#2'], ['Logons#1'], ['Logons#3']]);
  });

  it('summarize without by over no rows: one row with no source rows (not unknown)', () => {
    assert.deepEqual(lineage('Logons | where Host == "none" | summarize count()'), [[]]);
  });

  it('join: a joined row comes from its left and its right row; an outer row with no match from its own side only', () => {
    assert.deepEqual(lineage('Logons | project Host, User | join kind=inner Hosts on Host | sort by User asc, Owner asc'),
      [['Hosts#0', 'Logons#0'], ['Hosts#1', 'Logons#1'], ['Hosts#2', 'Logons#1'], ['Hosts#0', 'Logons#2']]);
    assert.deepEqual(lineage('Logons | join kind=leftouter Hosts on Host | where User == "dave"'), [['Logons#3']]);
  });

  it('join followed by where (the fused join-filter) and a chain of joins', () => {
    assert.deepEqual(lineage('Logons | join kind=inner Hosts on Host | join kind=inner (Hosts | where Owner == "ops") on Host | where User == "bob"'),
      [['Hosts#1', 'Hosts#2', 'Logons#1'], ['Hosts#2', 'Logons#1']]);
  });

  it('lookup: the left row and the looked-up row', () => {
    assert.deepEqual(lineage('Logons | lookup (Hosts | where Owner != "ops") on Host | where User in ("alice", "dave")'), [['Hosts#0', 'Logons#0'], ['Logons#3']]);
  });

  it('union: each row keeps the row of its leg', () => {
    assert.deepEqual(lineage('union (Logons | where User == "bob"), (Hosts | where Owner == "it")'), [['Logons#1'], ['Hosts#0']]);
  });

  it('mv-expand: every expanded row comes from the row it expanded', () => {
    assert.deepEqual(lineage('Logons | mv-expand Tag = Tags to typeof(string) | project Host, Tag'), [['Logons#0'], ['Logons#0'], ['Logons#2'], ['Logons#3']]);
  });

  it('let and materialize: the rows read through a let keep their sources, joined with themselves', () => {
    const q = `let h1 = materialize(Logons | where Host == "h1" | project Host, User);
let counts = h1 | summarize n = count() by Host;
h1 | join kind=inner counts on Host | project User, n`;
    assert.deepEqual(lineage(q), [['Logons#0', 'Logons#2'], ['Logons#0', 'Logons#2']]);
  });

  it('distinct: a distinct row comes from every row of its combination', () => {
    assert.deepEqual(lineage('Logons | distinct Host | sort by Host asc'), [['Logons#0', 'Logons#2'], ['Logons#1'], ['Logons#3']]);
  });

  it('datatable and print rows have no source rows', () => {
    assert.deepEqual(lineage('datatable(x:long)[1, 2]'), [[], []]);
    assert.deepEqual(lineage('print a = 1'), [[]]);
  });

  it('parse and count', () => {
    assert.deepEqual(lineage('Logons | parse User with head:string "o" rest:string | where Host == "h2"'), [['Logons#1']]);
    assert.deepEqual(lineage('Logons | where Host == "h1" | count'), [['Logons#0', 'Logons#2']]);
  });

  it('top-nested: a row comes from the rows of its innermost group; the others row from the rest', () => {
    assert.deepEqual(lineage('Logons | top-nested 1 of Host with others = "other" by count()'), [['Logons#0', 'Logons#2'], ['Logons#1', 'Logons#3']]);
  });

  it('make-series and pivot: a row comes from its group\'s rows', () => {
    const Times: Table = {
      columns: [{ name: 'Host', type: 'string' }, { name: 'T', type: 'datetime' }],
      rows: [['h1', parseDatetime('2024-01-01T00:00:00Z')], ['h2', parseDatetime('2024-01-01T01:00:00Z')], ['h1', parseDatetime('2024-01-01T02:00:00Z')]],
    };
    assert.deepEqual(lineage('Times | make-series n = count() on T step 1h by Host | sort by Host asc', { Times }), [['Times#0', 'Times#2'], ['Times#1']]);
    assert.deepEqual(lineage('Logons | evaluate pivot(User, count(), Host) | sort by Host asc'), [['Logons#0', 'Logons#2'], ['Logons#1'], ['Logons#3']]);
  });

  it('a row built without telling the lineage is unknown, and so is every row derived from it', () => {
    const l = new Lineage();
    const source = l.wrap((n) => (n === 'Logons' ? Logons : undefined));
    const [a] = source('Logons')!.rows;
    const built = ['x'];
    const joined = ['x', 'y'];
    l.derive(joined, a, built);
    assert.equal(l.sourcesOf(built), undefined);
    assert.equal(l.sourcesOf(joined), undefined, 'unknown, not just the known half');
    assert.deepEqual(l.sourcesOf(a)!.rows.map((s) => s.table), ['Logons']);
  });

  it('caps the rows kept per result row but counts them all', () => {
    const n = LINEAGE_CAP * 4;
    const Big: Table = { columns: [{ name: 'k', type: 'long' }], rows: Array.from({ length: n }, (_v, i) => [i % 2]) };
    const data = { Big };
    const { table, lineage: l } = compileQuery('Big | summarize count() by k | sort by k asc', { tables: [{ name: 'Big', columns: Big.columns }] })
      .runWithStats((x) => data[x as 'Big'], { now: NOW, lineage: true });
    const s = l!.sourcesOf(table.rows[0])!;
    assert.equal(s.rows.length, LINEAGE_CAP);
    assert.equal(s.total, n / 2);
    assert.deepEqual(s.rows.slice(0, 3).map((x) => Big.rows.indexOf(x.row)), [0, 2, 4]);
  });
});
