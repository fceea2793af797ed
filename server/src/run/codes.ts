// The stable diagnostic codes of running a rule on sample data and of rule tests (SR5xx). One table serves
// the run, the test runner, the docs and hover on a code.
import type { Severity } from '../core/types';

export interface RunCodeInfo { severity: Severity; title: string }

export const runCodes = {
  SR501: { severity: 'error', title: 'A data folder or data file cannot be read (missing, unreadable, or malformed as a whole).' },
  SR502: { severity: 'error', title: 'A sample-data line or cell cannot be read as its column type; the message names file, line and column.' },
  SR503: { severity: 'information', title: 'Sample-data columns typed from the values or copied (not in the table schema, or an unknown table).' },
  SR504: { severity: 'error', title: 'The rule has no query to run (error), or its run settings (queryPeriod, trigger) cannot be read and the run falls back to no window and `gt 0` (warning).' },
  SR505: { severity: 'error', title: 'The query does not compile (a Kusto error); the rule cannot be run.' },
  SR506: { severity: 'error', title: 'The query uses a construct the embedded engine does not run yet.' },
  SR507: { severity: 'error', title: 'The query failed while running (a run-time error, a row or time budget exceeded, or cancelled).' },
  SR508: { severity: 'information', title: 'A table the query reads has no sample data; it runs as an empty table (as in a workspace where it holds no rows).' },
  SR509: { severity: 'information', title: 'A sample table has no datetime TimeGenerated or Timestamp column, so the query-period window does not filter it.' },
  SR510: { severity: 'error', title: 'A rule test file is malformed (not YAML, or a field of the wrong shape).' },
  SR511: { severity: 'error', title: 'A rule test refers to a rule file or data folder that does not exist.' },
  SR512: { severity: 'error', title: 'A rule test case failed: the run result differs from the expectation.' },
  SR513: { severity: 'warning', title: 'A rule has no test file (reported with --require-tests).' },
} satisfies Record<string, RunCodeInfo>;

export type RunCode = keyof typeof runCodes;
