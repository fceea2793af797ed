// Runs of open rules on sample data, for the editor: which data source each rule runs on, and the last run
// of each rule (a run that a newer one of the same rule overtakes is dropped). The running itself is the
// core's (run/runRule, on the worker thread of runWorker.ts); this module only keeps the editor's state.
import type { RuleDocument } from '../core/ruleDocument';
import type { RuleRunResult } from '../run';
import { dataSourcesForRule, type DataSource } from '../run/dataSources';
import { formatDatetime } from '../engine/values';
import { fileKey, uriToPath } from './paths';

export interface RuleRun {
  uri: string;
  /** Document version the run was made on: stage positions (inlay hints) are only valid for it. */
  version: number;
  rule: RuleDocument;
  source: DataSource;
  result: RuleRunResult;
}

export interface RunRequestOptions {
  /** The run's now (ISO 8601); default the latest timestamp in the data. */
  now?: string;
  window?: boolean;
  /** Aborts the run (the editor's Cancel button). */
  signal?: AbortSignal;
  /** Also find the sample rows of each result row (run/rowSources.ts). */
  lineage?: boolean;
}

/** Runs a rule on data folders: runWorker's RunWorker.run, or the core's runRule in-process. */
export type RuleRunner = (rule: RuleDocument, paths: string[], options: RunRequestOptions) => Promise<RuleRunResult>;

/** Thrown when a rule has no data to run on: the message says where data is looked for. */
export class NoDataError extends Error {}

export class RuleRuns {
  private readonly last = new Map<string, RuleRun>();
  private readonly chosen = new Map<string, DataSource>();
  /** Number of the latest run requested per rule: only its result is kept. */
  private readonly latest = new Map<string, number>();
  private runs = 0;
  /** The last run again with row lineage, computed on the first request for a source row. */
  private readonly lineageRuns = new WeakMap<RuleRun, Promise<RuleRunResult>>();

  constructor(private readonly runner: RuleRunner, private readonly roots: () => string[], private readonly configuredData: () => string[]) {}

  /** The data sources a rule can run on, the default first (see run/dataSources). */
  sources(uri: string): DataSource[] {
    const path = uriToPath(uri);
    return path ? dataSourcesForRule(path, this.roots(), this.configuredData()) : [];
  }

  /** The source the rule runs on: the one the user chose, else the default. */
  sourceOf(uri: string): DataSource | undefined {
    return this.chosen.get(uri) ?? this.sources(uri)[0];
  }

  choose(uri: string, source: DataSource): void {
    this.chosen.set(uri, source);
  }

  lastRun(uri: string): RuleRun | undefined {
    return this.last.get(uri);
  }

  hasRun(uri: string): boolean {
    return this.last.has(uri);
  }

  forget(uri: string): void {
    this.latest.delete(uri);
    this.last.delete(uri);
    this.chosen.delete(uri);
  }

  /** Open rules whose last run read this file (or a file under this folder), to re-run on a data change. */
  rulesReading(changedUri: string): string[] {
    const changed = fileKey(changedUri);
    return [...this.last.values()]
      .filter((r) => r.source.paths.some((p) => changed === p || changed.startsWith(p.endsWith('/') ? p : `${p}/`)))
      .map((r) => r.uri);
  }

  /** Runs a rule version; when a newer run of the same rule was requested meanwhile, this result is not kept. */
  async run(uri: string, rule: RuleDocument, version: number, options: RunRequestOptions = {}): Promise<RuleRun> {
    const source = this.sourceOf(uri);
    if (!source) {
      throw new NoDataError('no sample data for this rule: add a test file (<Rule>.tests.yaml), set `sentinelRules.sampleData`, '
        + 'or put data files in a testdata/, samples/ or sample-data/ folder of the workspace');
    }
    const number = ++this.runs;
    this.latest.set(uri, number);
    const result = await this.runner(rule, source.paths, options);
    const run: RuleRun = { uri, version, rule, source, result };
    if (this.latest.get(uri) === number) this.last.set(uri, run);
    return run;
  }

  /**
   * The last run of the rule repeated with row lineage on: the same rule text, data folders, now and window,
   * so its result rows are the ones the user sees (ordinary runs do not pay for lineage).
   */
  lineageRun(uri: string): Promise<RuleRunResult> {
    const run = this.last.get(uri);
    if (!run) return Promise.reject(new Error('run the rule first: source rows are those of its last run'));
    let pending = this.lineageRuns.get(run);
    if (!pending) {
      const { now, applied } = run.result.window;
      pending = this.runner(run.rule, run.source.paths, { now: formatDatetime(now), window: applied, lineage: true });
      pending.catch(() => this.lineageRuns.delete(run));
      this.lineageRuns.set(run, pending);
    }
    return pending;
  }
}
