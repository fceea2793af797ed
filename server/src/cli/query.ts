// `sentinel-rules query "<kql>" --data <path>… [--now ISO] [--format table|json|csv]`: an ad-hoc query on sample
// data with the embedded engine (no rule, no window: every loaded row is visible).
import * as path from 'node:path';
import { compileQuery, QueryError, UnsupportedError, KqlRuntimeError, CancelledError } from '../engine';
import { tableToCsv, tableToJson, tableToText } from '../engine/format';
import { parseDatetime, ticksFromUnixMs } from '../engine/values';
import { loadDataFolders } from '../data';
import { globalsWith, loadCatalogue } from '../kql/catalogue';
import { catalogueSchema } from '../run';
import { latestTimestamp } from '../run/window';
import { defineCommand, UsageError } from './command';

const USAGE = `usage: sentinel-rules query "<kql>" --data <folder or file>… [options]

Runs a KQL query on sample data with the embedded engine. Every loaded row is visible (no rule window).
  --data <path>            a data folder ([prefix.]<Table>.<jsonl|json|csv>[.gz] files) or one data file;
                           repeat or list several after --data
  --now <ISO time>         the time now() and ago() use (default: the latest TimeGenerated/Timestamp in the data)
  --format table|json|csv  (default table)
  --time-budget <ms>       stop a run that takes longer (default 60000)
  --row-budget <rows>      stop a run whose operators produce more rows in total (default 20000000)
  --stats                  print the rows through each pipe stage to stderr
Exit code: 0 when the query ran, 1 when it could not (bad data, query error, unsupported construct), 2 on bad usage.
`;

interface Options { query: string; data: string[]; now?: number; format: 'table' | 'json' | 'csv'; timeBudgetMs: number; rowBudget?: number; stats: boolean }

export const command = defineCommand({
  name: 'query',
  summary: 'run an ad-hoc KQL query on sample data',
  usage: USAGE,
  async run(args) {
    const options = parseArgs(args);
    const catalogue = loadCatalogue([process.cwd()]);
    const data = await loadDataFolders(options.data.map((d) => path.resolve(d)), { schema: catalogueSchema(catalogue) });
    for (const issue of data.issues) {
      if (issue.severity === 'information') continue;
      process.stderr.write(`${issue.file}:${issue.line}:${issue.column}: ${issue.severity}: ${issue.message}\n`);
    }
    if (data.issues.some((i) => i.severity === 'error')) return 1;
    const tables = new Map(data.tables.map((t) => [t.name, t]));
    const globals = globalsWith(catalogue, data.tables.map((t) => ({ name: t.name, columns: t.columns })));
    const now = options.now ?? latestTimestamp(data.tables) ?? ticksFromUnixMs(Date.now());
    try {
      const { table, stats, warnings } = compileQuery(options.query, { globals })
        .runWithStats((n) => tables.get(n), { now, timeBudgetMs: options.timeBudgetMs, rowBudget: options.rowBudget });
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      if (options.stats) for (const s of stats) process.stderr.write(`${s.line}:${s.column} ${s.label}: ${s.rowsIn} → ${s.rowsOut}${s.runs > 1 ? ` (${s.runs} runs)` : ''}\n`);
      if (options.format === 'json') process.stdout.write(JSON.stringify(tableToJson(table), null, 2) + '\n');
      else if (options.format === 'csv') process.stdout.write(tableToCsv(table));
      else process.stdout.write(tableToText(table) + `${table.rows.length} row(s)\n`);
      return 0;
    } catch (e) {
      if (e instanceof QueryError) { process.stderr.write(`query error:\n${e.message}\n`); return 1; }
      if (e instanceof UnsupportedError || e instanceof KqlRuntimeError || e instanceof CancelledError) {
        process.stderr.write(`${e.message}\n`);
        return 1;
      }
      throw e;
    }
  },
});

function parseArgs(args: string[]): Options {
  let query: string | undefined;
  const data: string[] = [];
  let now: number | undefined;
  let format: Options['format'] = 'table';
  let timeBudgetMs = 60_000;
  let rowBudget: number | undefined;
  let stats = false;
  const value = (i: number, flag: string) => {
    if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return args[i + 1];
  };
  const positive = (text: string, flag: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, got '${text}'`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--data') {
      value(i, arg);
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) data.push(args[++i]);
    } else if (arg === '--now') {
      const text = value(i++, arg);
      const t = parseDatetime(text);
      if (t === null) throw new UsageError(`--now: '${text}' is not a datetime (use ISO 8601, e.g. 2020-09-17T22:00:00Z)`);
      now = t;
    } else if (arg === '--format') {
      const f = value(i++, arg);
      if (f !== 'table' && f !== 'json' && f !== 'csv') throw new UsageError(`--format must be table, json or csv, not '${f}'`);
      format = f;
    } else if (arg === '--time-budget') timeBudgetMs = positive(value(i++, arg), arg);
    else if (arg === '--row-budget') rowBudget = positive(value(i++, arg), arg);
    else if (arg === '--stats') stats = true;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (query === undefined) query = arg;
    else throw new UsageError(`unexpected argument '${arg}' (quote the query as one argument)`);
  }
  if (query === undefined) throw new UsageError('the query is missing');
  return { query, data, now, format, timeBudgetMs, rowBudget, stats };
}
