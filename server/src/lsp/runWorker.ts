// Rule runs on a worker thread, so the language server keeps answering (diagnostics, hover, completion)
// while a query executes, and Cancel can stop a query mid-run (by ending the worker). The worker is the
// server's own bundle started again (server.ts dispatches on isMainThread); it stays up between runs so
// Kusto and the catalogue load once.
import { parentPort, Worker } from 'node:worker_threads';
import { RuleDocument } from '../core/ruleDocument';
import { runRule, type RuleRunResult } from '../run';

interface RunMessage { id: number; text: string; uri: string; paths: string[]; now?: string; window?: boolean; lineage?: boolean }
type ReplyMessage = { id: number; result: RuleRunResult } | { id: number; error: string };

/** Worker side: answers run messages one at a time. */
export function serveRuns(): void {
  const port = parentPort!;
  port.on('message', async (m: RunMessage) => {
    try {
      const result = await runRule(new RuleDocument(m.text, m.uri), m.paths, { now: m.now, window: m.window, lineage: m.lineage });
      port.postMessage({ id: m.id, result } satisfies ReplyMessage);
    } catch (err) {
      port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) } satisfies ReplyMessage);
    }
  });
}

export class RunCancelledError extends Error {
  constructor() { super('the run was cancelled'); }
}

interface Pending { resolve: (r: RuleRunResult) => void; reject: (e: Error) => void }

/** Main-thread side: sends runs to the worker, started on first use and again after a cancel or a crash. */
export class RunWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /**
   * `script`: the bundle to start as the worker (dist/server.js, the running server itself). `log` receives
   * what the worker writes to stdout/stderr: with the stdio transport, stdout is the LSP channel.
   */
  constructor(private readonly script: string, private readonly log: (text: string) => void) {}

  run(rule: RuleDocument, paths: string[], options: { now?: string; window?: boolean; lineage?: boolean; signal?: AbortSignal }): Promise<RuleRunResult> {
    if (options.signal?.aborted) return Promise.reject(new RunCancelledError());
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<RuleRunResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Ending the worker is the only way to stop a synchronous query; other runs in it fail as cancelled too.
      options.signal?.addEventListener('abort', () => { if (this.pending.has(id)) this.stop(new RunCancelledError()); }, { once: true });
      worker.postMessage({ id, text: rule.text, uri: rule.uri, paths, now: options.now, window: options.window, lineage: options.lineage } satisfies RunMessage);
    });
  }

  dispose(): void {
    this.stop(new RunCancelledError());
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    // No inherited execArgv: a debug session's --inspect=port cannot be given to a second thread.
    const worker = new Worker(this.script, { execArgv: [], stdout: true, stderr: true });
    worker.stdout.on('data', (d: Buffer) => this.log(`run worker: ${d.toString()}`));
    worker.stderr.on('data', (d: Buffer) => this.log(`run worker: ${d.toString()}`));
    worker.on('message', (m: ReplyMessage) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(m.error)); else p.resolve(m.result);
    });
    worker.on('error', (err) => this.stop(err));
    worker.on('exit', (code) => { if (this.worker === worker) this.stop(new Error(`the run worker stopped (exit code ${code})`)); });
    this.worker = worker;
    return worker;
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }
}
