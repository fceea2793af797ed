// Rule validation speed.
//   1. Median time from an edit of the seed rule to the schema + constraints diagnostics (parse included),
//      in-process: the validation part of "time to diagnostics", without the KQL analysis (target ≤ 15 ms).
//   2. CLI throughput on the corpus: `node dist/cli.js validate <corpus>` as a user runs it (all features,
//      process start included), in rules per second, wall and CPU time: cold (--no-cache: every query analysed)
//      and warm (every analysis from the persistent cache of a previous run); plus the same run in-process
//      (validateFiles, no persistent cache).
// Usage: node scripts/build.mjs && npx tsx bench/validate.bench.ts [corpus folder, default ../shared/corpus]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectRuleFiles } from '../server/src/cli/files';
import { validateFiles } from '../server/src/cli/validate';
import { RuleDocument } from '../server/src/core/ruleDocument';
import type { RuleDiagnostic } from '../server/src/core/types';
import { constraintsFeature } from '../server/src/validation/constraintsFeature';
import { schemaFeature } from '../server/src/validation/schemaFeature';

const repoRoot = resolve(__dirname, '..');
const seed = readFileSync(join(repoRoot, 'testdata', 'rules', 'DCOMLateralMovement.yaml'), 'utf8');
const corpus = resolve(process.argv[2] ?? join(repoRoot, '..', 'shared', 'corpus'));
const WARM_UP = 20;
const RUNS = 200;
const CLI_RUNS = 3;

/** CPU seconds (user + system) of the finished children of this process, where Linux tells; else undefined. */
function childrenCpu(): number | undefined {
  try {
    // /proc/self/stat: fields 16 and 17 (cutime, cstime) in clock ticks, after the `(comm)` field.
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch { return undefined; }
}

/** Median wall time and CPU time of `node dist/cli.js validate …` runs. */
function timeCli(cli: string, args: string[], runs: number): { ms: number; cpu: string } {
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = childrenCpu();
    const s = performance.now();
    const run = spawnSync(process.execPath, [cli, 'validate', '--format', 'json', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - s);
    const c1 = childrenCpu();
    if (c0 !== undefined && c1 !== undefined) cpus.push(c1 - c0);
    if (run.status !== 0 && run.status !== 1) throw new Error(`validate failed (${run.status}): ${run.stderr}`);
  }
  return { ms: median(times), cpu: cpus.length ? `${median(cpus).toFixed(1)} s CPU` : 'CPU n/a' };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

/** Parse + schema + constraints: the validation features alone. */
function validateText(text: string, uri: string): RuleDiagnostic[] {
  const rule = new RuleDocument(text, uri);
  return [...schemaFeature.diagnostics!(rule, { roots: [] }) as RuleDiagnostic[], ...constraintsFeature.diagnostics!(rule, { roots: [] }) as RuleDiagnostic[]];
}

function validateEdit(i: number): number {
  const text = seed.replace(/^severity: .*$/m, `severity: ${i % 2 ? 'High' : 'Medium'}`).replace(/^name: .*$/m, `name: DCOM Lateral Movement ${i}`);
  const t0 = performance.now();
  const found = validateText(text, 'DCOMLateralMovement.yaml');
  const ms = performance.now() - t0;
  if (found.length) throw new Error(`the seed rule should validate clean: ${JSON.stringify(found)}`);
  return ms;
}

async function main() {
  const edits: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const ms = validateEdit(i);
    if (i >= WARM_UP) edits.push(ms);
  }
  const rows = [`| seed rule edit → schema + constraints diagnostics (in-process, ${RUNS} runs) | median ${median(edits).toFixed(2)} ms, p90 ${p90(edits).toFixed(2)} ms |`];

  if (!existsSync(corpus)) {
    rows.push(`| CLI throughput | skipped: no corpus at ${corpus} |`);
  } else {
    const files = await collectRuleFiles([corpus]);
    const v0 = performance.now();
    for (const f of files) validateText(f.text, f.path);
    const validationMs = performance.now() - v0;
    rows.push(`| schema + constraints over ${files.length} corpus rules (in-process, parse included) | ${validationMs.toFixed(0)} ms = ${(files.length / (validationMs / 1000)).toFixed(0)} rules/s |`);
    const t0 = performance.now();
    const reports = await validateFiles([corpus]);
    const inProcessMs = performance.now() - t0;
    rows.push(`| validate ${reports.length} corpus rules in-process (all features, first run) | ${inProcessMs.toFixed(0)} ms = ${(reports.length / (inProcessMs / 1000)).toFixed(0)} rules/s |`);
    const cli = join(repoRoot, 'dist', 'cli.js');
    if (!existsSync(cli)) rows.push('| CLI throughput | skipped: dist/cli.js missing (run node scripts/build.mjs) |');
    else {
      const load = () => loadavg()[0].toFixed(1);
      const coldLoad = load();
      const cold = timeCli(cli, ['--no-cache', corpus], CLI_RUNS);
      rows.push(`| \`sentinel-rules validate --no-cache\` on ${reports.length} corpus rules, cold: every query analysed (process start included, median of ${CLI_RUNS}, load ${coldLoad}) | ${cold.ms.toFixed(0)} ms wall, ${cold.cpu} = ${(reports.length / (cold.ms / 1000)).toFixed(0)} rules/s |`);
      const dir = mkdtempSync(join(tmpdir(), 'sentinel-rules-bench-'));
      try {
        const cache = ['--cache-location', join(dir, 'cache.json'), corpus];
        timeCli(cli, cache, 1); // fills the cache
        const warmLoad = load();
        const warm = timeCli(cli, cache, CLI_RUNS);
        rows.push(`| \`sentinel-rules validate\` on ${reports.length} corpus rules, warm: every analysis from the cache of a previous run (median of ${CLI_RUNS}, load ${warmLoad}) | ${warm.ms.toFixed(0)} ms wall, ${warm.cpu} = ${(reports.length / (warm.ms / 1000)).toFixed(0)} rules/s |`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  console.log(['| Validation | Time |', '|---|---|', ...rows].join('\n'));
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
