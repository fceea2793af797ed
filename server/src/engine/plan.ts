// The lowered form of a query: plain closures over plain rows. Nothing here refers to Kusto.Language.
import type { Column, Table } from './table';
import type { Value } from './values';
import type { RunState } from './runState';

/** One row: values in the order of its table's columns. */
export type Row = Value[];

/** A scalar expression, lowered: evaluates against the current row (rows never touch Bridge objects). */
export type Scalar = (row: Row, rs: RunState) => Value;

/** A tabular expression, lowered: its output columns are known at compile time (from the analyzer). */
export interface Plan {
  columns: Column[];
  run(rs: RunState): Table;
}

/** Where a pipe stage or let statement is in the query text (0-based offsets; 1-based line and column). */
export interface StageInfo {
  /** Stable id within one compiled query. */
  id: number;
  kind: 'operator' | 'let';
  /** The operator's SyntaxKind name (FilterOperator, JoinOperator…) or the let's name. */
  label: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

/** Rows through one stage in one run; a stage inside a function or a non-materialized let may run several times. */
export interface StageStats extends StageInfo {
  rowsIn: number;
  rowsOut: number;
  /** How many times the stage ran in this run. */
  runs: number;
}
