// One line of a JSON-lines file: its object, or the problem with it. Shared by the main-thread reader and the
// parallel reader's threads, so both accept the same lines and report the same problems at the same places.
import type { DataIssue } from '../types';
import { TextPositions } from './jsonPositions';

/** A line's problem as a row issue of its file; `file` is filled in by whoever knows it. */
export type LineIssue = Omit<DataIssue, 'file'>;

/** A line that is not an object of column values (a class, so no parsed object can be mistaken for one). */
export class LineProblem {
  constructor(readonly issue: LineIssue) {}
}

/** The line's text without the byte-order mark the file's first line may start with. */
export function lineText(text: string, firstOfFile: boolean): string {
  return firstOfFile && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The object of a JSON line (as `lineText` gives it), undefined for a blank line, or its problem. */
export function parseJsonLine(text: string, line: number): Record<string, unknown> | LineProblem | undefined {
  if (text.charCodeAt(0) !== 123 /* { */ && text.trim() === '') return undefined;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (e) {
    return new LineProblem({ scope: 'row', severity: 'error', message: `malformed JSON line: ${(e as Error).message}`, line, column: new TextPositions(text).ofParseError(e).column });
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return new LineProblem({ scope: 'row', severity: 'error', message: 'a JSON line must be an object of column values', line, column: 1 });
  }
  return record as Record<string, unknown>;
}

/** Line and column of the `"field"` key on a single JSON line, if it is written there. */
export function keyOnLine(text: string, field: string, line: number): { line: number; column: number } | undefined {
  const at = text.indexOf(JSON.stringify(field));
  return at < 0 ? undefined : { line, column: at + 1 };
}
