// JSON lines: one object per line, read line by line from a stream (a large file is never one string).
import type { DataFile } from '../dataFiles';
import type { TableBuilder } from '../tableBuilder';
import type { IssueSink, RowPlace } from '../tableBuilder';
import { forEachLine } from './lines';
import { TextPositions } from './jsonPositions';

export async function readJsonLines(file: DataFile, builder: TableBuilder, report: IssueSink): Promise<void> {
  // One place for every row (the builder reads it while adding the row and keeps nothing of it).
  let current = '';
  const place: RowPlace = { line: 0, locate: (field) => keyOnLine(current, field, place.line) };
  await forEachLine(file, (text, lineNo) => {
    const line = lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (line.charCodeAt(0) !== 123 /* { */ && line.trim() === '') return true;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (e) {
      return report({ scope: 'row', severity: 'error', message: `malformed JSON line: ${(e as Error).message}`, file: file.path, line: lineNo, column: new TextPositions(line).ofParseError(e).column });
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      return report({ scope: 'row', severity: 'error', message: 'a JSON line must be an object of column values', file: file.path, line: lineNo, column: 1 });
    }
    current = line;
    place.line = lineNo;
    return builder.addObject(record as Record<string, unknown>, place);
  });
}

/** Line and column of the `"field"` key on a single JSON line, if it is written there. */
function keyOnLine(lineText: string, field: string, line: number): { line: number; column: number } | undefined {
  const at = lineText.indexOf(JSON.stringify(field));
  return at < 0 ? undefined : { line, column: at + 1 };
}
