// Running rule tests: find the test files, run every case with the same engine and run semantics as the
// editor and `sentinel-rules run`, compare with the expectations. Data folders shared by cases load once.
import { readFile, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { RuleDocument } from '../core/ruleDocument';
import { isRuleFile } from '../core/ruleFiles';
import type { Range } from '../core/types';
import { loadDataFolders } from '../data';
import type { LoadResult } from '../data';
import { loadCatalogue } from '../kql/catalogue';
import type { Catalogue } from '../kql/catalogue';
import { catalogueSchema, runRuleOnData } from '../run';
import type { RunDiagnostic } from '../run';
import { compareResult } from './compare';
import { TEST_FILE_SUFFIX, parseTestFile, testFilePathFor } from './testFile';
import type { FileDiagnostic, RuleTestFile, TestCase, TestCaseResult, TestRunSummary } from './types';

export interface TestRunOptions {
  catalogue?: Catalogue;
  /** Report rules that have no test file (code SR513) as failures. */
  requireTests?: boolean;
  timeBudgetMs?: number;
  rowBudget?: number;
  /** Called after each case (progress in the editor's Testing view). */
  onResult?: (result: TestCaseResult) => void;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/** Test files under the given files and folders, and the rule files found there (for --require-tests). */
export async function discoverTests(paths: string[]): Promise<{ testFiles: string[]; ruleFiles: string[]; problems: FileDiagnostic[] }> {
  const testFiles = new Set<string>();
  const ruleFiles = new Set<string>();
  const problems: FileDiagnostic[] = [];
  const visit = async (p: string, given: boolean): Promise<void> => {
    let info;
    try { info = await stat(p); } catch {
      problems.push({ code: 'SR511', severity: 'error', message: `no such file or folder: ${p}`, file: p, range: START });
      return;
    }
    if (info.isDirectory()) {
      if (!given && SKIP_DIRS.has(path.basename(p))) return;
      for (const e of (await readdir(p)).sort()) await visit(path.join(p, e), false);
      return;
    }
    if (p.endsWith(TEST_FILE_SUFFIX)) { testFiles.add(p); return; }
    if (!/\.ya?ml$/i.test(p)) return;
    const text = await readFile(p, 'utf8');
    if (!isRuleFile(p, text)) return;
    ruleFiles.add(p);
    if (given && existsSync(testFilePathFor(p))) testFiles.add(testFilePathFor(p));
  };
  for (const p of paths) await visit(path.resolve(p), true);
  return { testFiles: [...testFiles], ruleFiles: [...ruleFiles], problems };
}

export async function runTests(paths: string[], options: TestRunOptions = {}): Promise<TestRunSummary> {
  const started = Date.now();
  const found = await discoverTests(paths);
  const problems = [...found.problems];
  const results: TestCaseResult[] = [];
  const catalogue = options.catalogue ?? loadCatalogue([]);
  const data = new DataCache(catalogue);
  const tested = new Set<string>();
  for (const file of found.testFiles) {
    const parsed = parseTestFile(file, await readFile(file, 'utf8'));
    problems.push(...parsed.problems);
    tested.add(parsed.rule);
    for (const r of await runTestFile(parsed, { ...options, catalogue }, data)) {
      results.push(r);
      options.onResult?.(r);
    }
  }
  if (options.requireTests) {
    for (const rule of found.ruleFiles.filter((r) => !tested.has(r))) {
      problems.push({ code: 'SR513', severity: 'error', message: `rule has no tests (expected ${path.basename(testFilePathFor(rule))})`, file: rule, range: START });
    }
  }
  const count = (s: TestCaseResult['status']) => results.filter((r) => r.status === s).length;
  return { results, problems, passed: count('passed'), failed: count('failed'), errors: count('error'), durationMs: Date.now() - started };
}

/** Runs the cases of one parsed test file (the language server calls this for a Testing-view run). */
export async function runTestFile(parsed: RuleTestFile, options: TestRunOptions = {}, data = new DataCache(options.catalogue ?? loadCatalogue([]))): Promise<TestCaseResult[]> {
  if (parsed.cases.length === 0) return [];
  const rule = new RuleDocument(await readFile(parsed.rule, 'utf8'), parsed.rule);
  const results: TestCaseResult[] = [];
  for (const c of parsed.cases) {
    try {
      results.push(await runCase(parsed, rule, c, options, data));
    } catch (e) {
      // An unexpected failure of one case must not hide the others' results.
      const message = `the case could not run: ${(e as Error).message}`;
      results.push({ file: parsed.file, rule: parsed.rule, name: c.name, range: c.range, status: 'error', mismatches: [], diagnostics: [{ code: 'SR507', severity: 'error', message, file: parsed.file, range: c.range }], durationMs: 0 });
    }
  }
  return results;
}

async function runCase(parsed: RuleTestFile, rule: RuleDocument, c: TestCase, options: TestRunOptions, data: DataCache): Promise<TestCaseResult> {
  const started = Date.now();
  const base = { file: parsed.file, rule: parsed.rule, name: c.name, range: c.range };
  const loaded = await data.load(c.data);
  const run = runRuleOnData(rule, loaded, { now: c.now, window: c.window, catalogue: options.catalogue, timeBudgetMs: options.timeBudgetMs, rowBudget: options.rowBudget });
  const errors = run.diagnostics.filter((d) => d.severity === 'error');
  if (!run.ran || errors.length > 0) {
    return { ...base, status: 'error', mismatches: [], diagnostics: errors.map((d) => located(d, parsed.rule)), durationMs: Date.now() - started, run };
  }
  const mismatches = compareResult(c.expect, run);
  return { ...base, status: mismatches.length ? 'failed' : 'passed', mismatches, diagnostics: [], durationMs: Date.now() - started, run };
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A run diagnostic as a diagnostic on a file: the rule for query problems, the data file for bad cells. */
function located(d: RunDiagnostic, ruleFile: string): FileDiagnostic {
  if (d.location.kind === 'rule') return { code: d.code, severity: d.severity, message: d.message, file: ruleFile, range: d.location.range };
  const pos = { line: d.location.line - 1, character: d.location.column - 1 };
  return { code: d.code, severity: d.severity, message: d.message, file: d.location.file, range: { start: pos, end: pos } };
}

/** Loaded data by folder list, so cases sharing folders load them once per test run. */
export class DataCache {
  private readonly loaded = new Map<string, Promise<LoadResult>>();
  constructor(private readonly catalogue: Catalogue) {}

  load(folders: string[]): Promise<LoadResult> {
    const key = folders.join('\n');
    let p = this.loaded.get(key);
    if (!p) {
      p = loadDataFolders(folders, { schema: catalogueSchema(this.catalogue) });
      this.loaded.set(key, p);
    }
    return p;
  }
}

/**
 * A case's outcome as diagnostics for the editor: a failed case is SR512 on its name in the test file (one per
 * mismatch); a case that could not run keeps its own diagnostics (on the test file, the rule or the data).
 */
export function caseDiagnostics(result: TestCaseResult): FileDiagnostic[] {
  if (result.status === 'error') return result.diagnostics;
  return result.mismatches.map((m) => ({ code: 'SR512', severity: 'error', message: `${result.name}: ${m.message}`, file: result.file, range: result.range }));
}
