// JSON lines: one object per line, read line by line from a stream (a large file is never one string).
import { createInterface } from 'node:readline';
import type { DataFile } from '../dataFiles';
import type { TableBuilder } from '../tableBuilder';
import type { IssueSink } from '../tableBuilder';
import { openDataFile } from './source';
import { TextPositions } from './jsonPositions';

export async function readJsonLines(file: DataFile, builder: TableBuilder, report: IssueSink): Promise<void> {
  const lines = createInterface({ input: openDataFile(file), crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const text of lines) {
      lineNo++;
      const trimmed = lineNo === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (trimmed.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(trimmed);
      } catch (e) {
        if (!report({ scope: 'row', severity: 'error', message: `malformed JSON line: ${(e as Error).message}`, file: file.path, line: lineNo, column: new TextPositions(trimmed).ofParseError(e).column })) return;
        continue;
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        if (!report({ scope: 'row', severity: 'error', message: 'a JSON line must be an object of column values', file: file.path, line: lineNo, column: 1 })) return;
        continue;
      }
      if (!builder.addObject(record as Record<string, unknown>, { line: lineNo, locate: (field) => keyOnLine(trimmed, field, lineNo) })) return;
    }
  } finally {
    lines.close();
  }
}

/** Line and column of the `"field"` key on a single JSON line, if it is written there. */
function keyOnLine(lineText: string, field: string, line: number): { line: number; column: number } | undefined {
  const at = lineText.indexOf(JSON.stringify(field));
  return at < 0 ? undefined : { line, column: at + 1 };
}
