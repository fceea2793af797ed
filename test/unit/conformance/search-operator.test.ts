// The `search` operator and `where * has …` against Kusto's documented semantics
// (learn.microsoft.com/kusto/query/search-operator, the docs examples reworked on a small Customers table).
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import { buildGlobals } from '../../../server/src/kusto/bridge';
import type { Table } from '../../../server/src/engine/table';
import type { Value } from '../../../server/src/engine/values';
import { NOW } from './support';

const columns = [{ name: 'FirstName', type: 'string' }, { name: 'LastName', type: 'string' }, { name: 'CustomerKey', type: 'long' }] as const;
const productColumns = [{ name: 'ProductName', type: 'string' }, { name: 'ColorName', type: 'string' }] as const;
const globals = buildGlobals([{ name: 'Customers', columns: [...columns] }, { name: 'Products', columns: [...productColumns] },
  { name: 'Typed', columns: [{ name: 'CustomerKey', type: 'string' }] }]);
const products: Table = { columns: productColumns.map((c) => ({ ...c })), rows: [['Contoso 4G MP3 Player E400 Green', 'Green'], ['Contoso TV', 'Black']] };
const customers: Table = {
  columns: columns.map((c) => ({ ...c })),
  rows: [['Mason', 'Green', 16549], ['Aaron', 'Sharma', 802], ['Riley', 'Hughes', 18285], ['Lab', 'Laboratory PC', 7], ['Sara', 'green', 10658]],
};

function run(query: string): { columns: string[]; rows: Value[][] } {
  const t = compileQuery(query, { globals }).run((name) => ({ Customers: customers, Products: products } as Record<string, Table>)[name], { now: NOW });
  return { columns: t.columns.map((c) => c.name), rows: t.rows };
}
/** The CustomerKey of each result row. */
const keys = (query: string): Value[] => { const r = run(query); return r.rows.map((row) => row[r.columns.indexOf('CustomerKey')]); };

describe('conformance: search operator (search-operator)', () => {
  it('"The output always includes a column called $table … whose value is the table name"', () => {
    const r = run('Customers | search "Green"');
    assert.deepEqual(r.columns, ['$table', 'FirstName', 'LastName', 'CustomerKey']);
    assert.deepEqual(r.rows, [['Customers', 'Mason', 'Green', 16549], ['Customers', 'Sara', 'green', 10658]]);
  });

  it('a plain term is `has` over every column, case-insensitive by default; numbers match as text', () => {
    assert.deepEqual(keys('Customers | search "GREEN"'), [16549, 10658]);
    assert.deepEqual(keys('Customers | search "802"'), [802]);
    assert.deepEqual(keys('Customers | search "gre"'), [], 'has matches whole terms, not parts');
  });

  it('kind=case_sensitive: "All string comparisons are case-sensitive"', () => {
    assert.deepEqual(keys('Customers | search kind=case_sensitive "green"'), [10658]);
  });

  it('wildcards: `err*` hasprefix, `*err` hassuffix, `*err*` contains, `bi*lg` matches regex \\bbi.*lg\\b', () => {
    assert.deepEqual(keys('Customers | search "Gre*"'), [16549, 10658]);
    assert.deepEqual(keys('Customers | search "*ghes"'), [18285]);
    assert.deepEqual(keys('Customers | search "*arm*"'), [802]);
    assert.deepEqual(keys('Customers | search "lab*pc"'), [7]);
    assert.deepEqual(keys('Customers | search kind=case_sensitive "lab*pc"'), []);
  });

  it('`search *` is `where 0==0`', () => {
    assert.equal(keys('Customers | search *').length, customers.rows.length);
  });

  it('Column:term restricts the term to a column; and/or/not combine (docs: FirstName:"Aaron" or LastName:"Hughes")', () => {
    assert.deepEqual(keys('Customers | search FirstName:"Aaron" or LastName:"Hughes"'), [802, 18285]);
    assert.deepEqual(keys('Customers | search LastName:"Mason"'), []);
    assert.deepEqual(keys('Customers | search "green" and not(FirstName:"Sara")'), [16549]);
    assert.deepEqual(keys('Customers | search "Green" and ("Mason" or "Riley")'), [16549]);
  });

  it('`col=="err"` is an exact match and other predicates are ordinary expressions ("err" or (A>a and A<b))', () => {
    assert.deepEqual(keys('Customers | search LastName=="Green"'), [16549]);
    assert.deepEqual(keys('Customers | search "Hughes" or (CustomerKey > 1000 and CustomerKey < 12000)'), [18285, 10658]);
  });

  it('`search in (T1,T2) "err"` = `union T1,T2 | where * has "err"`, $table naming each row\'s table', () => {
    const r = run('search in (Customers, Products) "green"');
    assert.deepEqual(r.columns, ['$table', 'FirstName', 'LastName', 'CustomerKey', 'ProductName', 'ColorName']);
    assert.deepEqual(r.rows, [
      ['Customers', 'Mason', 'Green', 16549, '', ''],
      ['Customers', 'Sara', 'green', 10658, '', ''],
      ['Products', '', '', null, 'Contoso 4G MP3 Player E400 Green', 'Green'],
    ]);
    assert.deepEqual(run('search in (Products) ColorName:"black"').rows, [['Products', 'Contoso TV', 'Black']]);
  });

  it('`where * has "err"` is the same as `search "err"`, without $table', () => {
    const r = run('Customers | where * has "green"');
    assert.deepEqual(r.columns, ['FirstName', 'LastName', 'CustomerKey']);
    assert.deepEqual(r.rows.map((row) => row[2]), [16549, 10658]);
    assert.deepEqual(keys('Customers | where * contains "ARM"'), [802]);
    assert.deepEqual(keys('Customers | where * hasprefix "hugh"'), [18285]);
  });

  it('forms the engine does not run fail with a located "unsupported" error', () => {
    for (const [query, what] of [
      ['search "x"', 'search over all tables'],
      ['search in (Customers, Typed) "x"', 'this table in search in'],
      ['datatable(a:string)["x"] | search "x"', 'search without a database table'],
      ['Customers | search kind=case_sensitive CustomerKey == 802', 'search kind=case_sensitive with a non-term'],
      ['Customers | where * !has "x"', '* !has'],
      ['Customers | where * == "x"', '* =='],
      ['Customers | search "*a*b"', 'search term "*a*b"'],
    ]) {
      assert.throws(() => run(query), (e: Error) => e.message.includes(`unsupported: ${what}`) && /at \d+:\d+/.test(e.message), query);
    }
  });
});
