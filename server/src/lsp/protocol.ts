// The custom messages between the extension and the language server (run UI and Testing view of issue 6).
// Types only and method names, no runtime dependency, so the client bundle can import it as well.
import type { Range } from '../core/types';
import type { DataSource } from '../run/dataSources';
import type { Mismatch, TestStatus } from '../ruletest/types';

export type { DataSource };

export const RunRuleRequest = 'sentinelRules/runRule';
export interface RunRuleParams { uri: string; now?: string; window?: boolean }
/** The answer to runRule, also sent as the RunFinished notification after automatic re-runs. */
export interface RunRuleResponse {
  uri: string;
  /** `2 results · would fire · 1 alert · 14 ms`, as the code lens shows it. */
  summary: string;
  dataSource: DataSource;
  /** Document version the run was made on. */
  version: number;
  /** The run as `sentinelRules run --format json` prints it (rows, trigger, alerts, window, tables, stages…). */
  result: RunJson;
}
export interface RunJson {
  ran: boolean;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  trigger: { operator: string; threshold: number; resultCount: number; fires: boolean };
  alerts: { displayName: string; severity: string; entities: { type: string; identifiers: Record<string, string> }[]; customDetails: Record<string, string[]>; resultRows: number[] }[];
  diagnostics: { code: string; severity: string; message: string; file: string; line: number; column: number }[];
  timing: { totalMs: number };
}

export const RunFinishedNotification = 'sentinelRules/runFinished';

/**
 * The sample rows a result row (or all rows of an alert) of the rule's last run came from. The server re-runs
 * that run (same rule text, data and now) with row lineage on; see docs/run.md, "Where a result came from".
 */
export const SourceRowsRequest = 'sentinelRules/sourceRows';
/** `row`: index into the last run's result rows; or `alert`: index into its alerts. */
export interface SourceRowsParams { uri: string; row?: number; alert?: number }
export interface SourceRowsResponse {
  /** False when the lineage is unknown: an operator of the query does not record it yet. */
  known: boolean;
  /** Up to 50 per result row, in the order the query met them; `uri` opens the file, `line` is 1-based. */
  rows: { table: string; file: string; uri: string; line: number }[];
  /** All source rows, also those past the cap. */
  total: number;
}

export const DataSourcesRequest = 'sentinelRules/dataSources';
export interface DataSourcesParams { uri: string }
export interface DataSourcesResponse { isRule: boolean; sources: DataSource[]; current: DataSource | null }

export const ChooseDataSourceRequest = 'sentinelRules/chooseDataSource';
export interface ChooseDataSourceParams { uri: string; source: DataSource }

export const CreateTestRequest = 'sentinelRules/createTest';
export interface CreateTestParams { uri: string; name: string }
/** The rule's test file and its full new text with the case appended (the client applies it as an edit). */
export interface CreateTestResponse { testFile: string; text: string }

export const ListTestsRequest = 'sentinelRules/listTests';
export interface ListTestsParams { uri: string }
export interface LocatedProblem { uri: string; code: string; message: string; range: Range }
export interface ListedTests { ruleUri: string; cases: { name: string; range: Range }[]; problems: LocatedProblem[] }

export const RunTestsRequest = 'sentinelRules/runTests';
export interface RunTestsParams { uri: string; cases?: string[] }
export interface CaseOutcome { name: string; status: TestStatus; mismatches: Mismatch[]; problems: LocatedProblem[]; durationMs: number; range: Range }
