// `sentinel-rules test [files or folders…] [--reporter text|json|junit] [--require-tests] [--output file]`:
// runs the cases of every <Rule>.tests.yaml found; exit code 1 on any failure.
import { writeFile } from 'node:fs/promises';
import { runTests } from '../ruletest/runner';
import { formatText } from '../ruletest/reporters/text';
import { formatJson } from '../ruletest/reporters/json';
import { formatJunit } from '../ruletest/reporters/junit';
import { defineCommand, UsageError } from './command';

const USAGE = `usage: sentinel-rules test [files or folders…] [options]

Runs rule tests: every <Rule>.tests.yaml under the given folders (default: the current folder), or the
test files of the given rule files. Each case runs the rule on its data folders with Sentinel's run
semantics and compares count, fires, alerts, rows and entities with its expectations.
  --reporter text|json|junit   output format (default text)
  --output <file>              write the report to a file instead of stdout
  --require-tests              fail for every rule file found that has no test file
  --time-budget <ms>           per-case run time budget (default 60000)
Exit code: 1 when a case failed or could not run (or a rule has no tests with --require-tests), 0 otherwise,
2 on bad usage.
`;

const REPORTERS = { text: formatText, json: formatJson, junit: formatJunit } as const;

export const command = defineCommand({
  name: 'test',
  summary: 'run rule tests (<Rule>.tests.yaml) on their sample data',
  usage: USAGE,
  async run(args) {
    const options = parseArgs(args);
    const summary = await runTests(options.paths, { requireTests: options.requireTests, timeBudgetMs: options.timeBudgetMs });
    const report = REPORTERS[options.reporter](summary);
    if (options.output) await writeFile(options.output, report);
    else process.stdout.write(report);
    const problems = summary.problems.filter((p) => p.severity === 'error').length;
    return summary.failed + summary.errors + problems > 0 ? 1 : 0;
  },
});

function parseArgs(args: string[]) {
  const paths: string[] = [];
  let reporter = 'text';
  let output: string | undefined;
  let requireTests = false;
  let timeBudgetMs = 60_000;
  const value = (i: number, flag: string) => {
    if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return args[i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--reporter') reporter = value(i++, arg);
    else if (arg.startsWith('--reporter=')) reporter = arg.slice('--reporter='.length);
    else if (arg === '--output') output = value(i++, arg);
    else if (arg === '--require-tests') requireTests = true;
    else if (arg === '--time-budget') {
      timeBudgetMs = Number(value(i++, arg));
      if (!Number.isInteger(timeBudgetMs) || timeBudgetMs <= 0) throw new UsageError('--time-budget must be a positive integer');
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (!(reporter in REPORTERS)) throw new UsageError(`--reporter must be text, json or junit, not '${reporter}'`);
  return { paths: paths.length ? paths : ['.'], reporter: reporter as keyof typeof REPORTERS, output, requireTests, timeBudgetMs };
}
