// `npm run bench`: runs every bench/*.bench.ts in sequence (each in its own process, via tsx) and prints
// their output. Benchmarks share 2 cores with nothing else of ours, so they never run in parallel.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const benches = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!only.length || only.some((o) => f.includes(o)))).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n# ${file}\n`);
  const r = spawnSync('npx', ['tsx', join(dir, file)], { stdio: 'inherit', cwd: join(dir, '..') });
  if (r.status !== 0) {
    failed++;
    console.log(`\n${file} failed (exit ${r.status ?? r.signal})`);
  }
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks completed`);
process.exitCode = failed ? 1 : 0;
