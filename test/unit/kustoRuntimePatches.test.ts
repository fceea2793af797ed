// The Bridge.NET runtime patches (server/src/kusto/runtimePatches.ts) and the persistent analysis cache must not
// change any result: the JSON report of `validate` over the whole corpus (every diagnostic: KQL codes, ranges,
// messages) is the same with the patches and without them (SENTINEL_RULES_BRIDGE_PATCHES=off), and the same
// again when every analysis comes from the cache. Each run is a fresh process: the patches apply once, when
// Kusto.Language loads.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './validationHelpers';

// The shared corpus sits beside the checkout (../shared), in CI as on a developer's machine.
const corpus = join(repoRoot, '..', 'shared', 'corpus');

/** `validate --format json` over the corpus, with the analysis cache in this file or none. */
function validateCorpus(patches: 'on' | 'off', cacheFile?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cache = cacheFile ? ['--cache-location', cacheFile] : ['--no-cache'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/src/cli/main.ts'), 'validate', ...cache, '--format', 'json', corpus], {
      cwd: repoRoot, env: { ...process.env, SENTINEL_RULES_BRIDGE_PATCHES: patches },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('kusto: Bridge runtime patches and the analysis cache', function () {
  this.timeout(600_000); // three processes validating the 209 corpus rules, on a shared machine
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'sentinel-rules-cache-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leave the validate report over the corpus byte-for-byte the same', async function () {
    if (!existsSync(corpus)) this.skip();
    const cacheFile = join(dir, 'cache.json');
    // Patched and filling the cache, against unpatched and uncached; then patched with every analysis cached.
    const [patched, unpatched] = await Promise.all([validateCorpus('on', cacheFile), validateCorpus('off')]);
    assert.equal(unpatched.code, 1, unpatched.stderr); // the corpus has real errors (docs/kql.md, corpus census)
    const files = JSON.parse(unpatched.stdout) as { file: string; diagnostics: { code: string }[] }[];
    assert.ok(files.length >= 200, `expected the corpus rules, got ${files.length} files`);
    assert.ok(files.some((f) => f.diagnostics.some((d) => /^KS\d+$/.test(d.code))), 'expected Kusto diagnostics in the report');
    assert.equal(patched.code, unpatched.code, patched.stderr);
    assert.equal(patched.stdout, unpatched.stdout);
    const entries = Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')).entries).length;
    // One per distinct query text (a few corpus rules share their query).
    assert.ok(entries >= 150, `expected an analysis per corpus query in the cache, got ${entries}`);
    const cached = await validateCorpus('on', cacheFile);
    assert.equal(cached.code, unpatched.code, cached.stderr);
    assert.equal(cached.stdout, unpatched.stdout);
    const [, hits, misses] = /queries: (\d+) analyses from the cache, (\d+) new/.exec(cached.stderr) ?? [];
    assert.equal(misses, '0', cached.stderr);
    assert.ok(Number(hits) >= entries, cached.stderr);
  });
});
