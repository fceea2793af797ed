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
  const reader = file.gzip ? gunzipReader(file) : await plainReader(file.path);
  let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0; // bytes of an unfinished line at the start of the buffer
  let line = 0;
  try {
    for (;;) {
      if (filled === buffer.length) buffer = grown(buffer); // one line longer than the buffer
      const read = await reader.read(buffer, filled);
      const end = filled + read;
      // At the end of the file the unfinished line is complete; otherwise lines end at the last line break.
      const complete = read === 0 ? end : buffer.lastIndexOf(10 /* \n */, end - 1) + 1;
      // Latin-1 decoding of ASCII is a plain copy into a one-byte string; UTF-8 decoding is several times slower
      // and makes a two-byte string, so it is used only for the lines that need it.
      const allAscii = isAscii(buffer.subarray(0, complete));
      for (let start = 0; start < complete;) {
        let stop = buffer.indexOf(10, start);
        if (stop < 0 || stop >= complete) stop = complete;
        const next = stop + 1;
        if (stop > start && buffer[stop - 1] === 13 /* \r */) stop--;
        const ascii = allAscii || isAscii(buffer.subarray(start, stop));
        if (!onLine(buffer.toString(ascii ? 'latin1' : 'utf8', start, stop), ++line)) return;
        start = next;
      }
      if (read === 0) return;
      buffer.copyWithin(0, complete, end);
      filled = end - complete;
    }
  } finally {
    await reader.close();
  }
}

function grown(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
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
