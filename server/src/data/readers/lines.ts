// The lines of a (possibly gzipped) data file, read in large chunks into one reused buffer. Fresh memory is
// what costs most when reading a big file (a new buffer per chunk and a string per chunk are page faults and
// garbage), so bytes are read into the same buffer, each line is decoded once straight from it, and never
// more than a chunk and one unfinished line are held.
import { open } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import type { DataFile } from '../dataFiles';
import { openDataFile } from './source';

/** Bytes read at a time: large enough that per-chunk costs vanish, small enough to stay in the cache. */
const CHUNK_BYTES = 1 << 20;

/** Fills `target` from `offset` with the next bytes of a file; 0 at its end. */
interface ByteReader { read(target: Buffer, offset: number): Promise<number>; close(): Promise<void> }

/**
 * Calls `onLine` with every line (without its `\n` or `\r\n`) and its 1-based number, in order; stops early when
 * it returns false. A last line without a line break is a line too.
 */
export async function forEachLine(file: DataFile, onLine: (text: string, line: number) => boolean): Promise<void> {
  let lines = 0;
  await forEachLineRun(file, (bytes) => {
    const count = forEachLineOf(bytes, lines + 1, onLine);
    lines += count;
    return count >= 0;
  });
}

/**
 * Calls `onRun` with the file's bytes in runs of whole lines (each run ends with a line break, except the file's
 * last), in order; stops early when it returns false. The bytes are a view of a reused buffer, valid only until
 * `onRun` returns (or its promise settles); with `keep`, each run has a buffer of its own that `onRun` may keep
 * (or move to another thread).
 */
export async function forEachLineRun(file: DataFile, onRun: (bytes: Buffer) => boolean | Promise<boolean>, keep = false): Promise<void> {
  const reader = file.gzip ? gunzipReader(file) : await plainReader(file.path);
  let buffer: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let filled = 0; // bytes of an unfinished line at the start of the buffer
  try {
    for (;;) {
      if (filled === buffer.length) buffer = grown(buffer); // one line longer than the buffer
      const read = await reader.read(buffer, filled);
      const end = filled + read;
      // At the end of the file the unfinished line is complete; otherwise lines end at the last line break.
      const complete = read === 0 ? end : buffer.lastIndexOf(10 /* \n */, end - 1) + 1;
      if (keep && complete > 0) {
        // The unfinished line goes to a new buffer first: once given away, this one may be gone.
        const next = Buffer.allocUnsafeSlow(buffer.length);
        buffer.copy(next, 0, complete, end);
        const run = buffer.subarray(0, complete);
        buffer = next;
        if (!await onRun(run)) return;
      } else {
        if (complete > 0 && !await onRun(buffer.subarray(0, complete))) return;
        buffer.copyWithin(0, complete, end);
      }
      if (read === 0) return;
      filled = end - complete;
    }
  } finally {
    await reader.close();
  }
}

/**
 * Calls `onLine` with each line of a run of whole lines, numbered from `firstLine`; returns how many lines
 * the run has, or -1 when `onLine` stopped the reading.
 */
export function forEachLineOf(bytes: Buffer, firstLine: number, onLine: (text: string, line: number) => boolean): number {
  // Latin-1 decoding of ASCII is a plain copy into a one-byte string; UTF-8 decoding is several times slower
  // and makes a two-byte string, so it is used only for the lines that need it.
  const allAscii = isAscii(bytes);
  const end = bytes.length;
  let line = firstLine;
  for (let start = 0; start < end; line++) {
    let stop = bytes.indexOf(10, start);
    if (stop < 0) stop = end;
    const next = stop + 1;
    if (stop > start && bytes[stop - 1] === 13 /* \r */) stop--;
    const ascii = allAscii || isAscii(bytes.subarray(start, stop));
    if (!onLine(bytes.toString(ascii ? 'latin1' : 'utf8', start, stop), line)) return -1;
    start = next;
  }
  return line - firstLine;
}

function grown(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}

async function plainReader(path: string): Promise<ByteReader> {
  const handle = await open(path, 'r');
  return {
    read: async (target, offset) => (await handle.read(target, offset, target.length - offset, null)).bytesRead,
    close: () => handle.close(),
  };
}

/** Decompressed bytes of a .gz file, copied from the decompressor's chunks into the caller's buffer. */
function gunzipReader(file: DataFile): ByteReader {
  const stream = openDataFile(file, CHUNK_BYTES);
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let chunk: Buffer = Buffer.alloc(0);
  let used = 0;
  return {
    async read(target, offset) {
      while (used === chunk.length) {
        const next = await chunks.next();
        if (next.done) return 0;
        chunk = next.value;
        used = 0;
      }
      const copied = chunk.copy(target, offset, used);
      used += copied;
      return copied;
    },
    close: async () => { stream.destroy(); },
  };
}
