// Per-run state: the run's `now`, its guards (row budget, time budget, cancellation), caches of
// materialized results, and per-stage row counts.
import type { RunContext } from './functions/types';
import { KqlRuntimeError } from './functions/types';
import { Lineage } from './lineage';
import type { StageInfo, StageStats } from './plan';
import type { Table } from './table';

/** The run's data: a table by name, or undefined when the data has no such table. */
export type Sources = (name: string) => Table | undefined;

export interface RunOptions {
  /** The run's current time in ticks (engine/values.ts); now() and ago() use it. */
  now: number;
  /** Most rows all operators together may produce in this run (default 20 million). */
  rowBudget?: number;
  /** Wall-clock budget of the run in milliseconds (default: none). */
  timeBudgetMs?: number;
  signal?: AbortSignal;
  /** Called each time a stage (pipe operator or let) has produced its rows. */
  onStage?: (stats: StageStats) => void;
  /** Track the source rows of every row (engine/lineage.ts); off by default, it costs memory per row. */
  lineage?: boolean;
}

export const DEFAULT_ROW_BUDGET = 20_000_000;

/** Thrown when the run was cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor() {
    super('query run cancelled');
    this.name = 'CancelledError';
  }
}

export class RunState implements RunContext {
  readonly now: number;
  readonly rowBudget: number;
  rowsUsed = 0;
  private readonly deadline: number;
  private readonly timeBudgetMs: number | undefined;
  private readonly signal: AbortSignal | undefined;
  private ticks = 0;
  /** Results computed once per run (materialize, tabular lets, toscalar, in-lists), by their compile-time key. */
  readonly cache = new Map<object, unknown>();
  readonly stats = new Map<number, StageStats>();
  /**
   * The rows an extend/project/where is going through and the current one's index, for the window functions
   * prev(), next(), row_number() and row_window_session() (meaningful on serialized input).
   */
  windowRows: unknown[][] = [];
  windowIndex = 0;
  /** Things the run did that the user should know (an external table read as empty…). */
  readonly warnings: string[] = [];
  private readonly onStage: RunOptions['onStage'];
  /** Row lineage, when the run was asked for it: operators that build rows register them here. */
  readonly lineage: Lineage | undefined;
  readonly source: Sources;

  constructor(source: Sources, options: RunOptions) {
    this.lineage = options.lineage ? new Lineage() : undefined;
    this.source = this.lineage ? this.lineage.wrap(source) : source;
    this.now = options.now;
    this.rowBudget = options.rowBudget ?? DEFAULT_ROW_BUDGET;
    this.timeBudgetMs = options.timeBudgetMs;
    this.deadline = options.timeBudgetMs === undefined ? Infinity : Date.now() + options.timeBudgetMs;
    this.signal = options.signal;
    this.onStage = options.onStage;
    this.checkTime();
  }

  /** Counts rows an operator produced against the row budget. */
  charge(rows: number, where: string): void {
    this.rowsUsed += rows;
    if (this.rowsUsed > this.rowBudget) {
      throw new KqlRuntimeError(`row budget of ${this.rowBudget} rows exceeded at ${where} (raise the row budget or narrow the data)`);
    }
  }

  /** Rows still allowed by the budget. */
  get rowsLeft(): number { return this.rowBudget - this.rowsUsed; }

  /** Cheap per-row guard: looks at the clock and the abort signal every 4096 calls. */
  tick(): void {
    if ((++this.ticks & 0xfff) === 0) this.checkTime();
  }

  checkTime(): void {
    if (this.signal?.aborted) throw new CancelledError();
    if (Date.now() > this.deadline) throw new KqlRuntimeError(`time budget of ${this.timeBudgetMs} ms exceeded`);
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  record(stage: StageInfo, rowsIn: number, rowsOut: number): void {
    let s = this.stats.get(stage.id);
    if (!s) {
      s = { ...stage, rowsIn: 0, rowsOut: 0, runs: 0 };
      this.stats.set(stage.id, s);
    }
    s.rowsIn += rowsIn;
    s.rowsOut += rowsOut;
    s.runs++;
    this.onStage?.(s);
  }
}
