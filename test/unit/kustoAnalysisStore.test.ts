// The persistent analysis cache of `sentinel-rules validate` (server/src/kusto/analysisStore.ts): what is
// answered from it, what is analysed anew, and that a cache file it cannot use or write never changes a result.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyse } from '../../server/src/kusto/analysis';
import { openAnalysisStore, useAnalysisStore } from '../../server/src/kusto/analysisStore';
import type { AnalysisStore } from '../../server/src/kusto/analysisStore';
import { buildGlobals, kindName } from '../../server/src/kusto/bridge';
import type { TableSpec } from '../../server/src/kusto/bridge';
import { repoRoot } from './validationHelpers';

const table: TableSpec = { name: 'T', columns: [{ name: 'Cmd', type: 'string' }, { name: 'Port', type: 'long' }] };
const query = 'T | where Cmd has "x" | extend Wrong = Cmdd | project Cmd, Port';

/** The plain parts of an analysis, as the validate path reads them. */
function plainParts(a: ReturnType<typeof analyse>) {
  const { diagnostics, analyzerDiagnostics, outputColumns, tablesRead, readsTablesByName, functionsCalled } = a;
  return { diagnostics, analyzerDiagnostics, outputColumns, tablesRead, readsTablesByName, functionsCalled };
}

describe('kusto: persistent analysis cache', function () {
  this.timeout(120_000);
  let dir: string;
  let store: AnalysisStore;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sentinel-rules-store-')); });
  afterEach(() => { useAnalysisStore(undefined); rmSync(dir, { recursive: true, force: true }); });

  function use(file: string): AnalysisStore {
    store = openAnalysisStore(file);
    useAnalysisStore(store);
    return store;
  }

  it('answers a query analysed before, in this run or a saved one, with the same results and a syntax tree on demand', () => {
    const file = join(dir, 'cache.json');
    const globals = buildGlobals([table]);
    useAnalysisStore(undefined);
    const fresh = analyse(query, globals);
    assert.ok(fresh.diagnostics.some((d) => d.code === 'KS142'), JSON.stringify(fresh.diagnostics)); // Cmdd is unknown

    use(file);
    assert.deepEqual(plainParts(analyse(query, globals)), plainParts(fresh));
    assert.deepEqual([store.hits, store.misses], [0, 1]);
    assert.equal(store.save(), undefined);

    use(file);
    const cached = analyse(query, buildGlobals([{ ...table }])); // another GlobalState with the same content
    assert.deepEqual([store.hits, store.misses], [1, 0]);
    assert.deepEqual(plainParts(cached), plainParts(fresh));
    // The engine and the stage columns still get Kusto's tree: analysed again when first asked for.
    assert.equal(kindName(cached.code.Syntax!.Kind), kindName(fresh.code.Syntax!.Kind));
    assert.deepEqual(cached.stages.map((s) => s.operator), fresh.stages.map((s) => s.operator));
  });

  it('analyses anew when the catalogue, the best-practices option or the query differ', () => {
    use(join(dir, 'cache.json'));
    analyse(query, buildGlobals([table]));
    analyse(query, buildGlobals([table]));
    assert.deepEqual([store.hits, store.misses], [1, 1]);
    const withCmdd = analyse(query, buildGlobals([{ ...table, columns: [...table.columns, { name: 'Cmdd', type: 'string' }] }]));
    assert.ok(!withCmdd.diagnostics.some((d) => d.code === 'KS142'), 'Cmdd is a column of this catalogue');
    analyse(query, buildGlobals([table]), { bestPractices: true });
    analyse(`${query} | take 1`, buildGlobals([table]));
    assert.deepEqual([store.hits, store.misses], [1, 4]);
  });

  it('treats a corrupt or foreign cache file as empty, and reports a cache it cannot write without failing', () => {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"format": 1, "entr');
    use(corrupt);
    assert.equal(analyse(query, buildGlobals([table])).outputColumns.length, 2);
    assert.deepEqual([store.hits, store.misses], [0, 1]);
    assert.equal(store.save(), undefined);
    assert.equal(Object.keys(JSON.parse(readFileSync(corrupt, 'utf8')).entries).length, 1);

    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    use(join(blocked, 'cache.json')); // its folder is a file: cannot be created
    analyse(query, buildGlobals([table]));
    assert.match(store.save() ?? '', /could not write the analysis cache .*a-file/);
  });

  describe('cli', () => {
    function validate(...args: string[]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/src/cli/main.ts'), 'validate', '--format', 'json', ...args], {
        cwd: repoRoot, encoding: 'utf8', timeout: 120_000,
      });
      // The fix suggested for a non-GUID id is a new random GUID each run.
      return { code: run.status, stdout: run.stdout.replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<new guid>'), stderr: run.stderr };
    }

    it('--cache-location fills the cache, a second run gives the same report, --no-cache writes none', () => {
      const file = join(dir, 'sub', 'cache.json');
      const first = validate('--cache-location', file, 'testdata/rules', 'testdata/invalid');
      assert.ok(existsSync(file), first.stderr);
      const second = validate('--cache-location', file, 'testdata/rules', 'testdata/invalid');
      assert.equal(second.code, first.code);
      assert.equal(second.stdout, first.stdout);
      const none = join(dir, 'none', 'cache.json');
      const uncached = validate('--no-cache', '--cache-location', none, 'testdata/rules', 'testdata/invalid');
      assert.equal(uncached.stdout, first.stdout);
      assert.ok(!existsSync(none));
    });

    it('an unwritable cache location is reported on stderr and changes nothing else', () => {
      mkdirSync(join(dir, 'ro'));
      writeFileSync(join(dir, 'ro', 'file'), '');
      const run = validate('--cache-location', join(dir, 'ro', 'file', 'cache.json'), 'testdata/rules/DCOMLateralMovement.yaml');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /could not write the analysis cache .* \(the results are not affected\)/);
      assert.deepEqual(JSON.parse(run.stdout)[0].diagnostics, []);
    });

    it('--cache-location without a file is a usage error', () => {
      assert.equal(validate('testdata/rules', '--cache-location').code, 2);
    });
  });
});
