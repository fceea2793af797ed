// Collects the rows of one table from one or more files (their union) and types its columns: catalogue
// types first, then types the file declares, else types inferred from the values once all rows are in.
import type { Column } from '../engine/table';
import type { KqlType, Value } from '../engine/values';
import { BAD_CELL, TypeEvidence, badCellMessage, cellConverter } from './cellValue';
import type { CellConverter } from './cellValue';
import { RecordShape } from './recordShape';
import type { ColumnTypeSource, DataIssue, DeclaredColumn, LoadedColumn, LoadedTable, RowOrigin } from './types';

interface Slot {
  name: string;
  /** Known while reading (schema or declared); undefined = infer after reading, cells stay raw until then. */
  type: KqlType | undefined;
  source: ColumnTypeSource;
  /** Converts this column's raw cells; set with the type. */
  convert?: CellConverter;
  /** Rows before this one hold this column's cells raw (the column was typed only after they were read). */
  rawRows: number;
  evidence?: TypeEvidence;
  /** Whether any file supplied this column. */
  present: boolean;
}

/** Receives problems as they are found; returns false when the file has too many errors to go on. */
export type IssueSink = (issue: DataIssue) => boolean;

/** Where the current row came from; `locate` finds a field's own line and column when the reader can. */
export interface RowPlace { line: number; locate?: (field: string) => { line: number; column: number } | undefined }

export class TableBuilder {
  private readonly slots: Slot[] = [];
  private readonly byName = new Map<string, number>();
  private readonly rows: unknown[][] = [];
  /** A row with every column empty (null; '' for strings), copied for each new row: a copy is a packed array. */
  private readonly emptyRow: unknown[] = [];
  private readonly originFile: number[] = [];
  private readonly originLine: number[] = [];
  readonly files: string[] = [];
  bytes = 0;
  private file = -1;
  private header: number[] = [];
  private readonly shape = new RecordShape((name) => this.columnOf(name));

  private report: IssueSink = () => true;

  constructor(readonly table: string, private readonly schema: Column[] | undefined) {
    for (const c of schema ?? []) this.addSlot(c.name, c.type, 'schema');
  }

  /** Starts the rows of another file of this table; its problems go to `report`. */
  beginFile(file: string, bytes: number, report: IssueSink): void {
    this.report = report;
    this.file = this.files.length;
    this.files.push(file);
    this.bytes += bytes;
    this.header = [];
  }

  /** Column order of the positional rows that follow (CSV header, Log Analytics export columns). */
  setHeader(columns: DeclaredColumn[], line: number): void {
    this.header = columns.map((c) => {
      const existing = this.byName.get(c.name);
      if (existing !== undefined) {
        const slot = this.slots[existing];
        if (c.type && slot.type && c.type !== slot.type && slot.source === 'schema') {
          this.issue('information', `column ${c.name} is declared ${c.type} but the table schema says ${slot.type}; using ${slot.type}`, { line }, c.name, 'file');
        }
        if (c.type && slot.type === undefined) this.typeSlot(existing, c.type, 'declared');
        return existing;
      }
      return this.addSlot(c.name, c.type, c.type ? (this.schema ? 'extra' : 'declared') : (this.schema ? 'extra' : 'inferred'));
    });
  }

  /**
   * One row of named values (a JSON object). Its fields are read with for…in, which makes no arrays per row
   * (Object.keys/values would make two): this is the loader's innermost loop.
   */
  addObject(record: Record<string, unknown>, place: RowPlace): boolean {
    const columns = this.shape.columnsOf(record);
    const row = this.emptyRow.slice();
    let i = 0;
    for (const name in record) if (!this.put(row, columns[i++], record[name], place)) return false;
    return this.push(row, place.line);
  }

  /** The column of a field name; a name not seen before gets a new column, typed from its values at the end. */
  columnOf(name: string): number {
    return this.byName.get(name) ?? this.addSlot(name, undefined, this.schema ? 'extra' : 'inferred');
  }

  /** The columns whose type is known while reading (their cells are converted as they are read). */
  typedColumns(): { name: string; type: KqlType }[] {
    return this.slots.filter((s) => s.type !== undefined).map((s) => ({ name: s.name, type: s.type as KqlType }));
  }

  // Rows whose cells were converted elsewhere (by the parallel JSON-lines reader's threads, with the types of
  // typedColumns()): the reader builds them with these four calls, in the order of the file.

  /** A row with every column empty, to fill with putConverted. */
  newRow(): unknown[] {
    return this.emptyRow.slice();
  }

  /** Marks a column as supplied by the data (a field of some row, even if only ever null). */
  markPresent(idx: number): void {
    this.slots[idx].present = true;
  }

  /** Stores a non-null cell: converted to its column's type, or raw in a column not typed yet. */
  putConverted(row: unknown[], idx: number, value: unknown): void {
    const slot = this.slots[idx];
    if (slot.type === undefined) slot.evidence!.add(value);
    row[idx] = value;
  }

  /** Adds a row built with newRow, from `line` of the current file. */
  addRow(row: unknown[], line: number): void {
    this.push(row, line);
  }

  /** One row of values in header order (CSV record, export row). */
  addPositional(values: unknown[], place: RowPlace): boolean {
    if (values.length !== this.header.length) {
      return this.issue('error', `row has ${values.length} values but the header has ${this.header.length} columns`, place)
        && this.push([], place.line);
    }
    const row = this.emptyRow.slice();
    for (let i = 0; i < values.length; i++) if (!this.put(row, this.header[i], values[i], place)) return false;
    return this.push(row, place.line);
  }

  /** Types every column and converts the cells still raw; returns the table. */
  finish(): { table: LoadedTable; columns: LoadedColumn[] } {
    const width = this.slots.length;
    for (let c = 0; c < width; c++) {
      const slot = this.slots[c];
      if (slot.type === undefined) this.typeSlot(c, slot.evidence?.infer() ?? 'string', slot.source);
    }
    // Rows read before a column appeared are shorter; they get its empty value.
    for (const row of this.rows) for (let c = row.length; c < width; c++) row.push(this.emptyRow[c]);
    for (let c = 0; c < width; c++) this.convertRawCells(c);
    this.aliasTimeColumns();
    const columns = this.slots.map((s) => ({ name: s.name, type: s.type as KqlType, source: s.source }));
    const { files, originFile, originLine } = this;
    const table: LoadedTable = {
      name: this.table,
      columns: columns.map(({ name, type }) => ({ name, type })),
      rows: this.rows as Value[][],
      origin: (row: number): RowOrigin => ({ file: files[originFile[row]], line: originLine[row] }),
    };
    return { table, columns };
  }

  /**
   * Sentinel's Defender tables carry both TimeGenerated and Timestamp with the same value; a sample that has
   * only one of them (a Defender portal export has only Timestamp) gets the other, so rules using either work.
   */
  private aliasTimeColumns(): void {
    const tg = this.byName.get('TimeGenerated');
    const ts = this.byName.get('Timestamp');
    if (tg === undefined || ts === undefined) return;
    const [from, to] = [this.slots[tg], this.slots[ts]];
    if (from.present === to.present || from.type !== 'datetime' || to.type !== 'datetime') return;
    const [src, dst] = from.present ? [tg, ts] : [ts, tg];
    for (const row of this.rows) row[dst] = row[src];
    this.slots[dst].present = true;
    this.report({ scope: 'file', severity: 'information', message: `${this.table}: no ${this.slots[dst].name} column in the data; it is a copy of ${this.slots[src].name}`, file: this.files[0] ?? '', line: 1, column: 1, field: this.slots[dst].name });
  }

  private put(row: unknown[], idx: number, raw: unknown, place: RowPlace): boolean {
    const slot = this.slots[idx];
    slot.present = true;
    // A null cell leaves the row's empty value, which is what it converts to (null; "" for strings) and, in a
    // column not typed yet, the raw null itself.
    if (raw === null) return true;
    if (slot.type === undefined) {
      slot.evidence!.add(raw);
      row[idx] = raw;
      return true;
    }
    const value = slot.convert!(raw);
    if (value === BAD_CELL) {
      row[idx] = null;
      return this.issue('error', badCellMessage(raw, slot.type, slot.name), place, slot.name);
    }
    row[idx] = value;
    return true;
  }

  private typeSlot(idx: number, type: KqlType, source: ColumnTypeSource): void {
    const slot = this.slots[idx];
    slot.type = type;
    slot.source = source;
    slot.convert = cellConverter(type);
    slot.rawRows = this.rows.length;
    this.emptyRow[idx] = type === 'string' ? '' : null;
  }

  /** Converts the cells of column `c` read before it was typed; an inferred type fits them all. */
  private convertRawCells(c: number): void {
    const slot = this.slots[c];
    for (let r = 0; r < slot.rawRows; r++) {
      const raw = this.rows[r][c];
      const value = slot.convert!(raw);
      this.rows[r][c] = value === BAD_CELL ? null : value;
      if (value === BAD_CELL) {
        this.report({ scope: 'row', severity: 'error', message: `cannot read ${JSON.stringify(raw)} as ${slot.type} (column ${slot.name}, typed by a later file)`, file: this.files[this.originFile[r]], line: this.originLine[r], column: 1, field: slot.name });
      }
    }
  }

  private push(row: unknown[], line: number): boolean {
    this.rows.push(row);
    this.originFile.push(this.file);
    this.originLine.push(line);
    return true;
  }

  private addSlot(name: string, type: KqlType | undefined, source: ColumnTypeSource): number {
    const idx = this.slots.length;
    this.slots.push({ name, type, source, convert: type ? cellConverter(type) : undefined, rawRows: 0, evidence: type ? undefined : new TypeEvidence(), present: false });
    this.emptyRow.push(type === 'string' ? '' : null);
    this.byName.set(name, idx);
    return idx;
  }

  private issue(severity: DataIssue['severity'], message: string, place: RowPlace, field?: string, scope: DataIssue['scope'] = 'row'): boolean {
    const at = (field && place.locate?.(field)) || { line: place.line, column: 1 };
    return this.report({ scope, severity, message, file: this.files[this.file] ?? '', line: at.line, column: at.column, field });
  }
}
