import type { KqlType, Value } from './values';

export interface Column { name: string; type: KqlType }

/** A tabular value: typed columns and rows as arrays in column order (values per engine/values.ts). */
export interface Table { columns: Column[]; rows: Value[][] }

/** A named source table the engine reads (sample data, datatable, a let-bound result). */
export interface NamedTable extends Table { name: string }
