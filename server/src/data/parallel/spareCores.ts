// How many cores other processes leave free right now: parse threads only pay when about two are (they add
// work, and the main thread's garbage collector needs a core too). Measured over a short window rather than
// read from the load average, which is a minute late and counts this process's own recent work (a benchmark
// that has just written its data, a reader that has just read a small file).
import { cpus } from 'node:os';

/** The shortest window that gives a usable reading (the kernel counts CPU time in 10 ms ticks). */
const WINDOW_MS = 100;

function cpuTotals(): { busy: number; all: number } {
  let busy = 0;
  let all = 0;
  for (const { times } of cpus()) {
    const total = times.user + times.nice + times.sys + times.idle + times.irq;
    all += total;
    busy += total - times.idle;
  }
  return { busy, all };
}

/** Started when loading starts; `measure` ends the window (waiting for the rest of it when it is too short). */
export class SpareCores {
  private readonly machine = cpuTotals();
  private readonly own = process.cpuUsage();
  private readonly started = performance.now();

  /** Cores not used by other processes during the window (this process's own CPU time does not count). */
  async measure(): Promise<number> {
    const wait = WINDOW_MS - (performance.now() - this.started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const now = cpuTotals();
    const own = process.cpuUsage(this.own);
    const cores = cpus().length;
    const all = now.all - this.machine.all;
    if (all <= 0) return cores;
    const othersBusy = Math.max(0, now.busy - this.machine.busy - (own.user + own.system) / 1000);
    return cores * (1 - othersBusy / all);
  }
}
