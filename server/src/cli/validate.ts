// `sentinel-rules validate <files or folders…> [--format text|json]`: every registered rule feature over the
// given rule files, as a text report (1-based file:line:col) or JSON (0-based LSP ranges).
import { analyzeRule } from '../core/features';
import { RuleDocument } from '../core/ruleDocument';
import type { RuleDiagnostic } from '../core/types';
import { holdWorkspaceScan } from '../kql/catalogue';
import { defaultCacheFile, openAnalysisStore, useAnalysisStore } from '../kusto/analysisStore';
import { indexRuleFileName, indexRuleId } from '../validation/ruleIds';
import { defineCommand, UsageError } from './command';
import { collectRuleFiles } from './files';

const USAGE = `usage: sentinel-rules validate <files or folders…> [--format text|json] [--attack-compatibility attack|sentinel-ci] [--kql-best-practices] [--no-cache] [--cache-location <file>]

Checks analytic rule YAML files the way the Azure-Sentinel CI does (and more).
Folders are searched recursively for rule files.
  --format text   file:line:col severity code message (default)
  --format json   [{ "file", "diagnostics": [{ "code", "severity", "message", "range" }] }], 0-based positions
  --attack-compatibility sentinel-ci   also flag techniques the Azure-Sentinel CI's older map rejects (SR430)
  --kql-best-practices                 report Kusto's best-practice suggestions (KS5xx) as information
  --no-cache                           analyse every query anew, without reading or writing the cache
  --cache-location <file>              the cache file (default: ${defaultCacheFile()})
The options match the editor settings sentinelRules.attack.compatibility and sentinelRules.kql.bestPractices.
Kusto's analysis of each query is cached between runs, keyed by the query text, the table catalogue and the
Kusto.Language version (like eslint --cache); a rebuilt or upgraded sentinel-rules starts a new cache.
Exit code: 1 when an error was found, 0 otherwise, 2 on bad usage.
`;

/** Progress goes to stderr once a run has this many files. */
const PROGRESS_FROM = 50;
const PROGRESS_EVERY = 50;

interface Options { paths: string[]; format: 'text' | 'json'; settings: Record<string, unknown>; cacheFile: string | undefined }

export interface FileReport { file: string; diagnostics: RuleDiagnostic[] }

export const command = defineCommand({
  name: 'validate',
  summary: 'check rule files like the Azure-Sentinel CI does',
  usage: USAGE,
  async run(args) {
    const options = parseArgs(args);
    const store = options.cacheFile === undefined ? undefined : openAnalysisStore(options.cacheFile);
    useAnalysisStore(store);
    let reports: FileReport[];
    try {
      reports = await validateFiles(options.paths, options.settings, (done, total) => {
        if (total >= PROGRESS_FROM && (done % PROGRESS_EVERY === 0 || done === total)) process.stderr.write(`validated ${done}/${total} files\n`);
      });
    } finally {
      useAnalysisStore(undefined);
    }
    if (store && reports.length >= PROGRESS_FROM) process.stderr.write(`queries: ${store.hits} analyses from the cache, ${store.misses} new (${store.file})\n`);
    const unsaved = store?.save();
    if (unsaved) process.stderr.write(`sentinel-rules validate: ${unsaved} (the results are not affected)\n`);
    if (reports.length === 0) process.stderr.write('sentinel-rules validate: no rule files found in the given paths\n');
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(reports.map(toJson), null, 2)}\n` : textReport(reports));
    return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
  },
});

function parseArgs(args: string[]): Options {
  const paths: string[] = [];
  let format: string = 'text';
  const settings: Record<string, unknown> = {};
  let cacheFile: string | undefined = defaultCacheFile();
  let noCache = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--no-cache') noCache = true;
    else if (arg === '--cache-location') {
      if (i + 1 >= args.length || args[i + 1].startsWith('-')) throw new UsageError('--cache-location needs a file path');
      cacheFile = args[++i];
    } else if (arg === '--attack-compatibility') {
      const mode = args[++i];
      if (mode !== 'attack' && mode !== 'sentinel-ci') throw new UsageError(`--attack-compatibility must be attack or sentinel-ci, not '${mode ?? ''}'`);
      settings['attack.compatibility'] = mode;
    } else if (arg === '--kql-best-practices') settings['kql.bestPractices'] = true;
    else if (arg === '--format') {
      if (i + 1 >= args.length) throw new UsageError('--format needs a value: text or json');
      format = args[++i];
    } else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (paths.length === 0) throw new UsageError('give at least one rule file or folder');
  return { paths, format, settings, cacheFile: noCache ? undefined : cacheFile };
}

/**
 * Validates rule files with every registered feature. The duplicate-id and duplicate-file-name checks see
 * all the given files. Files are named as found from the paths given (relative stays relative).
 */
export async function validateFiles(
  paths: string[], settings: Record<string, unknown> = {}, progress?: (done: number, total: number) => void,
): Promise<FileReport[]> {
  const files = await collectRuleFiles(paths);
  const rules = files.map((f) => new RuleDocument(f.text, f.path));
  const ruleIds = new Map<string, string[]>();
  const ruleFileNames = new Map<string, string[]>();
  for (const rule of rules) {
    indexRuleId(ruleIds, rule);
    indexRuleFileName(ruleFileNames, rule);
  }
  const reports: FileReport[] = [];
  // The declaration and sample folders do not change during the run: scan them once, not before every rule.
  const releaseScan = holdWorkspaceScan();
  try {
    for (const rule of rules) {
      reports.push({ file: rule.uri, diagnostics: await analyzeRule(rule, { roots: [process.cwd()], ruleIds, ruleFileNames, settings }) });
      progress?.(reports.length, rules.length);
    }
  } finally {
    releaseScan();
  }
  return reports;
}

function textReport(reports: FileReport[]): string {
  const lines: string[] = [];
  const count = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) {
      count[d.severity]++;
      lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`);
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`${plural(reports.length, 'file')} checked: ${plural(count.error, 'error')}, ${plural(count.warning, 'warning')}, ${count.information} information.`);
  return `${lines.join('\n')}\n`;
}

function toJson({ file, diagnostics }: FileReport) {
  return { file, diagnostics: diagnostics.map(({ code, severity, message, range }) => ({ code, severity, message, range })) };
}
