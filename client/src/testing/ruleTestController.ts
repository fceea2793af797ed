// VS Code's Testing view for rule tests: a TestController listing every `<Rule>.tests.yaml` of the workspace
// with its cases under its rule, and Run/Debug profiles that run cases in the language server, through the
// same core runner as `sentinel-rules test` (server/src/lsp/testRequests.ts → ruletest/runner.ts). This file only
// adapts testModel.ts to the VS Code API.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ListTestsRequest, RunTestsRequest, type CaseOutcome, type ListTestsParams, type ListedTests, type RunTestsParams,
} from '../../../server/src/lsp/protocol';
import {
  EXCLUDED_FOLDERS_GLOB, TEST_FILE_GLOB, caseReport, fileNode, missingCaseReport, outputLine, runPlan,
  type CaseReport, type FileNode, type ItemRef,
} from './testModel';

/** What the view shows, as plain data: for the extension-host tests (command `sentinelRules.testing.snapshot`). */
export interface TestingSnapshot {
  files: FileNode[];
  /** Last report per test file URI and case name. */
  results: Record<string, Record<string, CaseReport>>;
}

export class RuleTestController implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('sentinelRules.ruleTests', 'Sentinel rule tests');
  private readonly files = new Map<string, FileNode>();
  private readonly results = new Map<string, Map<string, CaseReport>>();
  private readonly disposables: vscode.Disposable[] = [this.controller];
  private discovery: Promise<void> | undefined;

  constructor(private readonly client: LanguageClient) {
    this.controller.resolveHandler = (item) => (item ? undefined : this.discover());
    this.controller.refreshHandler = () => this.discover(true);
    const run = (request: vscode.TestRunRequest, token: vscode.CancellationToken) => this.run(request, token);
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, run, true);
    // A rule has nothing to step through: Debug runs the cases the same way, so the Debug buttons still work.
    this.controller.createRunProfile('Debug', vscode.TestRunProfileKind.Debug, run, true);

    const testFiles = vscode.workspace.createFileSystemWatcher(TEST_FILE_GLOB);
    testFiles.onDidCreate((uri) => void this.refreshFile(uri));
    testFiles.onDidChange((uri) => {
      // Changed expectations make the last results stale.
      const item = this.controller.items.get(uri.toString());
      if (item) this.controller.invalidateTestResults(item);
      void this.refreshFile(uri);
    });
    testFiles.onDidDelete((uri) => this.removeFile(uri.toString()));
    // A changed rule makes its cases' results stale; a rule that appears or goes changes its test file's listing.
    const rules = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    rules.onDidChange((uri) => void this.ruleChanged(uri, false));
    rules.onDidCreate((uri) => void this.ruleChanged(uri, true));
    rules.onDidDelete((uri) => void this.ruleChanged(uri, true));
    this.disposables.push(testFiles, rules);
  }

  /** Finds every test file of the workspace and lists its cases (again when `force`). */
  discover(force = false): Promise<void> {
    if (!this.discovery || force) {
      this.discovery = (async () => {
        const found = await vscode.workspace.findFiles(TEST_FILE_GLOB, EXCLUDED_FOLDERS_GLOB);
        const current = new Set(found.map((u) => u.toString()));
        for (const id of [...this.files.keys()]) if (!current.has(id)) this.removeFile(id);
        await Promise.all(found.map((uri) => this.refreshFile(uri)));
      })();
    }
    return this.discovery;
  }

  /** Lists one test file's cases (the server parses it) and updates its tree item. */
  async refreshFile(uri: vscode.Uri): Promise<void> {
    const id = uri.toString();
    let node: FileNode;
    try {
      node = fileNode(id, await this.client.sendRequest<ListedTests>(ListTestsRequest, { uri: id } satisfies ListTestsParams));
    } catch (err) {
      node = { id, ruleUri: '', label: uri.path.split('/').pop() ?? id, cases: [], error: `could not read the test file: ${messageOf(err)}` };
    }
    this.files.set(id, node);
    const item = this.controller.items.get(id) ?? this.controller.createTestItem(id, node.label, uri);
    item.label = node.label;
    item.description = vscode.workspace.asRelativePath(uri);
    item.error = node.error;
    item.children.replace(node.cases.map((c) => {
      const child = item.children.get(c.id) ?? this.controller.createTestItem(c.id, c.id, uri);
      child.range = new vscode.Range(c.range.start.line, c.range.start.character, c.range.end.line, c.range.end.character);
      child.sortText = c.sortText;
      return child;
    }));
    this.controller.items.add(item);
  }

  snapshot(): TestingSnapshot {
    const results: TestingSnapshot['results'] = {};
    for (const [file, cases] of this.results) results[file] = Object.fromEntries(cases);
    return { files: [...this.files.values()], results };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private removeFile(id: string): void {
    this.files.delete(id);
    this.results.delete(id);
    this.controller.items.delete(id);
  }

  private async ruleChanged(uri: vscode.Uri, createdOrDeleted: boolean): Promise<void> {
    const tests = [...this.files.values()].filter((f) => f.ruleUri && vscode.Uri.parse(f.ruleUri).fsPath === uri.fsPath);
    for (const node of tests) {
      const item = this.controller.items.get(node.id);
      if (item) this.controller.invalidateTestResults(item);
      if (createdOrDeleted) await this.refreshFile(vscode.Uri.parse(node.id));
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    await this.discover();
    const run = this.controller.createTestRun(request);
    const plan = runPlan([...this.files.values()], request.include?.map(refOf), request.exclude?.map(refOf));
    try {
      for (const { file, cases } of plan) {
        const fileItem = this.controller.items.get(file);
        if (!fileItem) continue;
        const items = cases.map((c) => fileItem.children.get(c)).filter((i): i is vscode.TestItem => i !== undefined);
        if (token.isCancellationRequested) { items.forEach((i) => run.skipped(i)); continue; }
        noteUnsaved(run, file, this.files.get(file)!.ruleUri);
        items.forEach((i) => run.started(i));
        let outcomes: CaseOutcome[];
        try {
          outcomes = await this.client.sendRequest<CaseOutcome[]>(RunTestsRequest, { uri: file, cases } satisfies RunTestsParams, token);
        } catch (err) {
          if (token.isCancellationRequested) items.forEach((i) => run.skipped(i));
          else items.forEach((i) => run.errored(i, new vscode.TestMessage(`the tests could not run: ${messageOf(err)}`)));
          continue;
        }
        for (const item of items) {
          const outcome = outcomes.find((o) => o.name === item.id);
          const report = outcome ? caseReport(file, outcome) : missingCaseReport(file, item.id, toRange(item.range));
          this.record(run, item, report);
          run.appendOutput(outputLine(fileItem.label, item.id, report), undefined, item);
        }
      }
    } finally {
      run.end();
    }
  }

  private record(run: vscode.TestRun, item: vscode.TestItem, report: CaseReport): void {
    const file = item.parent!.id;
    if (!this.results.has(file)) this.results.set(file, new Map());
    this.results.get(file)!.set(item.id, report);
    const messages = report.messages.map((m) => {
      const message = m.expected !== undefined && m.actual !== undefined
        ? vscode.TestMessage.diff(m.text, m.expected, m.actual)
        : new vscode.TestMessage(m.text);
      const r = m.range;
      message.location = new vscode.Location(vscode.Uri.parse(m.uri), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
      return message;
    });
    if (report.state === 'passed') run.passed(item, report.durationMs);
    else if (report.state === 'failed') run.failed(item, messages, report.durationMs);
    else run.errored(item, messages, report.durationMs);
  }
}

function refOf(item: vscode.TestItem): ItemRef {
  return item.parent ? { file: item.parent.id, case: item.id } : { file: item.id };
}

function toRange(r: vscode.Range | undefined) {
  const zero = { line: 0, character: 0 };
  return r ? { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } } : { start: zero, end: zero };
}

/** Cases run on the files as saved (like the CLI); say so when the editor holds unsaved changes. */
function noteUnsaved(run: vscode.TestRun, testFile: string, ruleUri: string): void {
  const paths = [testFile, ruleUri].filter(Boolean).map((u) => vscode.Uri.parse(u).fsPath);
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && paths.includes(doc.uri.fsPath)) {
      run.appendOutput(`note: ${vscode.workspace.asRelativePath(doc.uri)} has unsaved changes; the run uses the saved file\r\n`);
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
