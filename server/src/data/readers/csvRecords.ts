// CSV records (RFC 4180: comma-separated, fields optionally in double quotes with "" for a quote, quoted fields
// may span lines) from the lines of a file. A hand-written splitter over whole lines: it finds field ends with
// indexOf and takes fields as slices, which is several times faster than a general character-by-character
// parser, and it knows each record's first line and each field's column for error messages.
import type { DataFile } from '../dataFiles';
import { forEachLine } from './lines';

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
  /** 1-based character column (in the record's text) where each field starts. */
  columns: number[];
}

/** Why a record could not be split, and where (1-based line and column). */
export interface CsvProblem { message: string; line: number; column: number }

/**
 * Calls `onRecord` for every non-empty record and `onProblem` for a malformed one (which is skipped); either
 * stops the reading by returning false. Lines inside a quoted field keep their line break as `\n`.
 */
export async function forEachCsvRecord(
  file: DataFile,
  onRecord: (record: CsvRecord) => boolean,
  onProblem: (problem: CsvProblem) => boolean,
): Promise<void> {
  let pending: string | undefined; // the lines so far of a record whose quoted field is still open
  let pendingLine = 0;
  let lastLine = 0;
  await forEachLine(file, (text, line) => {
    lastLine = line;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const startLine = pending === undefined ? line : pendingLine;
    const record = pending === undefined ? text : `${pending}\n${text}`;
    if (pending === undefined && text.length === 0) return true;
    const split = splitRecord(record);
    if (split === 'open') {
      pending = record;
      pendingLine = startLine;
      return true;
    }
    pending = undefined;
    if ('problem' in split) return onProblem({ message: split.problem, ...positionIn(record, startLine, split.at) });
    return onRecord({ fields: split.fields, line: startLine, columns: split.columns });
  });
  if (pending !== undefined) onProblem({ message: `a quoted field is not closed before the end of the file (the record ends on line ${lastLine})`, line: pendingLine, column: 1 });
}

/** The fields and their 1-based columns, or a problem at a 0-based offset, or 'open'. */
type Split = { fields: string[]; columns: number[] } | { problem: string; at: number } | 'open';

/** The fields of one record's text, 'open' when a quoted field continues on the next line. */
function splitRecord(text: string): Split {
  const fields: string[] = [];
  const columns: number[] = [];
  // A bare \r in an unquoted field is a line end this reader does not split on (old Mac files): an error,
  // not a header swallowing the whole file.
  const hasReturn = text.indexOf('\r') >= 0;
  let pos = 0;
  for (;;) {
    columns.push(pos + 1);
    if (text.charCodeAt(pos) === 34 /* " */) {
      let close = pos + 1;
      let escaped = false;
      for (;;) {
        close = text.indexOf('"', close);
        if (close < 0) return 'open';
        if (text.charCodeAt(close + 1) !== 34) break;
        escaped = true;
        close += 2;
      }
      const value = text.slice(pos + 1, close);
      fields.push(escaped ? value.replace(/""/g, '"') : value);
      pos = close + 1;
      if (pos === text.length) return { fields, columns };
      if (text.charCodeAt(pos) !== 44 /* , */) return { problem: `unexpected ${JSON.stringify(text[pos])} after a quoted field (a quote inside a field is written "")`, at: pos };
      pos++;
    } else {
      let end = text.indexOf(',', pos);
      if (end < 0) end = text.length;
      const quote = text.indexOf('"', pos);
      if (quote >= 0 && quote < end) return { problem: 'a quote inside an unquoted field (quote the whole field and write the quote as "")', at: quote };
      const cr = hasReturn ? text.indexOf('\r', pos) : -1;
      if (cr >= 0 && cr < end) return { problem: 'a carriage return inside an unquoted field (lines must end with \\n or \\r\\n)', at: cr };
      fields.push(text.slice(pos, end));
      if (end === text.length) return { fields, columns };
      pos = end + 1;
    }
  }
}

/** Line and column of character `offset` of a record's text that starts on `line`. */
function positionIn(text: string, line: number, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.split('\n').length - 1;
  return { line: line + breaks, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
