// Found by running the corpus rules on generated rows (test/unit/engineCorpusData.test.ts): each test names
// the documentation page that says what Kusto does.
import { strict as assert } from 'node:assert';
import { compileQuery } from '../../../server/src/engine';
import { NOW } from './support';

const rows = (query: string) => compileQuery(query).run(() => undefined, { now: NOW }).rows;

describe('conformance: corpus rules on generated data', () => {
  it('== compares a string column with a number (tutorials/common-tasks-microsoft-sentinel: `where ResultType == 0`)', () => {
    // SigninLogs.ResultType is a string; the tutorial gives `| where ResultType == 0` as a valid filter, and
    // in-operator ("equals to one of the elements") already finds "0" in (0).
    const q = (where: string) => rows(`datatable(ResultType:string, n:long) ["0", 0, "50126", 50126, "", 1] | where ${where} | project ResultType`);
    assert.deepEqual(q('ResultType == 0'), [['0']]);
    assert.deepEqual(q('0 == ResultType'), [['0']]);
    assert.deepEqual(q('ResultType == n'), [['0'], ['50126']]);
    assert.deepEqual(q('ResultType != 0'), [['50126'], ['']]);
    assert.deepEqual(q('ResultType in (0)'), [['0']]);
    assert.deepEqual(rows('print a = "1.5" == 1.5, b = int(5) == "5", c = "05" == 5'), [[true, true, false]]);
  });

  it('== compares a bool with a number as 1 and 0 (scalar-data-types/bool: `true` (1), `false` (0))', () => {
    // MDE rules: `where CreatedOnLocalMachine == 0`, `where HasInteractiveLogon == 0`
    const q = (where: string) => rows(`datatable(b:bool) [true, false, bool(null)] | where ${where} | extend t = tostring(b) | project t`);
    assert.deepEqual(q('b == 0'), [['false']]);
    assert.deepEqual(q('b == 1'), [['true']]);
    assert.deepEqual(q('0 == b'), [['false']]);
    assert.deepEqual(q('b != 0'), [['true'], ['']]);
    assert.deepEqual(rows('print a = true == 1, b = false == 0, c = true == 0, d = false == 1.0'), [[true, true, false, false]]);
    // in-operator: "equals to one of the elements", so in agrees with ==
    assert.deepEqual(rows('print a = true in (1), b = false in (1, 2), c = false !in (0), d = int(1) in (true)'), [[true, false, false, true]]);
  });

  it('a column of table(name) keeps its string semantics in == with a number (tutorials/common-tasks-microsoft-sentinel)', () => {
    // Entra ID rules: `let aadFunc = (tableName:string) { table(tableName) | where ResultType == 500121 … }`. The
    // analyzer types ResultType `unknown` inside the function; Kusto binds it to the table's string column.
    const tables = [{ name: 'SigninLogs', columns: [{ name: 'ResultType', type: 'string' }] }];
    const data = { columns: [{ name: 'ResultType', type: 'string' as const }], rows: [['0'], ['500121'], ['50126']] };
    const run = (where: string) => compileQuery(`let f = (t:string) { table(t) | where ${where} }; f("SigninLogs")`, { tables })
      .run((name) => (name === 'SigninLogs' ? data : undefined), { now: NOW }).rows;
    assert.deepEqual(run('ResultType == 500121'), [['500121']]);
    assert.deepEqual(run('ResultType != 0'), [['500121'], ['50126']]);
  });

  it('split with a negative requestedIndex counts from the end (split-function [inferred]; corpus idiom split(Image, @"\\", -1)[-1])', () => {
    // Nine Azure-Sentinel queries take a process name as tostring(split(Image, '\\', -1)[-1]), and the ADFS rule
    // keeps servers where that name =~ "Microsoft.IdentityServer.ServiceHost.exe": the part must be the last one.
    // Negative indices count from the end elsewhere in KQL (dynamic [-1], array_slice, substring).
    assert.deepEqual(rows(String.raw`print a = split(@"C:\Windows\ADFS\Microsoft.IdentityServer.ServiceHost.exe", @"\", -1), b = split("a_b_c", "_", -2), c = split("a_b", "_", -3), d = split("a_b", "_", 2)`),
      [[['Microsoft.IdentityServer.ServiceHost.exe'], ['b'], [], []]]);
  });

  it('an int literal is a signed 32-bit value: int(0xf090013d) wraps as toint("0xf090013d") does (scalar-data-types/int)', () => {
    // FalconFriday COM hijacking: `where toint(RegistryValueData) >= int(0xf090013d)`; the literal was 4035969341,
    // above every int, so the rule could never fire.
    assert.deepEqual(rows('print a = int(0xf090013d), b = toint("0xf090013d") >= int(0xf090013d), c = int(0x7fffffff), d = int(-5)'),
      [[-258997955, true, 2147483647, -5]]);
  });
});
