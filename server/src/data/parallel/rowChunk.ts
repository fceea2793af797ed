// The rows of one run of JSON lines, converted by a parse thread and sent to the main thread as a few typed
// arrays (moved, not copied) plus the few values that need a structured clone. Moving rows as objects would
// cost the main thread about as much as parsing them; this way it only builds the row arrays.
//
// Each non-null cell is a column number, a kind and a number: the value itself (NUMBER), an id in the thread's
// table of pooled values (POOLED: a text, or a datetime or real, that its column repeats; sent once per file
// and thread, so the main thread keeps one copy, as the main-thread reader's pools do), an index in `values`
// (VALUE: a text that does not repeat, an array, an object), or true/false. A null cell is not sent: the row
// keeps its column's empty value, which is what null converts to. Column numbers and pooled ids are the
// thread's own, for the file; `newColumns` and `newPooled` extend them with each chunk.
import type { KqlType } from '../../engine/values';
import { BAD_CELL, badCellMessage, cellConverter } from '../cellValue';
import type { CellConverter } from '../cellValue';
import type { LineIssue } from '../readers/jsonLine';
import { keyOnLine } from '../readers/jsonLine';
import type { IssueSink, TableBuilder } from '../tableBuilder';
import { RecordShape } from '../recordShape';
import { RepeatTable } from '../valuePool';

const NUMBER = 0;
const POOLED = 1;
const VALUE = 2;
const TRUE = 3;
const FALSE = 4;

/**
 * A problem found while converting a run, with the chunk row it comes before (a line that is not a row) or is
 * about (`inRow`: a bad cell; the row's new columns come before it, as the main-thread reader adds them).
 */
export interface ChunkIssue { row: number; inRow: boolean; issue: LineIssue }

export interface RowChunk {
  file: number;
  seq: number;
  /** Lines in the run (blank and malformed ones included): the next run's first line follows them. */
  lines: number;
  rows: number;
  /** Line of each row, 1-based within the run (the arrays are moved whole: they may be longer than used). */
  rowLines: Int32Array;
  /** Where each row's cells end (exclusive), in the cell arrays. */
  rowEnds: Int32Array;
  cellColumns: Int32Array;
  cellKinds: Uint8Array;
  cellNumbers: Float64Array;
  values: unknown[];
  /** Field names the thread had not seen in the file, and the chunk row each first appears in. */
  newColumns: string[];
  newColumnRows: number[];
  newPooled: (string | number)[];
  issues: ChunkIssue[];
}

/** The buffers a chunk's message moves to the main thread. */
export function chunkTransfers(chunk: RowChunk): ArrayBuffer[] {
  return [chunk.rowLines.buffer, chunk.rowEnds.buffer, chunk.cellColumns.buffer, chunk.cellKinds.buffer, chunk.cellNumbers.buffer] as ArrayBuffer[];
}

/** Thread side: converts the rows of one file's runs, as the builder would, into chunks. */
export class RowChunkWriter {
  private readonly columns = new Map<string, number>();
  private readonly types: (KqlType | undefined)[] = [];
  private readonly converters: (CellConverter | undefined)[] = [];
  private readonly texts: RepeatTable<string, number>[] = [];
  private readonly numbers: RepeatTable<number, number>[] = [];
  private pooledCount = 0;
  private readonly shape = new RecordShape((name) => this.columns.get(name) ?? this.addColumn(name));
  // The chunk being written.
  private rows = 0;
  private cells = 0;
  private rowLines = new Int32Array(1024);
  private rowEnds = new Int32Array(1024);
  private cellColumns = new Int32Array(16384);
  private cellKinds = new Uint8Array(16384);
  private cellNumbers = new Float64Array(16384);
  private values: unknown[] = [];
  private newColumns: string[] = [];
  private newColumnRows: number[] = [];
  private newPooled: (string | number)[] = [];
  private issues: ChunkIssue[] = [];

  /** `typed`: the builder's typedColumns() when the file starts; other columns' cells are sent raw. */
  constructor(private readonly typed: Map<string, KqlType>) {}

  /** A line that is not a row. */
  addIssue(issue: LineIssue): void {
    this.issues.push({ row: this.rows, inRow: false, issue });
  }

  /** One object of a line (`text`, for the positions of bad cells). */
  addRow(record: Record<string, unknown>, line: number, text: string): void {
    const columns = this.shape.columnsOf(record);
    if (this.rows === this.rowEnds.length) this.growRows();
    let i = 0;
    for (const name in record) {
      const column = columns[i++];
      const raw = record[name];
      if (raw === null) continue;
      const convert = this.converters[column];
      if (convert === undefined) { this.putCell(column, raw); continue; }
      const value = convert(raw);
      if (value === BAD_CELL) {
        const at = keyOnLine(text, name, line) ?? { line, column: 1 };
        this.issues.push({ row: this.rows, inRow: true, issue: { scope: 'row', severity: 'error', message: badCellMessage(raw, this.types[column]!, name), line: at.line, column: at.column, field: name } });
      } else if (value !== null) {
        this.putCell(column, value);
      }
    }
    this.rowLines[this.rows] = line;
    this.rowEnds[this.rows++] = this.cells;
  }

  /** The chunk written since the last one; the writer starts a new one. */
  take(file: number, seq: number, lines: number): RowChunk {
    const chunk: RowChunk = {
      file, seq, lines, rows: this.rows,
      rowLines: this.rowLines, rowEnds: this.rowEnds, cellColumns: this.cellColumns, cellKinds: this.cellKinds, cellNumbers: this.cellNumbers,
      values: this.values, newColumns: this.newColumns, newColumnRows: this.newColumnRows, newPooled: this.newPooled, issues: this.issues,
    };
    // The arrays are moved to the main thread; the next chunk gets new ones of the sizes this one needed.
    this.rowLines = new Int32Array(this.rowLines.length);
    this.rowEnds = new Int32Array(this.rowEnds.length);
    this.cellColumns = new Int32Array(this.cellColumns.length);
    this.cellKinds = new Uint8Array(this.cellKinds.length);
    this.cellNumbers = new Float64Array(this.cellNumbers.length);
    this.rows = 0;
    this.cells = 0;
    this.values = [];
    this.newColumns = [];
    this.newColumnRows = [];
    this.newPooled = [];
    this.issues = [];
    return chunk;
  }

  private putCell(column: number, value: unknown): void {
    if (this.cells === this.cellKinds.length) this.growCells();
    const at = this.cells++;
    this.cellColumns[at] = column;
    switch (typeof value) {
      case 'number': {
        // Integers of 32 bits (0 and -0 too) are not boxed on the main thread; other numbers are, once each when
        // pooled.
        const id = (value | 0) === value ? undefined : this.numbers[column].entry(value);
        this.cellKinds[at] = id === undefined ? NUMBER : POOLED;
        this.cellNumbers[at] = id === undefined ? value : id;
        return;
      }
      case 'boolean':
        this.cellKinds[at] = value ? TRUE : FALSE;
        return;
      case 'string': {
        const id = this.texts[column].entry(value);
        if (id !== undefined) {
          this.cellKinds[at] = POOLED;
          this.cellNumbers[at] = id;
          return;
        }
      }
    }
    this.cellKinds[at] = VALUE;
    this.cellNumbers[at] = this.values.length;
    this.values.push(value);
  }

  private addColumn(name: string): number {
    const column = this.columns.size;
    const type = this.typed.get(name);
    this.columns.set(name, column);
    this.types.push(type);
    // Texts are pooled here, by id, so the converter does not pool them again.
    this.converters.push(type === undefined ? undefined : cellConverter(type, false));
    this.texts.push(new RepeatTable<string, number>((text) => this.pool(text)));
    this.numbers.push(new RepeatTable<number, number>((n) => this.pool(n)));
    this.newColumns.push(name);
    this.newColumnRows.push(this.rows);
    return column;
  }

  /** A new pooled value's id. */
  private pool(value: string | number): number {
    this.newPooled.push(value);
    return this.pooledCount++;
  }

  private growRows(): void {
    this.rowLines = grown(this.rowLines, new Int32Array(this.rowLines.length * 2));
    this.rowEnds = grown(this.rowEnds, new Int32Array(this.rowEnds.length * 2));
  }

  private growCells(): void {
    const n = this.cellKinds.length * 2;
    this.cellColumns = grown(this.cellColumns, new Int32Array(n));
    this.cellKinds = grown(this.cellKinds, new Uint8Array(n));
    this.cellNumbers = grown(this.cellNumbers, new Float64Array(n));
  }
}

function grown<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Main-thread side: the rows of one thread's chunks of a file, added to the table in the file's order. */
export class RowChunkReader {
  /** The builder's column of each of the thread's column numbers. */
  private readonly columns: number[] = [];
  private readonly pooled: (string | number)[] = [];

  constructor(private readonly builder: TableBuilder, private readonly file: string) {}

  /**
   * Adds the chunk's rows (lines numbered after `linesBefore`) and reports its issues where they come; false
   * when the sink said to stop (the rest of the chunk is not added, as the main-thread reader would stop).
   */
  add(chunk: RowChunk, linesBefore: number, report: IssueSink): boolean {
    const { builder, columns, pooled } = this;
    for (const value of chunk.newPooled) pooled.push(value);
    const { rowLines, rowEnds, cellColumns, cellKinds, cellNumbers, values, issues, newColumns, newColumnRows } = chunk;
    let issue = 0;
    let newColumn = 0;
    let cell = 0;
    const reportUpTo = (row: number, inRow: boolean): boolean => {
      for (; issue < issues.length && issues[issue].row === row && issues[issue].inRow === inRow; issue++) {
        const found = issues[issue].issue;
        if (!report({ ...found, file: this.file, line: linesBefore + found.line })) return false;
      }
      return true;
    };
    for (let r = 0; r <= chunk.rows; r++) {
      if (!reportUpTo(r, false)) return false;
      if (r === chunk.rows) break;
      for (; newColumn < newColumns.length && newColumnRows[newColumn] === r; newColumn++) {
        const column = builder.columnOf(newColumns[newColumn]);
        builder.markPresent(column);
        columns.push(column);
      }
      if (!reportUpTo(r, true)) return false;
      const row = builder.newRow();
      for (const end = rowEnds[r]; cell < end; cell++) {
        const kind = cellKinds[cell];
        const n = cellNumbers[cell];
        const value = kind === NUMBER ? n : kind === POOLED ? pooled[n] : kind === VALUE ? values[n] : kind === TRUE;
        builder.putConverted(row, columns[cellColumns[cell]], value);
      }
      builder.addRow(row, linesBefore + rowLines[r]);
    }
    return true;
  }
}
