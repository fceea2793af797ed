// Hash join of two row sets on precomputed keys, for every join kind. The output size is counted before any
// row is built, so a runaway join fails fast with its row counts instead of exhausting memory. An optional
// row filter (the `where`s that follow the join) is applied to each pair before its row is kept: rows the
// filter drops are never allocated, which keeps the garbage collector from copying a join's whole output.
import type { Row } from '../plan';
import type { Value } from '../values';
import type { Lineage } from '../lineage';

export type JoinKind =
  | 'inner' | 'innerunique' | 'leftouter' | 'rightouter' | 'fullouter'
  | 'leftsemi' | 'leftanti' | 'rightsemi' | 'rightanti';

/** A row's join key; undefined when a key part is a typed null (null never equals anything). */
export type JoinKey = (row: Row) => unknown | undefined;

/**
 * The cells of a pair that `keep` reads, by index in the left row and in the right row. When `keep` builds
 * no rows (a where and a summarize take the pairs), only these are copied into the buffer it sees; the others
 * are left unset. The seed rule's last join would otherwise copy all 73 cells of a DeviceProcessEvents row
 * for each of its 340k pairs to read 3 of them.
 */
export interface PairCells { left: number[]; right: number[] }

export interface JoinInput {
  kind: JoinKind;
  left: Row[];
  right: Row[];
  leftKey: JoinKey;
  rightKey: JoinKey;
  /** Cells for the missing side of an outer join's unmatched row (null, "" for strings). */
  leftFill: Value[];
  rightFill: Value[];
  /** Called with the number of rows the join will produce, before producing them; throws to refuse. */
  admit(rows: number): void;
  /** Per-row guard (time budget, cancellation). */
  tick(): void;
  /**
   * Keeps only the built rows this accepts (joins that build rows; semi and anti joins pick input rows and
   * do not take a filter). It sees a reused row buffer, so it must not hold on to it.
   */
  keep?: (row: Row) => boolean;
  /** Row lineage of the run, when on: each built row derives from its left and right rows. */
  lineage?: Lineage;
  /** With `keep`: the only cells it reads (then it must build no rows); all cells when absent. */
  cells?: PairCells;
}

/**
 * Collects output rows: all of them into a pre-sized array, or, with a filter, only the accepted ones. Pairs
 * come grouped by their left row (`left`, then `add` for each right row), so the filter's reused row buffer
 * takes the left row's cells once for all its pairs.
 *
 * `extendLeftAt`: the left rows are the previous join's row buffer (a chain of joins, one pair at a time),
 * and the right cells are written into it from that index on, after the previous join's cells, which it
 * rewrites for each of its pairs. The left cells are then not copied at all (the seed rule's second join
 * would copy 17 cells for each of its 1.1M pairs). Only without lineage: the buffer's lineage is that of the
 * previous join's pair, and it cannot be both.
 */
class JoinOutput {
  readonly rows: Row[];
  private n = 0;
  private readonly scratch: Row;
  private l: Row = [];

  /**
   * @param compactRight the right rows are compactRow copies: their cells are those of `cells.right`, in order.
   */
  constructor(count: number, width: number, private readonly keep: JoinInput['keep'], private readonly tick: () => void,
    private readonly lineage?: Lineage, private readonly extendLeftAt?: number, private readonly cells?: PairCells,
    private readonly compactRight = false) {
    this.rows = keep ? [] : new Array<Row>(count);
    this.scratch = keep && extendLeftAt === undefined ? new Array(width) : [];
  }

  /** The left row of the pairs that follow (it may be a reused buffer: its cells are copied now, or extended). */
  left(l: Row): void {
    this.l = l;
    if (!this.keep || this.extendLeftAt !== undefined) return;
    const s = this.scratch;
    const cells = this.cells?.left;
    if (cells) for (let n = 0; n < cells.length; n++) { const k = cells[n]; s[k] = l[k]; }
    else for (let k = 0; k < l.length; k++) s[k] = l[k];
  }

  /** The pairs of the current left row and each of `rights`. */
  addAll(rights: Row[]): void {
    for (let n = 0; n < rights.length; n++) this.add(rights[n]);
  }

  /** The pair of the current left row and `r`. */
  add(r: Row): void {
    const l = this.l;
    if (!this.keep) { const row = (this.rows[this.n++] = l.concat(r)); this.lineage?.derive(row, l, r); return; }
    this.tick();
    const s = this.extendLeftAt === undefined ? this.scratch : l;
    const at = this.extendLeftAt ?? l.length;
    const cells = this.cells?.right;
    if (cells && this.compactRight) for (let n = 0; n < cells.length; n++) s[at + cells[n]] = r[n];
    else if (cells) for (let n = 0; n < cells.length; n++) { const k = cells[n]; s[at + k] = r[k]; }
    else for (let k = 0; k < r.length; k++) s[at + k] = r[k];
    this.lineage?.derive(s, l, r);
    if (this.keep(s)) {
      if (this.cells) throw new Error('a join that copies only some cells of its pairs cannot build rows from them');
      const row = s.slice();
      this.rows.push(row);
      this.lineage?.derive(row, s);
    }
  }
}

interface Bucket { rows: Row[]; matched: boolean }

/**
 * With PairCells and no lineage: a right row's copy of just the cells its pairs read (cells.right, in order),
 * made once when the right side is hashed. Each pair then reads one short array instead of cells scattered
 * over a wide row: the seed rule's last join reads each 73-cell DeviceProcessEvents row in ~16 pairs. Lineage
 * needs the right rows themselves.
 */
function compactRow(j: Pick<JoinInput, 'cells' | 'lineage'>): ((r: Row) => Row) | undefined {
  const cells = j.cells?.right;
  if (!cells || j.lineage) return undefined;
  return (r) => {
    const c = new Array<Value>(cells.length);
    for (let n = 0; n < cells.length; n++) c[n] = r[cells[n]];
    return c;
  };
}

/**
 * The right rows by key (as `compact` copies them, if given); rows with a null key part match nothing and
 * are kept apart.
 */
function hashRight(right: Row[], rightKey: JoinKey, tick: () => void, compact?: (r: Row) => Row): { buckets: Map<unknown, Bucket>; unkeyedRight: Row[] } {
  const buckets = new Map<unknown, Bucket>();
  const unkeyedRight: Row[] = [];
  for (let n = 0; n < right.length; n++) {
    tick();
    const k = rightKey(right[n]);
    const r = compact ? compact(right[n]) : right[n];
    if (k === undefined) { unkeyedRight.push(r); continue; }
    const b = buckets.get(k);
    if (b) b.rows.push(r); else buckets.set(k, { rows: [r], matched: false });
  }
  return { buckets, unkeyedRight };
}

export function hashJoin(j: JoinInput): Row[] {
  const compact = compactRow(j);
  const { buckets, unkeyedRight } = hashRight(j.right, j.rightKey, j.tick, compact);
  const rightFill = compact ? compact(j.rightFill) : j.rightFill;
  let left = j.left;
  if (j.kind === 'innerunique') {
    // innerunique: one (the first) left row per key, then an inner join.
    const seen = new Set<unknown>();
    left = [];
    for (const r of j.left) {
      const k = j.leftKey(r);
      if (k !== undefined && !seen.has(k)) { seen.add(k); left.push(r); }
    }
  }
  const bucketOf = (r: Row) => {
    const k = j.leftKey(r);
    return k === undefined ? undefined : buckets.get(k);
  };

  switch (j.kind) {
    case 'leftsemi': case 'leftanti': {
      const keep = j.kind === 'leftsemi';
      return left.filter((r) => { j.tick(); return (bucketOf(r) !== undefined) === keep; });
    }
    case 'rightsemi': case 'rightanti': {
      for (const r of left) { j.tick(); const b = bucketOf(r); if (b) b.matched = true; }
      const keep = j.kind === 'rightsemi';
      return j.right.filter((r) => {
        const k = j.rightKey(r);
        const matched = k !== undefined && buckets.get(k)!.matched;
        return matched === keep;
      });
    }
  }

  const outerLeft = j.kind === 'leftouter' || j.kind === 'fullouter';
  const outerRight = j.kind === 'rightouter' || j.kind === 'fullouter';
  let count = 0;
  // Each left row's bucket, found once (a key of several columns takes a lookup per column).
  const bucketsOfLeft = new Array<Bucket | undefined>(left.length);
  for (let n = 0; n < left.length; n++) {
    const b = (bucketsOfLeft[n] = bucketOf(left[n]));
    if (b) { count += b.rows.length; b.matched = true; } else if (outerLeft) count++;
  }
  if (outerRight) {
    count += unkeyedRight.length;
    for (const b of buckets.values()) if (!b.matched) count += b.rows.length;
  }
  j.admit(count);

  j.lineage?.constant([j.leftFill, j.rightFill]);
  const out = new JoinOutput(count, j.leftFill.length + j.rightFill.length, j.keep, j.tick, j.lineage, undefined, j.cells, compact !== undefined);
  for (let n = 0; n < left.length; n++) {
    const l = left[n];
    j.tick();
    const b = bucketsOfLeft[n];
    if (b) { out.left(l); out.addAll(b.rows); } else if (outerLeft) { out.left(l); out.add(rightFill); }
  }
  if (outerRight) {
    out.left(j.leftFill);
    for (const r of unkeyedRight) out.add(r);
    for (const b of buckets.values()) if (!b.matched) for (const r of b.rows) out.add(r);
  }
  return out.rows;
}

/**
 * An inner or left outer join whose left rows arrive one at a time (the rows of the join before it, never
 * built), in order: the same rows in the same order as hashJoin, filtered by `keep`. Its size is known only
 * at the end (`produced`), so the caller checks the row budget then.
 */
export class StreamedJoin {
  produced = 0;
  private readonly buckets: Map<unknown, Bucket>;
  private readonly out: JoinOutput;
  private readonly outerLeft: boolean;
  private readonly rightFill: Row;
  private lastKey: unknown = undefined;
  private lastBucket: Bucket | undefined = undefined;

  constructor(private readonly j: Omit<JoinInput, 'left' | 'admit' | 'kind' | 'keep'> & { kind: 'inner' | 'leftouter'; keep: (row: Row) => boolean }) {
    const compact = compactRow(j);
    this.buckets = hashRight(j.right, j.rightKey, j.tick, compact).buckets;
    this.rightFill = compact ? compact(j.rightFill) : j.rightFill;
    j.lineage?.constant([j.leftFill, j.rightFill]);
    // Without lineage, the left rows (the previous join's row buffer) take the right cells in place.
    this.out = new JoinOutput(0, j.leftFill.length + j.rightFill.length, j.keep, j.tick, j.lineage, j.lineage ? undefined : j.leftFill.length,
      j.cells, compact !== undefined);
    this.outerLeft = j.kind === 'leftouter';
  }

  /**
   * Joins one left row: the previous join's row buffer, of leftFill's width. It is not kept; without lineage
   * this join writes its right cells into it after that width, so it must be a buffer that nothing reads
   * beyond its own cells (the previous join rewrites only those for its next pair).
   */
  push(l: Row): void {
    const k = this.j.leftKey(l);
    // The pairs of one row of the join before come one after the other, often with the same key here (the
    // seed rule joins on DeviceId twice): the same key finds the same bucket without a lookup.
    if (k !== this.lastKey) { this.lastKey = k; this.lastBucket = k === undefined ? undefined : this.buckets.get(k); }
    const b = this.lastBucket;
    if (b) {
      this.produced += b.rows.length;
      this.out.left(l);
      this.out.addAll(b.rows);
    } else if (this.outerLeft) {
      this.produced++;
      this.out.left(l);
      this.out.add(this.rightFill);
    }
  }

  /** The rows `keep` accepted. */
  get rows(): Row[] { return this.out.rows; }
}
