// `sentinel-rules run <rule.yaml> --data <path>… [--now ISO] [--window|--no-window] [--format table|json|csv]`:
// the rule's query on sample data with Sentinel's run semantics (window, trigger, alerts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { RuleDocument } from '../core/ruleDocument';
import { parseDatetime } from '../engine/values';
import { runRule } from '../run';
import { runToCsv, runToJson, runToTable } from '../run/report';
import { defineCommand, UsageError } from './command';

const USAGE = `usage: sentinel-rules run <rule.yaml> --data <folder or file>… [options]

Runs the rule's query on sample data the way Microsoft Sentinel would: only rows whose TimeGenerated
(else Timestamp) lies in (now - queryPeriod, now] are visible, the trigger decides whether it fires, and
event grouping makes the alerts (with entities, custom details, filled display names).
  --data <path>          a data folder ([prefix.]<Table>.<jsonl|json|csv>[.gz] files) or one data file;
                         repeat or list several after --data
  --now <ISO time>       the run's now (default: the latest timestamp in the data)
  --window / --no-window apply the queryPeriod window (default) or let the query see every row
  --format table|json|csv  (default table; csv prints the result rows only)
  --sources              also find the sample rows (table, file, line) each result row came from: JSON
                         adds "sources" (one entry per result row), the table format a line per row
  --time-budget <ms>     stop a run that takes longer (default 60000)
  --row-budget <rows>    stop a run whose operators produce more rows in total
Exit code: 0 when the query ran, 1 when it could not (bad data, query error), 2 on bad usage.
`;

interface Options { rule: string; data: string[]; now?: string; window: boolean; format: 'table' | 'json' | 'csv'; timeBudgetMs: number; rowBudget?: number; sources: boolean }

export const command = defineCommand({
  name: 'run',
  summary: 'run a rule on sample data with Sentinel\'s run semantics',
  usage: USAGE,
  async run(args) {
    const options = parseArgs(args);
    let text: string;
    try { text = await readFile(options.rule, 'utf8'); } catch (e) {
      process.stderr.write(`sentinel-rules run: cannot read ${options.rule}: ${(e as Error).message}\n`);
      return 2;
    }
    const rule = new RuleDocument(text, options.rule);
    const result = await runRule(rule, options.data.map((d) => path.resolve(d)), {
      now: options.now, window: options.window, timeBudgetMs: options.timeBudgetMs, rowBudget: options.rowBudget, lineage: options.sources,
    });
    const ruleFile = path.resolve(options.rule);
    if (options.format === 'json') process.stdout.write(JSON.stringify(runToJson(result, ruleFile), null, 2) + '\n');
    else if (options.format === 'csv') process.stdout.write(runToCsv(result));
    else process.stdout.write(runToTable(result, ruleFile));
    if (options.format === 'csv') {
      for (const d of result.diagnostics.filter((x) => x.severity === 'error')) process.stderr.write(`${d.code}: ${d.message}\n`);
    }
    return result.ran ? 0 : 1;
  },
});

function parseArgs(args: string[]): Options {
  let rule: string | undefined;
  const data: string[] = [];
  let now: string | undefined;
  let window = true;
  let format = 'table';
  let timeBudgetMs = 60_000;
  let rowBudget: number | undefined;
  let sources = false;
  const value = (i: number, flag: string) => {
    if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return args[i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--data') {
      value(i, '--data');
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) data.push(args[++i]);
    } else if (arg === '--now') now = value(i++, arg);
    else if (arg === '--window') window = true;
    else if (arg === '--no-window') window = false;
    else if (arg === '--format') format = value(i++, arg);
    else if (arg === '--time-budget') timeBudgetMs = positive(value(i++, arg), arg);
    else if (arg === '--row-budget') rowBudget = positive(value(i++, arg), arg);
    else if (arg === '--sources') sources = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (rule === undefined) rule = arg;
    else throw new UsageError(`one rule file at a time (got '${rule}' and '${arg}'); use --data before data folders`);
  }
  if (!rule) throw new UsageError('give the rule file to run');
  if (data.length === 0) throw new UsageError('give the sample data with --data <folder>');
  if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be table, json or csv, not '${format}'`);
  if (sources && format === 'csv') throw new UsageError('--sources needs --format json or table (csv holds the result rows only)');
  if (now !== undefined && parseDatetime(now) === null) throw new UsageError(`--now '${now}' is not a datetime (use ISO 8601, e.g. 2020-09-17T22:00:00Z)`);
  return { rule, data, now, window, format, timeBudgetMs, rowBudget, sources };
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive integer, not '${text}'`);
  return n;
}
