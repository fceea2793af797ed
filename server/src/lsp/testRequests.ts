// The requests behind VS Code's Testing view: the cases of a rule test file, and running some or all of them.
// The test runner is the core's (ruletest/); results travel without the full run, only what the view shows.
import { readFile } from 'node:fs/promises';
import type { Connection } from 'vscode-languageserver/node';
import { runTestFile } from '../ruletest/runner';
import { parseTestFile } from '../ruletest/testFile';
import type { FileDiagnostic } from '../ruletest/types';
import { answerRequest } from './runRequests';
import type { Logger } from './guard';
import { pathToUri, uriToPath } from './paths';

import {
  ListTestsRequest, RunTestsRequest,
  type CaseOutcome, type ListedTests, type ListTestsParams, type LocatedProblem, type RunTestsParams,
} from './protocol';

export { ListTestsRequest, RunTestsRequest, type CaseOutcome, type ListedTests, type LocatedProblem } from './protocol';

const located = (d: FileDiagnostic): LocatedProblem => ({ uri: pathToUri(d.file), code: d.code, message: d.message, range: d.range });

async function readTestFile(uri: string) {
  const file = uriToPath(uri);
  if (!file) throw new Error(`${uri} is not a file`);
  return parseTestFile(file, await readFile(file, 'utf8'));
}

export function registerTestRequests(connection: Connection, log: Logger): void {
  answerRequest<ListTestsParams>(connection, log, ListTestsRequest, async (p): Promise<ListedTests> => {
    const parsed = await readTestFile(p.uri);
    return { ruleUri: pathToUri(parsed.rule), cases: parsed.cases.map((c) => ({ name: c.name, range: c.range })), problems: parsed.problems.map(located) };
  });
  answerRequest<RunTestsParams>(connection, log, RunTestsRequest, async (p): Promise<CaseOutcome[]> => {
    const parsed = await readTestFile(p.uri);
    if (p.cases) parsed.cases = parsed.cases.filter((c) => p.cases!.includes(c.name));
    return (await runTestFile(parsed)).map((r) => ({
      name: r.name, status: r.status, mismatches: r.mismatches, problems: r.diagnostics.map(located), durationMs: r.durationMs, range: r.range,
    }));
  });
}
