// The seed rule (FalconFriday DCOMLateralMovement) on the OTRF lab data of a real DCOM lateral movement
// (testdata/sample-data/otrf-dcom, see its SOURCES.md): exactly the two alert rows of the attack, and none
// without the synthetic boot-anchor file (LastBootTime is then null and `TimestampProcEvent > LastBootTime+5m`
// is null, so `where` drops every row).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { compileQuery } from '../../server/src/engine';
import { loadDataFolders } from '../../server/src/data';
import { loadCatalogue } from '../../server/src/kql/catalogue';
import type { Column } from '../../server/src/engine/table';
import { parseDatetime } from '../../server/src/engine/values';

const ROOT = path.join(__dirname, '..', '..');
const DATA = path.join(ROOT, 'testdata', 'sample-data', 'otrf-dcom');
const RULE = path.join(ROOT, 'testdata', 'rules', 'DCOMLateralMovement.yaml');

async function runSeed(withBootAnchor: boolean) {
  const catalogue = loadCatalogue([]);
  const schema = (t: string) => catalogue.tables.get(t)?.columns as Column[] | undefined;
  const files = readdirSync(DATA).filter((f) => f.endsWith('.jsonl') && (withBootAnchor || !f.startsWith('synthetic_boot_anchor')));
  const data = await loadDataFolders(files.map((f) => path.join(DATA, f)), { schema });
  assert.deepEqual(data.issues.filter((i) => i.severity === 'error'), []);
  const tables = new Map(data.tables.map((t) => [t.name, t]));
  const query = String(parseDocument(readFileSync(RULE, 'utf8')).get('query'));
  return compileQuery(query, { globals: catalogue.globals }).run((n) => tables.get(n), { now: parseDatetime('2020-09-17T22:00:00Z')! });
}

describe('engine: the DCOM seed rule on the OTRF data', function () {
  this.timeout(60_000);

  it('returns the two rows of the attack', async () => {
    const t = await runSeed(true);
    const col = (name: string) => t.columns.findIndex((c) => c.name === name);
    assert.equal(t.rows.length, 2);
    for (const r of t.rows) {
      assert.equal(r[col('DeviceName')], 'workstation6.theshire.local');
      assert.equal(r[col('RemoteIP')], '172.18.39.5');
      assert.match(String(r[col('DCOMCmdLine')]), /EXCEL\.EXE" \/automation -Embedding$/);
      const children = r[col('set_ProcessCommandLine')] as string[];
      assert.equal(children.length, 1);
      assert.match(children[0], /AppVDllSurrogate64\.exe/);
    }
    assert.deepEqual(t.columns.map((c) => c.name), ['TimestampNetwEventExact', 'TimestampProcEventExact', 'DeviceId', 'DeviceName',
      'InitiatingProcessId', 'LocalIP', 'RemoteIP', 'LastBootTime', 'DCOMCmdLine', 'set_ProcessCommandLine']);
  });

  it('returns no row without the boot anchor (the LastBootTime null trap)', async () => {
    assert.equal((await runSeed(false)).rows.length, 0);
  });
});
