// The Testing view's model, without VS Code: which files are rule tests, the tree of a listed test file (rule →
// cases), which cases a run request means, and what a case's outcome shows (messages with expected/actual rows
// for a diff). The VS Code adapter (ruleTestController.ts) only turns these into TestItems and TestRun calls,
// so everything decided here is unit-tested (test/unit/testingView.test.ts).
import type { Range } from '../../../server/src/core/types';
import type { CaseOutcome, ListedTests, LocatedProblem } from '../../../server/src/lsp/protocol';

/** Test files by name (`<Rule>.tests.yaml`, see server/src/ruletest/testFile.ts). */
export const TEST_FILE_GLOB = '**/*.tests.yaml';
/** Folders not searched for test files: the same ones the CLI's `sentinel-rules test` skips. */
export const EXCLUDED_FOLDERS_GLOB = '**/{node_modules,.git,dist,out}/**';

export interface CaseNode {
  /** The case name: unique within its file (the test file parser rejects a second case of the same name). */
  id: string;
  range: Range;
  /** Keeps the cases in file order in the tree (VS Code sorts by label otherwise). */
  sortText: string;
}

export interface FileNode {
  /** The test file's URI as the editor spells it. */
  id: string;
  ruleUri: string;
  /** The rule's file name without extension: the tree shows cases under their rule. */
  label: string;
  /** Problems reading the test file, one per line; cases with a problem are not listed. */
  error?: string;
  cases: CaseNode[];
}

/** The tree node of a test file from the server's `sentinelRules/listTests` answer. */
export function fileNode(uri: string, listed: ListedTests): FileNode {
  const node: FileNode = {
    id: uri,
    ruleUri: listed.ruleUri,
    label: baseName(listed.ruleUri).replace(/\.ya?ml$/i, ''),
    cases: listed.cases.map((c, i) => ({ id: c.name, range: c.range, sortText: String(i).padStart(6, '0') })),
  };
  if (listed.problems.length > 0) node.error = listed.problems.map(describeProblem).join('\n');
  return node;
}

/** `DCOMLateralMovement.tests.yaml:12:7 SR511 data folder not found: …` (1-based, as editors show places). */
function describeProblem(p: LocatedProblem): string {
  return `${baseName(p.uri)}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code} ${p.message}`;
}

/** A tree item a run request names: a whole test file, or one case of it. */
export interface ItemRef { file: string; case?: string }

/** The cases to run per test file, in tree order; excluded items win over included ones. */
export interface FileRun { file: string; cases: string[] }

/** The cases a run request means: `include` undefined is every known case (the "Run All" button). */
export function runPlan(known: FileNode[], include: ItemRef[] | undefined, exclude: ItemRef[] = []): FileRun[] {
  const excludedFiles = new Set(exclude.filter((r) => r.case === undefined).map((r) => r.file));
  const excludedCases = new Set(exclude.filter((r) => r.case !== undefined).map((r) => key(r.file, r.case!)));
  const wanted = new Set<string>();
  for (const ref of include ?? known.map((f): ItemRef => ({ file: f.id }))) {
    const file = known.find((f) => f.id === ref.file);
    if (!file) continue;
    for (const c of file.cases) if (ref.case === undefined || ref.case === c.id) wanted.add(key(file.id, c.id));
  }
  return known
    .filter((f) => !excludedFiles.has(f.id))
    .map((f) => ({ file: f.id, cases: f.cases.map((c) => c.id).filter((c) => wanted.has(key(f.id, c)) && !excludedCases.has(key(f.id, c))) }))
    .filter((r) => r.cases.length > 0);
}

const key = (file: string, name: string) => JSON.stringify([file, name]);

/** One message of a case outcome; `expected`/`actual` present means VS Code shows it as a diff. */
export interface CaseMessage {
  text: string;
  expected?: string;
  actual?: string;
  uri: string;
  range: Range;
}

export interface CaseReport {
  /** `errored`: the case could not run (bad data, query error), as opposed to a result that differs. */
  state: 'passed' | 'failed' | 'errored';
  messages: CaseMessage[];
  durationMs?: number;
}

/**
 * What the Testing view shows for a case: a failed expectation is a diff of expected vs actual (rows one JSON
 * object per line, so the diff lines up row by row) on the case's name; a case that could not run shows each
 * problem where it is (the test file, the rule, or the sample file's line).
 */
export function caseReport(fileUri: string, outcome: CaseOutcome): CaseReport {
  const at = { uri: fileUri, range: outcome.range };
  switch (outcome.status) {
    case 'passed':
      return { state: 'passed', messages: [], durationMs: outcome.durationMs };
    case 'failed':
      return {
        state: 'failed',
        durationMs: outcome.durationMs,
        messages: outcome.mismatches.map((m) => ({ text: m.message, expected: m.expected, actual: m.actual, ...at })),
      };
    case 'error': {
      const messages = outcome.problems.map((p) => ({ text: `${p.code} ${p.message}`, uri: p.uri, range: p.range }));
      return { state: 'errored', durationMs: outcome.durationMs, messages: messages.length ? messages : [{ text: 'the case could not run', ...at }] };
    }
  }
}

/** The report of a requested case the server did not answer for: the file changed since it was listed. */
export function missingCaseReport(fileUri: string, name: string, range: Range): CaseReport {
  return { state: 'errored', messages: [{ text: `no case named '${name}' in the test file any more (it changed since it was listed)`, uri: fileUri, range }] };
}

/** A line of the run's output terminal: `✓ DCOMLateralMovement › csc.exe child does not fire (12 ms)`. */
export function outputLine(rule: string, name: string, report: CaseReport): string {
  const mark = { passed: '✓', failed: '✗', errored: '!' }[report.state];
  const time = report.durationMs === undefined ? '' : ` (${report.durationMs} ms)`;
  const details = report.messages.map((m) => `\r\n    ${m.text}`).join('');
  return `${mark} ${rule} › ${name}${time}${details}\r\n`;
}

/** The name the "Create test from current results" prompt suggests. */
export function suggestedCaseName(today: Date): string {
  return `results pinned on ${today.toISOString().slice(0, 10)}`;
}

/** The 0-based line of the last case in a test file's text: where a newly appended case starts. */
export function lastCaseLine(text: string): number {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) if (/^\s*- name:/.test(lines[i])) return i;
  return 0;
}

/** The last path segment of a URI or path, decoded. */
function baseName(uriOrPath: string): string {
  const last = uriOrPath.split(/[\\/]/).pop() ?? uriOrPath;
  try { return decodeURIComponent(last); } catch { return last; }
}
