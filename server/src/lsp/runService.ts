// The editor side of running rules (issue 6): the runRule / dataSources / chooseDataSource / createTest
// requests, re-runs on save and on data changes, and what a run adds to the views (lenses, inlay hints,
// diagnostics on the rule and on sample files). Runs themselves are the core's (run/, ruletest/).
import { readFile } from 'node:fs/promises';
import type { CodeLens, Diagnostic, InlayHint } from 'vscode-languageserver/node';
import { runToJson } from '../run/report';
import type { RunJson, RunRuleResponse, SourceRowsResponse } from './protocol';
import { combinedSources } from '../run/rowSources';
import { appendCase, caseFromRun } from '../ruletest/createCase';
import { testFilePathFor } from '../ruletest/testFile';
import { describeError, type Logger } from './guard';
import { pathToUri, uriToPath } from './paths';
import { RunCancelledError } from './runWorker';
import { dataRunDiagnostics, ruleRunDiagnostics, runLenses, runSummary, stageHints } from './runPresentation';
import { NoDataError, RuleRuns, type RuleRun, type RuleRunner, type RunRequestOptions } from './ruleRuns';
import type { RuleLanguageService } from './ruleLanguageService';

export interface RunViewsSink {
  /** Asks the client to re-query code lenses and inlay hints. */
  refreshViews(): void;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** Tells the client a run finished (requested or automatic), for its results view and status. */
  runFinished(response: RunRuleResponse): void;
  log: Logger;
}

export class RunService {
  readonly runs: RuleRuns;
  /** Rule uri -> the sample files its last run reported problems on (cleared by its next run). */
  private readonly dataDiagnosticUris = new Map<string, Set<string>>();

  constructor(private readonly rules: RuleLanguageService, private readonly sink: RunViewsSink, runner: RuleRunner,
    settings: () => { sampleData: string[] }) {
    this.runs = new RuleRuns(runner, () => rules.roots, () => settings().sampleData);
  }

  /** Runs an open rule; problems of the run land in its diagnostics and the views refresh. */
  async run(uri: string, options: RunRequestOptions = {}): Promise<RunRuleResponse> {
    const target = this.rules.ruleAt(uri);
    if (!target) throw new Error(`${uri} is not an open rule file`);
    const run = await this.runs.run(uri, target.rule, target.version, options);
    const response: RunRuleResponse = {
      uri, summary: runSummary(run.result), dataSource: run.source, version: run.version, result: runToJson(run.result, uriToPath(uri) ?? uri) as RunJson,
    };
    this.showRun(run);
    this.sink.runFinished(response);
    return response;
  }

  /** Re-runs a rule after a save or a data change, when it has data; failures are logged, never thrown. */
  async rerun(uri: string, why: string): Promise<void> {
    if (!this.rules.ruleAt(uri) || !this.runs.sourceOf(uri)) return;
    try {
      await this.run(uri);
    } catch (err) {
      if (!(err instanceof NoDataError) && !(err instanceof RunCancelledError)) this.sink.log(`re-run of ${uri} after ${why} failed: ${describeError(err)}`);
    }
  }

  /** Sample files changed on disk: the rules that read them run again. */
  dataChanged(uri: string): void {
    for (const rule of this.runs.rulesReading(uri)) void this.rerun(rule, 'a data change');
  }

  isRule(uri: string): boolean {
    return this.rules.ruleAt(uri) !== undefined;
  }

  closed(uri: string): void {
    this.runs.forget(uri);
  }

  lenses(uri: string): CodeLens[] {
    const target = this.rules.ruleAt(uri);
    return target ? runLenses(target.rule, uri, target.version, this.runs.lastRun(uri)) : [];
  }

  hints(uri: string): InlayHint[] {
    const target = this.rules.ruleAt(uri);
    const run = this.runs.lastRun(uri);
    return target && run ? stageHints(run, target.version) : [];
  }

  /** Diagnostics of the last run that belong to this version of the rule. */
  diagnosticsFor(uri: string, version: number): Diagnostic[] {
    const run = this.runs.lastRun(uri);
    return run && run.version === version ? ruleRunDiagnostics(run.result) : [];
  }

  /**
   * The sample rows result row `row` (or every result row of alert `alert`) of the last run came from, found
   * by running the last run again with lineage on.
   */
  async sourceRows(uri: string, which: { row?: number; alert?: number }): Promise<SourceRowsResponse> {
    const last = this.runs.lastRun(uri)?.result;
    if (!last?.ran) throw new Error('run the rule first: source rows are those of its last completed run');
    const rows = which.alert !== undefined ? last.alerts[which.alert]?.resultRows : Number.isInteger(which.row) && which.row! >= 0 && which.row! < last.rows.length ? [which.row!] : undefined;
    if (!rows) throw new Error(`the last run has no ${which.alert !== undefined ? `alert ${which.alert + 1}` : `result row ${(which.row ?? -1) + 1}`}`);
    const again = await this.runs.lineageRun(uri);
    // Same text, data and now give the same rows; files edited since the run may not.
    if (!again.ran || !again.sources || again.rows.length !== last.rows.length) {
      throw new Error('the sample data changed since the last run: run the rule again');
    }
    const found = combinedSources(again.sources, rows);
    if (!found) return { known: false, rows: [], total: 0 };
    return { known: true, rows: found.rows.map((r) => ({ ...r, uri: pathToUri(r.file) })), total: found.total };
  }

  /** A test case pinning the last run's results, appended to the rule's test file: the file and its new text. */
  async createTest(uri: string, name: string): Promise<{ testFile: string; text: string }> {
    const run = this.runs.lastRun(uri);
    const path = uriToPath(uri);
    if (!run || !path) throw new Error('run the rule first: the test pins the results of its last run');
    if (!run.result.ran) throw new Error(`the last run did not complete (${runSummary(run.result)}); fix it before pinning its results`);
    const testFile = testFilePathFor(path);
    const existing = await readFile(testFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    return { testFile, text: appendCase(existing, caseFromRun(run.result, { name, data: run.source.paths, testFile })) };
  }

  private showRun(run: RuleRun): void {
    this.rules.recheck(run.uri);
    const byFile = dataRunDiagnostics(run.result);
    for (const uri of this.dataDiagnosticUris.get(run.uri) ?? []) if (!byFile.has(uri)) this.sink.publish(uri, []);
    for (const [uri, ds] of byFile) this.sink.publish(uri, ds);
    this.dataDiagnosticUris.set(run.uri, new Set(byFile.keys()));
    this.sink.refreshViews();
  }
}
