// Editor latency: time from an edit of the seed rule (a didChange notification) to the diagnostics of that
// version (publishDiagnostics), measured over LSP against the built server, with the debounce set to 0 so
// the number is the server's own work plus the protocol. Compared with a baseline: the same analysis called
// in-process (analyzeRule, no LSP, no process boundary).
//   - edit outside the query (severity): KQL analysis comes from its cache, so this is the
//     "without the KQL analysis" number (target ≤ 15 ms);
//   - edit inside the query (a string literal): Kusto re-analyses the query every time.
// Usage: node scripts/build.mjs && npx tsx bench/editor.bench.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeRule } from '../server/src/core/features';
import { RuleDocument } from '../server/src/core/ruleDocument';
import { LspTestClient, repoRoot } from '../test/protocol/lspTestClient';

const seed = readFileSync(join(repoRoot, 'testdata', 'rules', 'DCOMLateralMovement.yaml'), 'utf8');
const WARM_UP = 10;
const RUNS = 100;

/** The i-th edit of each kind: every text differs from the one before, so no step is a no-op. */
const edits: Record<string, (i: number) => string> = {
  'edit outside the query (severity)': (i) => seed.replace(/^severity: .*$/m, `severity: ${i % 2 ? 'High' : 'Medium'}`).replace(/^name: .*$/m, `name: DCOM Lateral Movement ${i}`),
  'edit inside the query (string literal)': (i) => seed.replace('"services.exe"', `"services${i}.exe"`),
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

async function overLsp(client: LspTestClient, uri: string, make: (i: number) => string): Promise<number[]> {
  const times: number[] = [];
  let version = 1;
  client.open(uri, make(0), version);
  await client.diagnosticsOfVersion(uri, version);
  for (let i = 1; i <= WARM_UP + RUNS; i++) {
    version++;
    const t0 = performance.now();
    client.change(uri, make(i), version);
    await client.diagnosticsOfVersion(uri, version);
    if (i > WARM_UP) times.push(performance.now() - t0);
  }
  client.close(uri);
  return times;
}

async function inProcess(uri: string, make: (i: number) => string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= WARM_UP + RUNS; i++) {
    const t0 = performance.now();
    await analyzeRule(new RuleDocument(make(i), uri), { roots: [] });
    if (i > WARM_UP) times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'sentinel-rules-bench-'));
  const client = await LspTestClient.start({ root: workspace, settings: { debounceMs: 0 } });
  const rows: string[] = [];
  try {
    for (const [what, make] of Object.entries(edits)) {
      const uri = pathToFileURL(join(workspace, 'Analytic Rules', `${what.replace(/\W+/g, '-')}.yaml`)).href;
      const lsp = await overLsp(client, uri, make);
      const base = await inProcess(uri, make);
      rows.push(`| ${what} | ${median(lsp).toFixed(1)} | ${p90(lsp).toFixed(1)} | ${median(base).toFixed(1)} | ${(median(lsp) - median(base)).toFixed(1)} |`);
    }
  } finally {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  console.log(`## Editor: time to diagnostics after an edit of the seed rule (${RUNS} edits each, after ${WARM_UP} warm-up; debounce 0)\n`);
  console.log('| edit | LSP median ms | LSP p90 ms | baseline: in-process analyzeRule median ms | LSP overhead ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log('\nTarget: ≤ 15 ms for an edit outside the query (KQL analysis cached). The editor adds the `sentinelRules.debounceMs` quiet time (default 100 ms) while typing.');
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
