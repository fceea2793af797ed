// Rule tests: the parsed `<Rule>.tests.yaml`, and the results the runner and reporters share.
import type { Range, Severity } from '../core/types';
import type { RuleRunResult } from '../run';

/** A problem at a place in a file (test file, rule, or data file); range is 0-based like the editor's. */
export interface FileDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
}

export interface ExpectedEntity { type: string; identifiers: Record<string, string | number | boolean> }

export interface Expectation {
  count?: number;
  fires?: boolean;
  alerts?: number;
  rows?: Record<string, unknown>[];
  entities?: ExpectedEntity[];
}

export interface TestCase {
  name: string;
  description?: string;
  /** Absolute data folders. */
  data: string[];
  now?: string;
  window?: boolean;
  expect: Expectation;
  /** Range of the case's `name` value in the test file (where failures are shown). */
  range: Range;
}

export interface RuleTestFile {
  file: string;
  /** Absolute path of the rule the cases run. */
  rule: string;
  cases: TestCase[];
  /** Problems reading the test file; a case with a problem is not in `cases`. */
  problems: FileDiagnostic[];
}

export type TestStatus = 'passed' | 'failed' | 'error';

/** One expectation that did not hold, with a readable expected/actual text. */
export interface Mismatch {
  what: 'count' | 'fires' | 'alerts' | 'rows' | 'entities';
  message: string;
  expected: string;
  actual: string;
}

export interface TestCaseResult {
  file: string;
  rule: string;
  name: string;
  status: TestStatus;
  mismatches: Mismatch[];
  /** Why the case could not run (missing folder, bad data, query error), each where it is. */
  diagnostics: FileDiagnostic[];
  range: Range;
  durationMs: number;
  run?: RuleRunResult;
}

export interface TestRunSummary {
  results: TestCaseResult[];
  /** Problems not tied to one case: malformed test files, rules without tests (--require-tests). */
  problems: FileDiagnostic[];
  passed: number;
  failed: number;
  errors: number;
  durationMs: number;
}
