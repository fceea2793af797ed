// The seed rule's query alone, run several times on data loaded once: wall and CPU time and garbage-collector
// pauses (scavenges, mark-compacts) per run, optionally a CPU profile of the last run (query only, no load or
// compile), and the rows through each stage. The first run includes the JIT's warm-up; later ones do not.
//
// Usage: npx tsx bench/engine.bench.ts --generate 1000000 DIR
//        node [--max-semi-space-size=64] --import tsx bench/queryProfile.ts DIR [RUNS] [PROFILE.cpuprofile] [--stages]
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { loadDataFolders } from '../server/src/data';
import { loadCatalogue, globalsWith } from '../server/src/kql/catalogue';
import { catalogueSchema } from '../server/src/run';
import { compileQuery } from '../server/src/engine';
import { latestTimestamp } from '../server/src/run/window';

const RULE = path.join(__dirname, '../testdata/rules/DCOMLateralMovement.yaml');
const GC_KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak' };

/** GC pauses since the last call, by kind: "scavenge 44× 421 ms". */
class GcPauses {
  private pauses = new Map<string, { count: number; ms: number }>();

  constructor() {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = GC_KINDS[(e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
        const p = this.pauses.get(kind) ?? { count: 0, ms: 0 };
        p.count++;
        p.ms += e.duration;
        this.pauses.set(kind, p);
      }
    }).observe({ entryTypes: ['gc'] });
  }

  take(): string {
    const text = [...this.pauses].map(([kind, p]) => `${kind} ${p.count}× ${p.ms.toFixed(0)} ms`).join(', ');
    this.pauses = new Map();
    return text || 'none';
  }
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
/** Lets the observer deliver the GC entries of what just ran. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--stages');
  const [dir, runsText = '3', profileFile] = args;
  const gc = new GcPauses();
  const catalogue = loadCatalogue([]);
  let t0 = performance.now();
  let c0 = cpuMs();
  const data = await loadDataFolders([dir], { schema: catalogueSchema(catalogue) });
  await settle();
  console.log(`load: ${(performance.now() - t0).toFixed(0)} ms, CPU ${(cpuMs() - c0).toFixed(0)} ms; GC ${gc.take()}`);
  const tables = new Map(data.tables.map((t) => [t.name, t]));
  const query = String(parseDocument(readFileSync(RULE, 'utf8')).get('query'));
  const compiled = compileQuery(query, { globals: globalsWith(catalogue, data.tables.map((t) => ({ name: t.name, columns: t.columns }))) });
  const options = { now: latestTimestamp(data.tables)!, rowBudget: 100_000_000 };
  const session = new Session();
  session.connect();
  const runs = Number(runsText);
  for (let i = 1; i <= runs; i++) {
    const profiled = i === runs && profileFile;
    if (profiled) {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    await settle();
    gc.take();
    t0 = performance.now();
    c0 = cpuMs();
    const result = compiled.runWithStats((n) => tables.get(n), options);
    const ms = performance.now() - t0;
    const cpu = cpuMs() - c0;
    if (profiled) writeFileSync(profileFile, JSON.stringify((await session.post('Profiler.stop')).profile));
    await settle();
    console.log(`query ${i}: ${ms.toFixed(0)} ms, CPU ${cpu.toFixed(0)} ms, ${result.table.rows.length} rows; GC ${gc.take()}`);
    if (i === runs && process.argv.includes('--stages')) {
      for (const s of result.stats) console.log(`  ${s.line}:${s.column} ${s.label}: ${s.rowsIn} → ${s.rowsOut} rows`);
    }
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
