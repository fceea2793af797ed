// A small LSP client for protocol tests: spawns the built server (`node dist/server.js --stdio`, or over Node
// IPC as the extension does) and speaks JSON-RPC to it with vscode-jsonrpc, as an editor would. Build first: `node scripts/build.mjs`.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, InitializeResult, Position, PublishDiagnosticsParams, Range, TextEdit,
} from 'vscode-languageserver-protocol';

export const repoRoot = join(__dirname, '..', '..');
export const serverPath = join(repoRoot, 'dist', 'server.js');

export interface StartOptions {
  /** Workspace folder (absolute path) the server scans for rule ids. */
  root?: string;
  /** The `sentinelRules` settings section, passed in initializationOptions. */
  settings?: Record<string, unknown>;
  /** `stdio` (default, any editor) or `ipc` (how the VS Code extension starts the server). */
  transport?: 'stdio' | 'ipc';
}

interface Waiter { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }

export class LspTestClient {
  /** Everything the server wrote to stderr and window/logMessage, for failure messages. */
  readonly log: string[] = [];
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private waiters: Waiter[] = [];
  /** The runFinished notifications received (the server's rule runs, requested or automatic). */
  readonly runs: { uri: string; version: number }[] = [];
  private runWaiters: { test: (r: { uri: string; version: number }) => boolean; resolve: (r: unknown) => void }[] = [];
  private exited = false;

  private constructor(private readonly child: ChildProcess, readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.published.get(p.uri) ?? [];
      list.push(p);
      this.published.set(p.uri, list);
      this.waiters = this.waiters.filter((w) => (w.uri === p.uri && w.test(p) ? (w.resolve(p), false) : true));
    });
    connection.onNotification('sentinelRules/runFinished', (r: { uri: string; version: number }) => {
      this.runs.push(r);
      this.runWaiters = this.runWaiters.filter((w) => (w.test(r) ? (w.resolve(r), false) : true));
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => { this.log.push(p.message); });
    child.stderr!.on('data', (d: Buffer) => { this.log.push(d.toString()); });
    child.on('exit', () => { this.exited = true; });
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`node scripts/build.mjs\` first`);
    const ipc = options.transport === 'ipc';
    const child = ipc
      ? fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
      : spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = ipc
      ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection);
    connection.listen();
    const rootUri = options.root ? pathToFileURL(options.root).href : null;
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: options.settings ? { settings: options.settings } : undefined,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult!: InitializeResult;

  get alive(): boolean { return !this.exited; }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  /** Replaces the whole text (a full-document change event). */
  change(uri: string, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Applies one ranged edit (an incremental change event), as an editor sends while typing. */
  edit(uri: string, range: Range, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The first diagnostics published for `uri` (since `since` publications) that pass `test`, e.g. the ones for
   * a given document version. Resolves at once when such a publication already arrived.
   */
  diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const done = (this.published.get(uri) ?? []).find(test);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  /** Diagnostics published for exactly this version of the document. */
  diagnosticsOfVersion(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnostics(uri, (p) => p.version === version).then((p) => p.diagnostics);
  }

  publicationsFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.get(uri) ?? [];
  }

  /** The first runFinished notification (already received or still to come) that passes `test`. */
  runFinished<R extends { uri: string; version: number }>(test: (r: { uri: string; version: number }) => boolean): Promise<R> {
    const done = this.runs.find(test);
    if (done) return Promise.resolve(done as R);
    return new Promise((resolve) => this.runWaiters.push({ test, resolve: resolve as (r: unknown) => void }));
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const r = await this.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    return Array.isArray(r) ? r : r?.items ?? [];
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const exit = new Promise((r) => this.child.once('exit', r));
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
      await exit;
    }
    this.connection.dispose();
  }
}

/** Applies LSP text edits to a text (edits must not overlap; applied from last to first). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const offsetAt = (p: Position) => {
    let offset = 0;
    for (let line = 0; line < p.line; line++) offset = text.indexOf('\n', offset) + 1;
    return offset + p.character;
  };
  return [...edits]
    .map((e) => ({ start: offsetAt(e.range.start), end: offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** A server on a temporary workspace with an `Analytic Rules` folder, for one mocha suite. */
export interface RuleWorkspace {
  readonly client: LspTestClient;
  readonly workspace: string;
  /** A URI under `Analytic Rules`, so the server treats the document as a rule. */
  ruleUri(name: string): string;
}

/**
 * Registers the suite's hooks: before, a fresh workspace (with `files` written under `Analytic Rules`) and a
 * server on it; after, both are removed; a failed test prints the server's log.
 */
export function useRuleWorkspace(prefix: string, options: Omit<StartOptions, 'root'> & { files?: Record<string, string> } = {}): RuleWorkspace {
  const state = {} as { client: LspTestClient; workspace: string };
  before(async () => {
    state.workspace = mkdtempSync(join(tmpdir(), `sentinel-rules-${prefix}-`));
    mkdirSync(join(state.workspace, 'Analytic Rules'));
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(state.workspace, 'Analytic Rules', name), text);
    state.client = await LspTestClient.start({ ...options, root: state.workspace });
  });
  after(async () => {
    await state.client?.stop();
    if (state.workspace) rmSync(state.workspace, { recursive: true, force: true });
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.error(state.client?.log.join(''));
  });
  return {
    get client() { return state.client; },
    get workspace() { return state.workspace; },
    ruleUri: (name) => pathToFileURL(join(state.workspace, 'Analytic Rules', name)).href,
  };
}
