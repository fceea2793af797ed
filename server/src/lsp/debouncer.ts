/**
 * Runs a job per key after a quiet time, at most one run per key at a time. A request that arrives while a
 * run is in flight is queued as one more run after it, so a slow analysis never stacks up and the last
 * edit is always analysed. (Staleness of a finished run is the job's own check: it compares versions.)
 */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();

  constructor(private readonly job: (key: string) => Promise<void>) {}

  schedule(key: string, delayMs: number): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); void this.start(key); }, delayMs));
  }

  cancel(key: string): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.again.delete(key);
  }

  private async start(key: string): Promise<void> {
    if (this.running.has(key)) { this.again.add(key); return; }
    this.running.add(key);
    try {
      await this.job(key);
    } finally {
      this.running.delete(key);
      if (this.again.delete(key)) void this.start(key);
    }
  }
}
