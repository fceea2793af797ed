// KQL benchmark and corpus census. Each part runs in a fresh process, so cold start and RSS are its own:
//   cold:   (three fresh processes running the esbuild bundle) process start → Kusto.Language loaded,
//           catalogue built, warm-up done, first KQL diagnostics of the seed rule (target ≤ 2.5 s);
//   edit:   median diagnostics latency after a one-character edit inside the seed query (every edit is a
//           new query text, so nothing comes from the cache; target ≤ 40 ms);
//   corpus: KQL diagnostics of every corpus rule: counts per code and severity, entity-mapping column
//           errors, and RSS after all of them.
// Usage: npx tsx bench/kql.bench.ts [corpusDir]   (prints one JSON report)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadavg, tmpdir } from 'node:os';

const SHARED_CORPUS = path.join(__dirname, '..', '..', 'shared', 'corpus', 'azure-sentinel');
const SEED = path.join(SHARED_CORPUS, 'FalconFriday', 'DCOMLateralMovement.yaml');
const CORPUS = process.argv[3] && process.argv[2]?.startsWith('--') ? process.argv[3] : process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : SHARED_CORPUS;

/**
 * Cold start as the language server has it: the code is bundled by esbuild (as scripts/build.mjs does), then a
 * fresh node process loads it, warms up Kusto with the catalogue and computes the seed rule's KQL diagnostics.
 */
async function cold(): Promise<void> {
  const { build } = await import('esbuild');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'kql-cold-')), 'cold.js');
  const entry = `
    const t0 = performance.now();
    const { RuleDocument } = require('./server/src/core/ruleDocument');
    const { kqlFeature, warmUpKql } = require('./server/src/kql/feature');
    const tLoaded = performance.now();
    warmUpKql([]);
    const tWarm = performance.now();
    Promise.resolve(kqlFeature.diagnostics(new RuleDocument(require('node:fs').readFileSync(process.argv[2], 'utf8')), { roots: [] })).then((ds) => {
      const tFirst = performance.now();
      const cpu = process.cpuUsage();
      console.log(JSON.stringify({ sinceProcessStartMs: Math.round(tFirst), processCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        loadMs: Math.round(tLoaded - t0), warmUpMs: Math.round(tWarm - tLoaded), firstDiagnosticsMs: Math.round(tFirst - tWarm),
        diagnostics: ds.length, rssMB: Math.round(process.memoryUsage().rss / 2 ** 20), loadAverage1m: Math.round(require('node:os').loadavg()[0] * 10) / 10 }));
    });`;
  await build({ stdin: { contents: entry, resolveDir: path.join(__dirname, '..'), loader: 'ts' }, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', minify: true, outfile: out, logLevel: 'error' });
  const runs = [0, 1, 2].map(() => {
    const r = spawnSync(process.execPath, [out, SEED], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim());
  });
  report(runs);
}

async function edit(): Promise<void> {
  const { RuleDocument } = await import('../server/src/core/ruleDocument');
  const { kqlFeature, warmUpKql } = await import('../server/src/kql/feature');
  warmUpKql([]);
  const seed = readFileSync(SEED, 'utf8');
  const at = seed.indexOf('"services.exe"') + 1;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 60; i++) {
    // Type one character into a string literal of the query: a new query text every time.
    const text = seed.slice(0, at) + String.fromCharCode(97 + (i % 26)) + String(i) + seed.slice(at);
    const t = performance.now();
    const c = process.cpuUsage();
    await kqlFeature.diagnostics!(new RuleDocument(text), { roots: [] });
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  // The first edits still pay JIT; the steady state is what a user typing sees.
  const steady = times.slice(10).sort((a, b) => a - b);
  const steadyCpu = cpu.slice(10).sort((a, b) => a - b);
  report({
    editsMeasured: steady.length, medianMs: round(steady[steady.length >> 1]), p90Ms: round(steady[Math.floor(steady.length * 0.9)]),
    maxMs: round(steady[steady.length - 1]), medianCpuMs: round(steadyCpu[steadyCpu.length >> 1]), loadAverage1m: round(loadavg()[0]),
  });
}

async function corpus(): Promise<void> {
  const { RuleDocument } = await import('../server/src/core/ruleDocument');
  const { kqlFeature } = await import('../server/src/kql/feature');
  const files = yamlFiles(CORPUS);
  const byCode: Record<string, number> = {};
  const rulesWithErrors: Record<string, string[]> = {};
  const columnErrors: string[] = [];
  const unknownNames: Record<string, number> = {};
  const connectorFindings: Record<string, string[]> = {};
  const t = performance.now();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const ds = await kqlFeature.diagnostics!(new RuleDocument(text), { roots: [] });
    for (const d of ds) {
      const key = `${d.code} ${d.severity}`;
      byCode[key] = (byCode[key] ?? 0) + 1;
      const rel = path.relative(CORPUS, f);
      if (d.severity === 'error') (rulesWithErrors[d.code] ??= []).push(`${rel}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message.split('\n')[0]}`);
      if (d.code === 'SR303' || d.code === 'SR304') (connectorFindings[d.code] ??= []).push(`${path.relative(CORPUS, f)}: ${d.message}`);
      if (d.code === 'SR301') columnErrors.push(`${rel}:${d.range.start.line + 1} ${d.message}`);
      if (d.code === 'KS204') { const n = /'([^']+)'/.exec(d.message)?.[1] ?? '?'; unknownNames[n] = (unknownNames[n] ?? 0) + 1; }
    }
  }
  report({ rules: files.length, totalMs: Math.round(performance.now() - t), byCode, unknownNames, columnErrors, connectorFindings, rulesWithErrors, rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/i.test(n) ? [p] : [];
  });
}

const round = (n: number) => Math.round(n * 10) / 10;
function report(o: unknown): void { process.stdout.write(JSON.stringify(o) + '\n'); }

function child(mode: string): unknown {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, `--${mode}`, CORPUS], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const mode = process.argv.find((a) => /^--(cold|edit|corpus)$/.test(a));
if (mode === '--cold') void cold();
else if (mode === '--edit') void edit();
else if (mode === '--corpus') void corpus();
else {
  const wall = performance.now();
  report({ cold: child('cold'), edit: child('edit'), corpus: child('corpus'), benchWallMs: Math.round(performance.now() - wall) });
}
