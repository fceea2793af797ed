// Worker threads that parse and convert JSON lines for the loader (see jsonLinesReader.ts). They are started
// on the first file large enough to pay for them (a thread takes tens of milliseconds to start) and stopped
// when the loading ends. Threads save wall time only when cores are idle: they can cost up to 20 % more CPU
// time in all (moving rows between threads), and the main thread's garbage collector needs the cores too. So
// by default files are read by threads only when other processes leave at least 1.5 cores free
// (spareCores.ts, measured once per loading); on a single core, or without a worker script next to this code
// (a bundle built without it), never.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KqlType } from '../../engine/values';
import type { DataFile } from '../dataFiles';
import type { RowChunk } from './rowChunk';
import { SpareCores } from './spareCores';

/** What the main thread sends a parse thread: a file's column types, then runs of its lines. */
export type ThreadMessage =
  | { kind: 'begin'; file: number; types: { name: string; type: KqlType }[] }
  | { kind: 'run'; file: number; seq: number; first: boolean; bytes: Uint8Array }
  | { kind: 'end' };

export interface ParseThreadOptions {
  /**
   * Worker threads (0 = the main thread only). Default: 2 when the machine has 2 or more cores, used only when
   * other processes leave 1.5 cores free; a number given is used whatever the load.
   */
  threads?: number;
  /** Smallest JSON-lines file (bytes; a gzipped file counts 4× its size) parsed by threads (default 8 MiB). */
  minBytes?: number;
}

const DEFAULT_MIN_BYTES = 8 << 20;
/** Cores other processes must leave free for the default threads to be used. */
const MIN_SPARE_CORES = 1.5;

/** The worker script: the bundled one next to the bundle, or the TypeScript source (run through tsx). */
function workerScript(): { script: string; execArgv: string[] } | undefined {
  const bundled = path.join(__dirname, 'jsonLinesWorker.js');
  if (existsSync(bundled)) return { script: bundled, execArgv: [] };
  const source = path.join(__dirname, 'jsonLinesWorker.ts');
  if (!existsSync(source) || !__filename.endsWith('.ts')) return undefined;
  // The source runs as this code does, through tsx's require hook (a test runner loads it in-process, so the
  // thread would not inherit it). The name is built so that a bundler does not try to resolve it.
  const hook = ['tsx', 'cjs'].join('/');
  try {
    return { script: source, execArgv: ['--require', require.resolve(hook)] };
  } catch {
    return undefined;
  }
}

export class ParseThreads {
  readonly count: number;
  private readonly minBytes: number;
  /** Measures the spare cores when the threads are the default; undefined when their count was given. */
  private readonly spare: SpareCores | undefined;
  private spareEnough: Promise<boolean> | undefined;
  private workers: Worker[] | undefined;
  private readonly arrived = new Map<string, RowChunk>();
  private readonly waiting = new Map<string, { resolve: (chunk: RowChunk) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private files = 0;
  private readonly script = workerScript();
  /** Settles when each thread has ended. */
  private readonly exits: Promise<void>[] = [];
  /** Runs sent to each thread and not answered yet. */
  private readonly pending: number[] = [];

  constructor(options: ParseThreadOptions = {}) {
    this.count = this.script ? options.threads ?? (availableParallelism() >= 2 ? 2 : 0) : 0;
    this.minBytes = options.minBytes ?? DEFAULT_MIN_BYTES;
    this.spare = options.threads === undefined && this.count > 0 ? new SpareCores() : undefined;
  }

  /** Whether this file is read by the threads. */
  async worthIt(file: DataFile): Promise<boolean> {
    if (this.count === 0 || this.failure || (file.gzip ? file.bytes * 4 : file.bytes) < this.minBytes) return false;
    if (!this.spare) return true;
    this.spareEnough ??= this.spare.measure().then((cores) => cores >= MIN_SPARE_CORES);
    return this.spareEnough;
  }

  /** Starts a file on every thread; returns its number for the runs and their chunks. */
  begin(types: { name: string; type: KqlType }[]): number {
    const file = ++this.files;
    for (const worker of this.started()) worker.postMessage({ kind: 'begin', file, types } satisfies ThreadMessage);
    return file;
  }

  /**
   * Sends run `seq` of a file to the thread with the fewest runs to do (a thread the system runs less often
   * gets fewer); the bytes are moved, not copied. Returns the thread's number.
   */
  send(file: number, seq: number, bytes: Uint8Array): number {
    const workers = this.started();
    let thread = 0;
    for (let t = 1; t < workers.length; t++) if (this.pending[t] < this.pending[thread]) thread = t;
    this.pending[thread]++;
    workers[thread].postMessage({ kind: 'run', file, seq, first: seq === 0, bytes } satisfies ThreadMessage, [bytes.buffer as ArrayBuffer]);
    return thread;
  }

  /** The chunk of run `seq` of a file, when its thread has converted it. */
  chunk(file: number, seq: number): Promise<RowChunk> {
    const key = `${file}:${seq}`;
    const done = this.arrived.get(key);
    if (done) {
      this.arrived.delete(key);
      return Promise.resolve(done);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.set(key, { resolve, reject }));
  }

  /** Stops the threads (each ends when it has answered what it was sent; one that has failed is gone already). */
  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = undefined;
    for (const worker of workers) worker.postMessage({ kind: 'end' } satisfies ThreadMessage);
    await Promise.all(this.exits);
  }

  private started(): Worker[] {
    if (this.workers) return this.workers;
    const { script, execArgv } = this.script!;
    this.workers = Array.from({ length: this.count }, (_, thread) => {
      const worker = new Worker(script, { execArgv });
      this.pending.push(0);
      worker.on('message', (chunk: RowChunk) => {
        this.pending[thread]--;
        this.arrive(chunk);
      });
      worker.on('error', (e) => this.fail(e));
      this.exits.push(new Promise((resolve) => worker.on('exit', (code) => {
        if (this.workers) this.fail(new Error(`a parse thread stopped (exit code ${code})`));
        resolve();
      })));
      return worker;
    });
    return this.workers;
  }

  private arrive(chunk: RowChunk): void {
    const key = `${chunk.file}:${chunk.seq}`;
    const waiter = this.waiting.get(key);
    if (!waiter) { this.arrived.set(key, chunk); return; }
    this.waiting.delete(key);
    waiter.resolve(chunk);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
