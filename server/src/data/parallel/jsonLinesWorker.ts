// A parse thread of the parallel JSON-lines reader: it gets a file's column types, then runs of whole lines,
// and answers each run with its rows converted (rowChunk.ts). Started by parseThreads.ts.
import { parentPort } from 'node:worker_threads';
import { forEachLineOf } from '../readers/lines';
import { LineProblem, lineText, parseJsonLine } from '../readers/jsonLine';
import { RowChunkWriter, chunkTransfers } from './rowChunk';
import type { ThreadMessage } from './parseThreads';

let writer: RowChunkWriter | undefined;

parentPort!.on('message', (m: ThreadMessage) => {
  if (m.kind === 'end') {
    parentPort!.close();
    return;
  }
  if (m.kind === 'begin') {
    writer = new RowChunkWriter(new Map(m.types.map((c) => [c.name, c.type])));
    return;
  }
  const rows = writer!;
  const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
  const lines = forEachLineOf(bytes, 1, (raw, line) => {
    const text = lineText(raw, m.first && line === 1);
    const record = parseJsonLine(text, line);
    if (record instanceof LineProblem) rows.addIssue(record.issue);
    else if (record !== undefined) rows.addRow(record, line, text);
    return true;
  });
  const chunk = rows.take(m.file, m.seq, lines);
  parentPort!.postMessage(chunk, chunkTransfers(chunk));
});
