// Row lineage (opt-in, `runWithStats(…, { lineage: true })`): for every row a run produces, the source rows
// (rows of the run's data tables) it was derived from. Rows are plain arrays, so lineage is kept by row
// identity: an operator that passes a row through (where, sort, take, semi joins, materialize) keeps its
// lineage for free; an operator that builds a new row registers it here through one call (derive,
// deriveEach, constant, or a group collector). A row no operator registered, and that is not a source row,
// has unknown lineage: an operator that does not record lineage yet makes its rows "unknown", never wrong.
import type { Row } from './plan';
import type { Sources } from './runState';
import type { Table } from './table';

/** Most source rows kept per row; `total` still counts past it (a summarize over 1M rows keeps 50 refs). */
export const LINEAGE_CAP = 50;

/** A source row: a row object of a data table as the run's `Sources` gave it. */
export interface SourceRow { table: string; row: Row }

/** The source rows of one output row. */
export interface RowSources {
  /** The first LINEAGE_CAP distinct source rows, in the order they were met. */
  rows: SourceRow[];
  /**
   * How many source rows the row was derived from. Exact while it is at most LINEAGE_CAP; past the cap the
   * rest are counted, not kept, so a source row reached through two paths (a self-join) may count twice.
   */
  total: number;
}

/** Internal form: source row objects (their table is looked up when resolved). */
interface Derivation { rows: Row[]; total: number }

/** Marks a row whose derivation is not known (an input of unknown lineage, or an operator that did not say). */
const UNKNOWN = null;

const NONE: Derivation = Object.freeze({ rows: [], total: 0 }) as Derivation;

/**
 * What is stored per built row: the one source row it comes from (most rows: extend, project, a column
 * reorder; no allocation per row), a shared Derivation, or UNKNOWN. A source row never changes its lineage,
 * so pointing at it is safe; a built row may (the fused join's reused buffer), so its link is copied instead.
 */
type Link = Row | Derivation | typeof UNKNOWN;

/** Accumulates the derivation of several rows (a group of summarize, the inputs of one joined row). */
class Accumulator {
  /** Also the set of rows seen: at most LINEAGE_CAP, so a linear search beats allocating a Set per joined row. */
  private rows: Row[] = [];
  private total = 0;
  private unknown = false;

  add(link: Link): void {
    if (this.unknown) return;
    if (link === UNKNOWN) { this.unknown = true; return; }
    if (Array.isArray(link)) { this.addSourceRow(link); return; }
    for (const r of link.rows) this.addSourceRow(r);
    // Rows past the input's cap are only counted: they cannot be told apart from ours.
    this.total += link.total - link.rows.length;
  }

  /**
   * One source row. Rows already kept count once (the same row through two inputs of a join); only the first
   * LINEAGE_CAP are kept, so past the cap a repeat counts again.
   */
  private addSourceRow(r: Row): void {
    if (this.rows.includes(r)) return;
    this.total++;
    if (this.rows.length < LINEAGE_CAP) this.rows.push(r);
  }

  result(): Derivation | typeof UNKNOWN {
    if (this.unknown) return UNKNOWN;
    return this.total === 0 ? NONE : { rows: this.rows, total: this.total };
  }
}

/** Collects the input rows of each group (summarize, distinct, make-series); then derives the output rows. */
export class GroupLineage {
  private readonly groups = new Map<unknown, Accumulator>();

  constructor(private readonly lineage: Lineage) {}

  /** Row `from` is one of group `group`'s rows. */
  add(group: unknown, from: Row): void {
    let acc = this.groups.get(group);
    if (!acc) this.groups.set(group, (acc = new Accumulator()));
    acc.add(this.lineage.linkOf(from));
  }

  /** out[i] is the row of group groups[i] (default: group i); a group with no rows gives a row with no sources. */
  derive(out: Row[], groups?: unknown[]): void {
    out.forEach((row, i) => this.lineage.set(row, this.groups.get(groups ? groups[i] : i)?.result() ?? NONE));
  }
}

export class Lineage {
  /** Rows built during the run, by identity. A reused buffer (the fused join's scratch row) is re-derived each use. */
  private readonly derived = new Map<Row, Link>();
  /** Source rows: every row of every table the run read, with its table's name. */
  private readonly sourceRows = new Map<Row, string>();
  private readonly registered = new WeakSet<Table>();

  /** The run's data, registering the rows of each table read as source rows. */
  wrap(sources: Sources): Sources {
    return (name) => {
      const t = sources(name);
      if (t && !this.registered.has(t)) {
        this.registered.add(t);
        for (const r of t.rows) if (!this.sourceRows.has(r)) this.sourceRows.set(r, name);
      }
      return t;
    };
  }

  /** `out` was built from the rows `from` (all of them: a joined row from its left and right rows). */
  derive(out: Row, ...from: Row[]): void {
    if (from.length === 1) { if (from[0] !== out) this.set(out, this.linkOf(from[0])); return; }
    if (from.includes(out)) return;
    const acc = new Accumulator();
    for (const f of from) acc.add(this.linkOf(f));
    this.set(out, acc.result());
  }

  /** out[offset + i] was built from from[i] alone (extend, project, a column reorder, one union leg). */
  deriveEach(out: Row[], from: Row[], offset = 0): void {
    for (let i = 0; i < from.length; i++) if (out[offset + i] !== from[i]) this.set(out[offset + i], this.linkOf(from[i]));
  }

  /** `out` was built from every row of `from` (count). */
  deriveFromAll(out: Row, from: Row[]): void {
    const acc = new Accumulator();
    for (const f of from) acc.add(this.linkOf(f));
    this.set(out, acc.result());
  }

  /** Rows made from constants of the query (datatable, print, range, an outer join's empty side): no source rows. */
  constant(rows: Row[]): void {
    for (const r of rows) this.set(r, NONE);
  }

  /** A collector for operators that build one row per group of input rows. */
  groups(): GroupLineage {
    return new GroupLineage(this);
  }

  /** The source rows `row` was derived from; undefined when unknown (an operator on its way did not record it). */
  sourcesOf(row: Row): RowSources | undefined {
    const link = this.linkOf(row);
    if (link === UNKNOWN) return undefined;
    const d: Derivation = Array.isArray(link) ? { rows: [link], total: 1 } : link;
    return { rows: d.rows.map((r) => ({ table: this.sourceRows.get(r)!, row: r })), total: d.total };
  }

  /** @internal for GroupLineage */
  set(row: Row, link: Link): void {
    if (this.sourceRows.has(row)) return; // a source row passed on is its own source
    this.derived.set(row, link);
  }

  /** @internal for GroupLineage: the row's link; a source row links to itself. */
  linkOf(row: Row): Link {
    const link = this.derived.get(row);
    if (link !== undefined) return link;
    return this.sourceRows.has(row) ? row : UNKNOWN;
  }
}
