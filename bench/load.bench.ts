// Sample-loading benchmark: rows loaded per second from JSON lines and CSV files of generated MDE-like
// DeviceProcessEvents rows (the OTRF rows as templates, with varied times, hosts and process ids), typed by
// the bundled catalogue, and the loader's peak RSS. Each measurement runs in its own process so peak RSS is
// its own. Usage: npx tsx bench/load.bench.ts [rows=100000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDataFolders } from '../server/src/data';
import { loadCatalogue } from '../server/src/kql/catalogue';
import { catalogueSchema } from '../server/src/run';

const TEMPLATES = path.join(__dirname, '../testdata/sample-data/otrf-dcom/otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl');

function generate(rows: number, dir: string): { jsonl: string; csv: string } {
  const templates = readFileSync(TEMPLATES, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const columns = Object.keys(templates[0]);
  const start = Date.parse('2020-09-17T00:00:00Z');
  const jsonl: string[] = [];
  const csv: string[] = [columns.join(',')];
  const quote = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 137).toISOString().replace('Z', '0000Z');
    const row: Record<string, unknown> = { ...templates[i % templates.length], Timestamp: t, TimeGenerated: t, DeviceName: `host${i % 500}.contoso.local`, ProcessId: 1000 + (i % 60000), ReportId: i };
    jsonl.push(JSON.stringify(row));
    csv.push(columns.map((c) => quote(row[c])).join(','));
  }
  const files = { jsonl: path.join(dir, 'jsonl', 'bench.DeviceProcessEvents.jsonl'), csv: path.join(dir, 'csv', 'bench.DeviceProcessEvents.csv') };
  for (const [kind, text] of [['jsonl', jsonl], ['csv', csv]] as const) {
    spawnSync('mkdir', ['-p', path.dirname(files[kind])]);
    writeFileSync(files[kind], text.join('\n') + '\n');
  }
  return files;
}

/** Child mode: load one folder, print {rows, ms, peakRssMb} as JSON. */
async function measure(folder: string): Promise<void> {
  const schema = catalogueSchema(loadCatalogue([]));
  const before = process.resourceUsage().maxRSS;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await loadDataFolders([folder], { schema });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // CPU time too: on a shared machine wall-clock time includes waiting for a core.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new Error(`load errors: ${errors[0].message}`);
  const rows = result.stats.reduce((n, s) => n + s.rows, 0);
  process.stdout.write(JSON.stringify({ rows, ms, cpuMs, peakRssMb: process.resourceUsage().maxRSS / 1024, rssBeforeLoadMb: before / 1024 }));
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-load-bench-'));
  try {
    const files = generate(rows, dir);
    console.log(`load benchmark: ${rows} generated DeviceProcessEvents rows (${Object.keys(JSON.parse(readFileSync(files.jsonl, 'utf8').split('\n')[0])).length} columns), Node ${process.version}`);
    console.log('| format | file MB | load ms (wall) | rows/s (wall) | CPU ms | rows per CPU s | peak RSS MB (process) | RSS before load MB |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const kind of ['jsonl', 'csv'] as const) {
      const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--measure', path.dirname(files[kind])], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(child.stderr);
      const m = JSON.parse(child.stdout) as { rows: number; ms: number; cpuMs: number; peakRssMb: number; rssBeforeLoadMb: number };
      if (m.rows !== rows) throw new Error(`${kind}: loaded ${m.rows} rows, expected ${rows}`);
      const mb = statSync(files[kind]).size / 1e6;
      const perSecond = (ms: number) => Math.round(m.rows / (ms / 1000)).toLocaleString('en-US');
      console.log(`| ${kind} | ${mb.toFixed(1)} | ${m.ms.toFixed(0)} | ${perSecond(m.ms)} | ${m.cpuMs.toFixed(0)} | ${perSecond(m.cpuMs)} | ${m.peakRssMb.toFixed(0)} | ${m.rssBeforeLoadMb.toFixed(0)} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') measure(process.argv[3]).catch((e) => { process.stderr.write(String(e?.stack ?? e)); process.exit(1); });
else main().catch((e) => { console.error(e); process.exitCode = 1; });
