// What running a rule on sample data returns: the shape the CLI prints, the rule tests check and the
// language server shows (code lens, inlay hints, results view, diagnostics).
import type { Column } from '../engine/table';
import type { Value } from '../engine/values';
import type { StageStats } from '../engine/plan';
import type { Range, Severity } from '../core/types';
import type { Alert } from './alerts';
import type { RunCode } from './codes';
import type { TableWindowStats } from './window';
import type { TriggerOperator } from './settings';
import type { ResultRowSources } from './rowSources';

/** Where a run problem is: in the rule document (a range), or in a data file (1-based line and column). */
export type RunLocation =
  | { kind: 'rule'; range: Range }
  | { kind: 'data'; file: string; line: number; column: number };

export interface RunDiagnostic {
  code: RunCode | string;
  severity: Severity;
  message: string;
  location: RunLocation;
}

export interface RunWindow {
  /** False for NRT rules and with --no-window: the query sees every loaded row. */
  applied: boolean;
  /** The run's now (ticks); now() and ago() return it. */
  now: number;
  /** How now was chosen. */
  nowSource: 'option' | 'data' | 'clock';
  /** Exclusive start of the window (ticks) when applied. */
  start?: number;
  /** queryPeriod (ticks) when applied. */
  period?: number;
}

export interface TriggerResult {
  operator: TriggerOperator;
  threshold: number;
  resultCount: number;
  fires: boolean;
}

export interface TableRunStats extends TableWindowStats {
  files: string[];
  /** Whether the query read the table (a sample folder may hold tables the rule does not use). */
  read: boolean;
}

export interface RuleRunResult {
  /** True when the query ran; false when a load, compile or run error stopped it (see diagnostics). */
  ran: boolean;
  columns: Column[];
  rows: Value[][];
  trigger: TriggerResult;
  alerts: Alert[];
  window: RunWindow;
  tables: TableRunStats[];
  /** Rows in and out of each pipe stage and let (engine statistics), in query order. */
  stages: StageStats[];
  diagnostics: RunDiagnostic[];
  timing: { loadMs: number; queryMs: number; totalMs: number };
  /**
   * With the `lineage` run option: per result row (same order as `rows`), the sample rows it was derived
   * from, or null when that is unknown.
   */
  sources?: (ResultRowSources | null)[];
}
