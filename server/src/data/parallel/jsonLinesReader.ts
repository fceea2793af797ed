// JSON lines parsed by worker threads. The main thread reads the file in runs of whole lines (about 1 MB),
// sends each to the least busy thread, and adds the converted rows in the file's order, so rows, their lines,
// column order, types and issues are those of the main-thread reader (readers/jsonLines.ts). A thread answers
// its runs in the order it gets them, so its pooled values and columns grow in the order the main thread reads
// them. Only a few runs are in flight at a time, so a large file is never held whole.
import type { DataFile } from '../dataFiles';
import type { IssueSink, TableBuilder } from '../tableBuilder';
import { forEachLineRun } from '../readers/lines';
import type { ParseThreads } from './parseThreads';
import { RowChunkReader } from './rowChunk';

/**
 * Runs in flight per thread: enough to keep every thread busy through the main thread's garbage-collection
 * pauses, which are long (up to a few hundred milliseconds on a busy machine) because every row it builds
 * survives; a run takes a thread a few milliseconds. With 8, the threads waited 12–16 % of the time; with
 * 16, 3 %. 16 runs of 1 MB per thread are what a large file costs in memory while it is read.
 */
const RUNS_PER_THREAD = 16;

export async function readJsonLinesInThreads(file: DataFile, builder: TableBuilder, report: IssueSink, threads: ParseThreads): Promise<void> {
  const id = threads.begin(builder.typedColumns());
  const readers = Array.from({ length: threads.count }, () => new RowChunkReader(builder, file.path));
  /** The thread each run went to: its rows' pooled values are in that thread's table. */
  const threadOfRun: number[] = [];
  let sent = 0;
  let added = 0;
  let lines = 0;
  let going = true;
  const addNext = async (): Promise<void> => {
    const seq = added++;
    const chunk = await threads.chunk(id, seq);
    if (going) going = readers[threadOfRun[seq]].add(chunk, lines, report);
    lines += chunk.lines;
  };
  try {
    await forEachLineRun(file, async (bytes) => {
      threadOfRun.push(threads.send(id, sent++, bytes)); // each run has its own buffer, moved to the thread
      while (going && sent - added >= threads.count * RUNS_PER_THREAD) await addNext();
      return going;
    }, true);
    while (going && added < sent) await addNext();
  } catch (e) {
    going = false;
    throw e;
  } finally {
    // Every chunk sent is taken, also after a stop, so none is left for a later file.
    while (added < sent) await addNext().catch(() => undefined);
  }
}
