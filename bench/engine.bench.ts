// Engine benchmark: the seed rule (FalconFriday DCOMLateralMovement) on generated MDE-like data of 100k and
// 1M rows, against DuckDB running an equivalent SQL on the same JSON-lines files. Reports load time (and
// rows/s), query time, peak RSS and the ratios. Each measurement runs in its own process, so peak RSS is its own.
// The engine's process runs this file bundled with esbuild as the product ships (dist/cli.js, dist/server.js),
// not under tsx. Each side runs the query QUERY_RUNS times on data loaded once (the editor re-runs a rule in a
// warm server): the first run (with the JIT's warm-up) and the median are both reported, with both ratios.
//
// Data: the OTRF DCOM episode (77 DeviceNetworkEvents + 17 DeviceProcessEvents rows, testdata/sample-data/
// otrf-dcom) replayed once per hour on 2,000 devices (new DeviceId/DeviceName, shifted times), plus one boot
// anchor per device, with the columns the rule reads and a few more (20 per table).
// Usage: npx tsx bench/engine.bench.ts [rows…]   (default 100000 1000000)
//        npx tsx bench/engine.bench.ts --generate ROWS DIR; then [node --cpu-prof] … --child engine|duckdb DIR
//        (that child runs under tsx; the bundle the bench runs lives in the OS temp folder while it runs)
//        SR_PARSE_THREADS=N (environment): the loader's parse threads, whatever the machine's load (0 = none)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const OTRF = path.join(ROOT, 'testdata/sample-data/otrf-dcom');
const RULE = path.join(ROOT, 'testdata/rules/DCOMLateralMovement.yaml');
const DEVICES = 2000;
/** Query runs per side on data loaded once: the first includes the JIT's warm-up, the others are warm. */
const QUERY_RUNS = 3;

const NET_COLUMNS = ['Timestamp', 'DeviceId', 'DeviceName', 'ActionType', 'RemoteIP', 'RemotePort', 'LocalIP', 'LocalPort', 'Protocol',
  'InitiatingProcessFileName', 'InitiatingProcessId', 'InitiatingProcessCommandLine', 'InitiatingProcessParentFileName',
  'InitiatingProcessParentId', 'InitiatingProcessAccountName', 'InitiatingProcessAccountDomain', 'InitiatingProcessFolderPath',
  'InitiatingProcessCreationTime', 'ReportId', 'AdditionalFields'];
const PROC_COLUMNS = ['Timestamp', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'ProcessId', 'ProcessCommandLine',
  'ProcessCreationTime', 'AccountName', 'AccountDomain', 'InitiatingProcessFileName', 'InitiatingProcessId',
  'InitiatingProcessCommandLine', 'InitiatingProcessParentFileName', 'InitiatingProcessParentId', 'InitiatingProcessFolderPath',
  'InitiatingProcessCreationTime', 'ReportId', 'AdditionalFields'];

const readRows = (file: string) => readFileSync(path.join(OTRF, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const pick = (row: Record<string, unknown>, columns: string[]) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));
const shift = (iso: unknown, ms: number) => (typeof iso === 'string' ? new Date(Date.parse(iso) + ms).toISOString().replace('Z', '0000Z') : iso);

/** Writes about `rows` rows into dir (streamed: 1M rows of JSON do not fit one string); returns the row count per table. */
function generate(rows: number, dir: string): { net: number; proc: number } {
  const net = readRows('otrf_covenant_dcom_executeexcel4macro_allowed.DeviceNetworkEvents.jsonl');
  const proc = readRows('otrf_covenant_dcom_executeexcel4macro_allowed.DeviceProcessEvents.jsonl');
  const boot = readRows('synthetic_boot_anchor.DeviceProcessEvents.jsonl')[0];
  const episodes = Math.max(1, Math.ceil((rows - DEVICES) / (net.length + proc.length)));
  mkdirSync(dir, { recursive: true });
  const netFile = openSync(path.join(dir, 'bench.DeviceNetworkEvents.jsonl'), 'w');
  const procFile = openSync(path.join(dir, 'bench.DeviceProcessEvents.jsonl'), 'w');
  let netCount = 0;
  let procCount = 0;
  const put = (fd: number, row: Record<string, unknown>) => writeSync(fd, JSON.stringify(row) + '\n');
  for (let d = 0; d < Math.min(DEVICES, episodes); d++) {
    put(procFile, { ...pick(boot, PROC_COLUMNS), DeviceId: `dev${d}`, DeviceName: `host${d}.contoso.local` });
    procCount++;
  }
  for (let e = 0; e < episodes; e++) {
    const d = e % DEVICES;
    const ms = Math.floor(e / DEVICES) * 3_600_000;
    const device = { DeviceId: `dev${d}`, DeviceName: `host${d}.contoso.local` };
    for (const r of net) put(netFile, { ...pick(r, NET_COLUMNS), ...device, Timestamp: shift(r.Timestamp, ms), ReportId: netCount++ });
    for (const r of proc) {
      put(procFile, {
        ...pick(r, PROC_COLUMNS), ...device, Timestamp: shift(r.Timestamp, ms),
        ProcessCreationTime: shift(r.ProcessCreationTime, ms), ReportId: procCount++,
      });
    }
  }
  closeSync(netFile);
  closeSync(procFile);
  return { net: netCount, proc: procCount };
}

/** queryMs/queryCpuMs: one entry per query run, in order. */
interface Measurement { loadMs: number; loadCpuMs: number; rows: number; queryMs: number[]; queryCpuMs: number[]; resultRows: number; resultDigest: string; peakRssMb: number }

/**
 * A digest of a result, the same for the engine and DuckDB when their rows are the same: each row as text
 * (datetimes as ISO to the microsecond, DuckDB's precision; the set sorted), rows sorted, then hashed.
 */
function digest(rows: unknown[][]): string {
  const lines = rows.map((r) => JSON.stringify(r)).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** CPU time (user + system, all threads) of this process in ms: wall time alone misleads on a shared machine. */
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/**
 * Runs the query QUERY_RUNS times (only `run` is timed); each run's rows, as `digestOf` makes them, must be the
 * same as the first run's.
 */
async function timeRuns<T>(run: () => T | Promise<T>, digestOf: (result: T) => { rows: number; digest: string }):
    Promise<Pick<Measurement, 'queryMs' | 'queryCpuMs' | 'resultRows' | 'resultDigest'>> {
  const queryMs: number[] = [];
  const queryCpuMs: number[] = [];
  let first: { rows: number; digest: string } | undefined;
  for (let i = 1; i <= QUERY_RUNS; i++) {
    const t = performance.now();
    const c = cpuMs();
    const result = await run();
    queryCpuMs.push(cpuMs() - c);
    queryMs.push(performance.now() - t);
    const rows = digestOf(result);
    if (first && rows.digest !== first.digest) throw new Error(`query run ${i} gave other rows than run 1 (${rows.rows} against ${first.rows})`);
    first ??= rows;
  }
  return { queryMs, queryCpuMs, resultRows: first!.rows, resultDigest: first!.digest };
}

/** Child: the embedded engine (the sample-data loader, then the compiled query). */
async function measureEngine(dir: string, rule: string): Promise<Measurement> {
  const { parseDocument } = await import('yaml');
  const { loadDataFolders } = await import('../server/src/data');
  const { loadCatalogue, globalsWith } = await import('../server/src/kql/catalogue');
  const { catalogueSchema } = await import('../server/src/run');
  const { compileQuery } = await import('../server/src/engine');
  const { latestTimestamp } = await import('../server/src/run/window');
  const catalogue = loadCatalogue([]);
  const t0 = performance.now();
  const c0 = cpuMs();
  // SR_PARSE_THREADS=N gives the loader N parse threads whatever the load (0: main thread only); unset: its default.
  const threads = process.env.SR_PARSE_THREADS;
  const data = await loadDataFolders([dir], { schema: catalogueSchema(catalogue), parseThreads: threads ? { threads: Number(threads) } : undefined });
  const loadMs = performance.now() - t0;
  const loadCpuMs = cpuMs() - c0;
  const errors = data.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new Error(`load errors: ${errors.slice(0, 3).map((i) => i.message).join('; ')}`);
  const tables = new Map(data.tables.map((t) => [t.name, t]));
  const query = String(parseDocument(readFileSync(rule, 'utf8')).get('query'));
  const compiled = compileQuery(query, { globals: globalsWith(catalogue, data.tables.map((t) => ({ name: t.name, columns: t.columns }))) });
  const { formatDatetime } = await import('../server/src/engine/values');
  const micros = (v: unknown) => (typeof v === 'number' ? formatDatetime(v).slice(0, 26) + 'Z' : null);
  const options = { now: latestTimestamp(data.tables)!, rowBudget: 100_000_000 };
  const runs = await timeRuns(() => compiled.run((n) => tables.get(n), options), (result) => ({
    rows: result.rows.length,
    digest: digest(result.rows.map((r) => r.map((v, i) => {
      const type = result.columns[i].type;
      if (type === 'datetime') return micros(v);
      if (Array.isArray(v)) return v.map(String).sort();
      return v === null ? null : String(v);
    }))),
  }));
  return { loadMs, loadCpuMs, rows: data.tables.reduce((s, t) => s + t.rows.length, 0), ...runs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** The seed rule in DuckDB SQL, step for step (KQL datetime_diff(p, a, b) = date_diff(p, b, a); `has` ≈ a word match). */
const SQL = `
WITH rpc AS (
  SELECT time_bucket(INTERVAL 5 SECOND, Timestamp) AS TimestampNetwEvent, Timestamp AS TimestampNetwEventExact, DeviceId, DeviceName,
         InitiatingProcessId AS RPCHostID, InitiatingProcessFileName AS RPCHostFileName, LocalIP, RemoteIP
  FROM net
  WHERE lower(InitiatingProcessFileName) = 'svchost.exe' AND regexp_matches(InitiatingProcessCommandLine, '(?i)(^|[^a-z0-9])rpcss($|[^a-z0-9])')
    AND LocalPort = 135 AND lower(LocalIP) <> lower(RemoteIP) AND ActionType <> 'ListeningConnectionCreated'),
dcom AS (
  SELECT time_bucket(INTERVAL 5 SECOND, Timestamp) AS TimestampProcEvent, Timestamp AS TimestampProcEventExact, DeviceId, DeviceName,
         InitiatingProcessId AS DCOMHostPID, InitiatingProcessFileName AS DCOMHostFileName, ProcessId AS DCOMPID, FileName AS DCOMFileName,
         ProcessCommandLine AS DCOMCmdLine
  FROM proc
  WHERE lower(InitiatingProcessFileName) = 'svchost.exe' AND regexp_matches(InitiatingProcessCommandLine, '(?i)(^|[^a-z0-9])dcomlaunch($|[^a-z0-9])')),
boot AS (SELECT DeviceId, max(Timestamp) AS LastBootTime FROM proc WHERE lower(FileName) = 'services.exe' GROUP BY DeviceId),
remote AS (
  SELECT r.TimestampNetwEventExact, r.LocalIP, r.RemoteIP, d.*, b.LastBootTime
  FROM rpc r JOIN dcom d ON r.DeviceId = d.DeviceId LEFT JOIN boot b ON r.DeviceId = b.DeviceId
  WHERE d.TimestampProcEvent > b.LastBootTime + INTERVAL 5 MINUTE
    AND date_diff('second', r.TimestampNetwEventExact, d.TimestampProcEventExact) BETWEEN 0 AND 2
    AND lower(d.DCOMFileName) NOT IN ('tiworker.exe', 'dllhost.exe', 'backgroundtaskhost.exe', 'mobsync.exe', 'wmiprvse.exe', 'runtimebroker.exe',
      'smartscreen.exe', 'sppextcomobj.exe', 'usocoreworker.exe', 'browser_broker.exe', 'ssoncom.exe'))
SELECT r.TimestampNetwEventExact, r.TimestampProcEventExact, r.DeviceId, r.DeviceName, p.InitiatingProcessId, r.LocalIP, r.RemoteIP,
       r.LastBootTime, r.DCOMCmdLine, list(DISTINCT p.ProcessCommandLine) AS set_ProcessCommandLine
FROM remote r JOIN proc p ON r.DCOMHostPID = p.InitiatingProcessParentId AND r.DeviceId = p.DeviceId AND r.DCOMPID = p.InitiatingProcessId
WHERE lower(p.InitiatingProcessParentFileName) = 'svchost.exe' AND p.InitiatingProcessFileName IN (SELECT DCOMFileName FROM remote)
  AND lower(p.InitiatingProcessFileName) = lower(r.DCOMFileName) AND lower(p.FileName) <> 'csc.exe'
GROUP BY ALL`;

/** Child: DuckDB reading the same files with its JSON reader, then the SQL. */
async function measureDuckDb(dir: string): Promise<Measurement> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const t0 = performance.now();
  const c0 = cpuMs();
  for (const [name, table] of [['net', 'DeviceNetworkEvents'], ['proc', 'DeviceProcessEvents']]) {
    // Its reader leaves 7-digit ISO fractions as text: the time column is cast while loading (as the engine types it).
    await conn.run(`CREATE TABLE ${name} AS SELECT * REPLACE (CAST(Timestamp AS TIMESTAMP) AS Timestamp) FROM read_json('${path.join(dir, `bench.${table}.jsonl`)}', format = 'newline_delimited')`);
  }
  const loadMs = performance.now() - t0;
  const loadCpuMs = cpuMs() - c0;
  const count = await conn.runAndReadAll('SELECT (SELECT count(*) FROM net) + (SELECT count(*) FROM proc)');
  // Runs after the first must give as many rows; the rows themselves are checked once, after the timed runs, by
  // running the query again as text the engine's rows are also turned into.
  const runs = await timeRuns(() => conn.runAndReadAll(SQL), (result) => ({ rows: result.getRows().length, digest: String(result.getRows().length) }));
  const ts = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  const text = await conn.runAndReadAll(`SELECT ${ts('TimestampNetwEventExact')}, ${ts('TimestampProcEventExact')}, DeviceId, DeviceName,
    CAST(InitiatingProcessId AS VARCHAR), LocalIP, RemoteIP, ${ts('LastBootTime')}, DCOMCmdLine, list_sort(set_ProcessCommandLine) FROM (${SQL})`);
  runs.resultDigest = digest(text.getRowsJson() as unknown[][]);
  return { loadMs, loadCpuMs, rows: Number(count.getRows()[0][0]), ...runs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/**
 * Bundles this file into `dir` with the options scripts/build.mjs bundles the CLI and the server with, for the engine's child to run as shipped. DuckDB's package and esbuild stay outside: the engine's
 * child never loads them. The loader's parse thread is bundled next to it, as dist/jsonLinesWorker.js ships.
 */
async function bundleSelf(dir: string): Promise<string> {
  const { build } = await import('esbuild');
  const { bundleOptions, parseThreadEntry } = await import('../scripts/bundleOptions.mjs');
  const outfile = path.join(dir, 'engine.bench.js');
  await build({ ...bundleOptions, entryPoints: [__filename], outfile, external: ['@duckdb/node-api', 'esbuild'] });
  await build({ ...bundleOptions, entryPoints: [path.join(ROOT, parseThreadEntry)], outfile: path.join(dir, 'jsonLinesWorker.js') });
  return outfile;
}

/** Runs one side in its own process: the engine from `bundle` (plain node), DuckDB under this process's tsx. */
function child(kind: 'engine' | 'duckdb', dir: string, bundle: string): Measurement {
  const command = kind === 'engine' ? [bundle, '--child', kind, dir, RULE] : [...process.execArgv, __filename, '--child', kind, dir];
  const r = spawnSync(process.execPath, command, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${kind} run failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--generate') {
    // Leaves the data in a folder, to profile one side alone: `--generate 1000000 DIR`, then `--child engine DIR`.
    console.log(JSON.stringify(generate(Number(args[1]), args[2])));
    return;
  }
  if (args[0] === '--child') {
    // The bundle is not next to the repository: the engine's child is given the rule's path.
    const m = args[1] === 'engine' ? await measureEngine(args[2], args[3] ?? RULE) : await measureDuckDb(args[2]);
    process.stdout.write(JSON.stringify(m) + '\n');
    return;
  }
  const sizes = args.length ? args.map(Number) : [100_000, 1_000_000];
  const base = path.join(tmpdir(), `sentinel-rules-engine-bench-${process.pid}`);
  const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  /** "wall (CPU)" of the first run or of the median run (medians of wall and of CPU taken apart). */
  const first = (m: Measurement) => `${fmt(m.queryMs[0])} (${fmt(m.queryCpuMs[0])})`;
  const mid = (m: Measurement) => `${fmt(median(m.queryMs))} (${fmt(median(m.queryCpuMs))})`;
  /** "wall (CPU)" engine / DuckDB, saying which of the two is over the 3× target. */
  const ratio = (e: Measurement, d: Measurement, pick: (ms: number[]) => number) => {
    const wall = pick(e.queryMs) / pick(d.queryMs);
    const cpu = pick(e.queryCpuMs) / pick(d.queryCpuMs);
    const over = wall > 3 && cpu > 3 ? ', over 3×' : wall > 3 ? ', wall over 3×' : cpu > 3 ? ', CPU over 3×' : '';
    return `${fmt(wall, 2)} (${fmt(cpu, 2)})${over}`;
  };
  const runs: string[] = [];
  console.log(`Query: ${QUERY_RUNS} runs per side on data loaded once; "first" includes the JIT's warm-up, "median" is the median of the ${QUERY_RUNS}. Ratios are engine / DuckDB, wall (CPU).\n`);
  console.log('| rows | load avg | engine load ms (CPU ms; rows/s) | DuckDB load ms (CPU ms; rows/s) | load rows/s ratio | engine query first ms (CPU) | engine query median ms (CPU) | DuckDB query first ms (CPU) | DuckDB query median ms (CPU) | query ratio first (CPU) | query ratio median (CPU) | result rows (engine = DuckDB) | engine peak RSS MB | DuckDB peak RSS MB |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  try {
    mkdirSync(base, { recursive: true });
    const bundle = await bundleSelf(base);
    for (const size of sizes) {
      const dir = path.join(base, String(size));
      generate(size, dir);
      const e = child('engine', dir, bundle);
      const d = child('duckdb', dir, bundle);
      if (e.resultDigest !== d.resultDigest) {
        throw new Error(`at ${size} rows the engine and DuckDB give different rows (digests ${e.resultDigest} and ${d.resultDigest}; ${e.resultRows} and ${d.resultRows} rows)`);
      }
      const eRate = e.rows / (e.loadMs / 1000);
      const dRate = d.rows / (d.loadMs / 1000);
      console.log(`| ${fmt(e.rows)} | ${fmt(loadavg()[0], 1)} | ${fmt(e.loadMs)} (${fmt(e.loadCpuMs)}; ${fmt(eRate)}) | ${fmt(d.loadMs)} (${fmt(d.loadCpuMs)}; ${fmt(dRate)}) | ${fmt(eRate / dRate, 2)} | ${first(e)} | ${mid(e)} | ${first(d)} | ${mid(d)} | ${ratio(e, d, (ms) => ms[0])} | ${ratio(e, d, median)} | ${e.resultRows} | ${fmt(e.peakRssMb)} | ${fmt(d.peakRssMb)} |`);
      const each = (m: Measurement) => m.queryMs.map((ms, i) => `${fmt(ms)} (${fmt(m.queryCpuMs[i])})`).join(', ');
      runs.push(`${fmt(e.rows)} rows: engine ${each(e)}; DuckDB ${each(d)}`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    if (existsSync(base)) rmSync(base, { recursive: true, force: true });
  }
  console.log(`\nEvery query run, wall ms (CPU ms):\n${runs.map((r) => `- ${r}`).join('\n')}`);
  console.log(`\nThe engine runs as an esbuild bundle of this file (as dist/ ships it), DuckDB through @duckdb/node-api. DuckDB threads: default (${availableParallelism()} cores); the engine's loader parses JSON lines on 2 worker threads (data/parallel), its query runs on one. Load = JSON lines → in-memory tables (engine: typed by the catalogue). Load avg: the 1-minute average after the size's runs.`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
