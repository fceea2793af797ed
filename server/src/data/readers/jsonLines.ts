// JSON lines: one object per line, read line by line from a stream (a large file is never one string). A large
// file is parsed by worker threads when there are any (parallel/jsonLinesReader.ts); the rows, their types and
// the problems reported are the same either way.
import type { DataFile } from '../dataFiles';
import type { IssueSink, RowPlace, TableBuilder } from '../tableBuilder';
import type { ParseThreads } from '../parallel/parseThreads';
import { readJsonLinesInThreads } from '../parallel/jsonLinesReader';
import { forEachLine } from './lines';
import { LineProblem, keyOnLine, lineText, parseJsonLine } from './jsonLine';

export async function readJsonLines(file: DataFile, builder: TableBuilder, report: IssueSink, threads?: ParseThreads): Promise<void> {
  if (threads && await threads.worthIt(file)) return readJsonLinesInThreads(file, builder, report, threads);
  // One place for every row (the builder reads it while adding the row and keeps nothing of it).
  let current = '';
  const place: RowPlace = { line: 0, locate: (field) => keyOnLine(current, field, place.line) };
  await forEachLine(file, (text, lineNo) => {
    const line = lineText(text, lineNo === 1);
    const record = parseJsonLine(line, lineNo);
    if (record === undefined) return true;
    if (record instanceof LineProblem) return report({ ...record.issue, file: file.path });
    current = line;
    place.line = lineNo;
    return builder.addObject(record, place);
  });
}
