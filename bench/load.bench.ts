// Sample-loading benchmark: rows loaded per second from JSON lines and CSV files of generated MDE-like
// DeviceProcessEvents rows (the OTRF rows as templates, with varied times, hosts and process ids), typed by
// the bundled catalogue, and the loader's peak RSS. In the same run, on the same files: a floor ("read lines +
// JSON.parse only", no typing or tables), the loader with its parse threads off (JSON lines are parsed by 2
// worker threads by default) and DuckDB's JSON and CSV readers, so the ratios are honest. Each
// measurement runs in its own process so peak RSS is its own; CPU time is reported beside wall time because
// the machine is shared (wall time includes waiting for a core; DuckDB's CPU time counts all its threads).
// Usage: npx tsx bench/load.bench.ts [rows=100000] [formats=jsonl,csv]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDataFolders } from '../server/src/data';
import { forEachLine } from '../server/src/data/readers/lines';
import { loadCatalogue } from '../server/src/kql/catalogue';
import { catalogueSchema } from '../server/src/run';

const TEMPLATES = path.join(__dirname, '../testdata/sample-data/otrf-dcom/otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl');
const FORMATS = ['jsonl', 'csv'] as const;
type Format = typeof FORMATS[number];
type Reader = 'loader' | 'loader-main-thread' | 'json-parse-floor' | 'duckdb';

/** Writes the files in batches, so 1M rows (~2.8 GB of JSON lines) never become one string. */
function generate(rows: number, dir: string, formats: Format[]): Record<Format, string> {
  const templates = readFileSync(TEMPLATES, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const columns = Object.keys(templates[0]);
  const start = Date.parse('2020-09-17T00:00:00Z');
  const quote = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const files = {} as Record<Format, string>;
  const fds = {} as Record<Format, number>;
  for (const kind of formats) {
    files[kind] = path.join(dir, kind, `bench.DeviceProcessEvents.${kind}`);
    mkdirSync(path.dirname(files[kind]), { recursive: true });
    fds[kind] = openSync(files[kind], 'w');
  }
  if (fds.csv !== undefined) writeSync(fds.csv, columns.join(',') + '\n');
  const batch: Record<Format, string[]> = { jsonl: [], csv: [] };
  const flush = () => {
    for (const kind of formats) { writeSync(fds[kind], batch[kind].join('')); batch[kind] = []; }
  };
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 137).toISOString().replace('Z', '0000Z');
    const row: Record<string, unknown> = { ...templates[i % templates.length], Timestamp: t, TimeGenerated: t, DeviceName: `host${i % 500}.contoso.local`, ProcessId: 1000 + (i % 60000), ReportId: i };
    if (fds.jsonl !== undefined) batch.jsonl.push(JSON.stringify(row) + '\n');
    if (fds.csv !== undefined) batch.csv.push(columns.map((c) => quote(row[c])).join(',') + '\n');
    if (i % 10_000 === 9_999) flush();
  }
  flush();
  for (const kind of formats) closeSync(fds[kind]);
  return files;
}

interface Measurement { rows: number; ms: number; cpuMs: number; peakRssMb: number }

/** Child mode: read one file with one reader, print a Measurement as JSON. */
async function measure(reader: Reader, file: string): Promise<void> {
  const schema = reader.startsWith('loader') ? catalogueSchema(loadCatalogue([])) : undefined; // the catalogue is not part of loading
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  let rows = 0;
  if (reader === 'loader' || reader === 'loader-main-thread') {
    const result = await loadDataFolders([file], { schema, parseThreads: reader === 'loader' ? undefined : { threads: 0 } });
    const errors = result.issues.filter((i) => i.severity === 'error');
    if (errors.length) throw new Error(`load errors: ${errors[0].message}`);
    rows = result.stats.reduce((n, s) => n + s.rows, 0);
  } else if (reader === 'json-parse-floor') {
    await forEachLine({ path: file, table: 'T', format: 'jsonl', gzip: false, bytes: 0 }, (text) => { if (text) { JSON.parse(text); rows++; } return true; });
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const read = file.endsWith('.csv') ? `read_csv('${file}')` : `read_json('${file}', format = 'newline_delimited')`;
    await conn.run(`CREATE TABLE t AS SELECT * FROM ${read}`);
    rows = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const m: Measurement = { rows, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(m));
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const formats = (process.argv[3]?.split(',') ?? FORMATS) as Format[];
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-load-bench-'));
  try {
    const files = generate(rows, dir, formats);
    console.log(`load benchmark: ${rows} generated DeviceProcessEvents rows (67 columns), Node ${process.version}`);
    console.log('| format | reader | file MB | wall ms | rows/s (wall) | CPU ms | rows per CPU s | peak RSS MB |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const kind of formats) {
      const readers: Reader[] = kind === 'jsonl' ? ['json-parse-floor', 'loader-main-thread', 'loader', 'duckdb'] : ['loader', 'duckdb'];
      for (const reader of readers) {
        const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--measure', reader, files[kind]], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (child.status !== 0) throw new Error(`${kind} ${reader}: ${child.stderr}`);
        const m = JSON.parse(child.stdout) as Measurement;
        if (m.rows !== rows) throw new Error(`${kind} ${reader}: read ${m.rows} rows, expected ${rows}`);
        const mb = statSync(files[kind]).size / 1e6;
        const perSecond = (ms: number) => Math.round(m.rows / (ms / 1000)).toLocaleString('en-US');
        console.log(`| ${kind} | ${reader} | ${mb.toFixed(0)} | ${m.ms.toFixed(0)} | ${perSecond(m.ms)} | ${m.cpuMs.toFixed(0)} | ${perSecond(m.cpuMs)} | ${m.peakRssMb.toFixed(0)} |`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') measure(process.argv[3] as Reader, process.argv[4]).catch((e) => { process.stderr.write(String(e?.stack ?? e)); process.exit(1); });
else main().catch((e) => { console.error(e); process.exitCode = 1; });
