// Hash keys of value tuples for grouping (summarize, distinct) and joining. Equal keys ⇔ the tuples are
// equal as group keys: typed nulls form their own group, strings compare case-sensitively.
import { valueKey } from '../functions/keys';
import type { KqlType, Value } from '../values';

export type KeyFn = (values: Value[]) => unknown;

/**
 * The key function for tuples of these types. One string/number/bool column keys by the value itself (no
 * string building in the row loop); otherwise each part is prefixed with its length, so no two tuples collide.
 */
export function tupleKey(types: KqlType[]): KeyFn {
  if (types.length === 1 && types[0] !== 'dynamic') return (v) => v[0];
  const part = (v: Value, t: KqlType) => (v === null ? '\u0000' : valueKey(v, t === 'dynamic' ? 'dynamic' : t) as string);
  return (values) => {
    let k = '';
    for (let i = 0; i < values.length; i++) {
      const p = part(values[i], types[i]);
      k += p.length + ':' + p;
    }
    return k;
  };
}

/** The Map key of a dynamic value: its canonical key (a value of any other type is its own key). */
const dynamicKey = (v: Value): unknown => (v === null ? null : valueKey(v, 'dynamic'));

/** FNV-1a over the ids of a tuple, with a final shift so the low bits (the slot) depend on every id. */
const HASH_SEED = 0x811c9dc5;
const hashStep = (h: number, id: number) => Math.imul(h ^ id, 0x01000193);
const hashEnd = (h: number) => h ^ (h >>> 15);

/**
 * Group numbers of key tuples (summarize), found without building a key per row. Each column gives its values
 * small ids (a Map per column keyed by the value itself, so a string's cached hash does the work), and the
 * tuple of ids is looked up in an open-addressing table. Equal tuples ⇔ same group, as with tupleKey: typed
 * nulls form their own group, strings compare case-sensitively, -0 equals 0 and NaN equals NaN.
 */
export class GroupTable {
  /** Number of groups so far; groups are numbered 0, 1, … in order of appearance. */
  size = 0;
  private readonly width: number;
  private readonly dynamic: boolean[];
  private readonly ids: Map<unknown, number>[];
  private readonly probe: Int32Array;
  /** The values of the previous call and their group (-1 before the first call). */
  private readonly last: Value[];
  private lastGroup = -1;
  /** Group number + 1 per slot; 0 = empty. */
  private slots = new Int32Array(1024);
  /** The id tuple of each group, `width` ids per group. */
  private tuples = new Int32Array(1024);

  constructor(types: KqlType[]) {
    this.width = types.length;
    this.dynamic = types.map((t) => t === 'dynamic');
    this.ids = types.map(() => new Map());
    this.probe = new Int32Array(types.length);
    this.last = new Array<Value>(types.length);
  }

  /**
   * The group of `values` (one per key column), a new one numbered `size - 1` when the tuple is new. A tuple
   * whose values are those of the previous call (===) is in its group: rows of one group often come together
   * (the pairs of one left row of a join), and then no value is looked up.
   */
  groupOf(values: Value[]): number {
    const w = this.width;
    const last = this.last;
    if (this.lastGroup >= 0) {
      let same = true;
      for (let i = 0; i < w && same; i++) same = values[i] === last[i];
      if (same) return this.lastGroup;
    }
    for (let i = 0; i < w; i++) last[i] = values[i];
    return (this.lastGroup = this.lookUp(values));
  }

  private lookUp(values: Value[]): number {
    const w = this.width;
    let h = HASH_SEED;
    for (let i = 0; i < w; i++) {
      const k = this.dynamic[i] ? dynamicKey(values[i]) : values[i];
      const dict = this.ids[i];
      let id = dict.get(k);
      if (id === undefined) { id = dict.size; dict.set(k, id); }
      this.probe[i] = id;
      h = hashStep(h, id);
    }
    const mask = this.slots.length - 1;
    for (let s = hashEnd(h) & mask; ; s = (s + 1) & mask) {
      const g = this.slots[s] - 1;
      if (g < 0) {
        this.slots[s] = this.size + 1;
        return this.add();
      }
      if (this.matches(g)) return g;
    }
  }

  private matches(g: number): boolean {
    const w = this.width;
    for (let i = 0, o = g * w; i < w; i++, o++) if (this.tuples[o] !== this.probe[i]) return false;
    return true;
  }

  private add(): number {
    const g = this.size++;
    const w = this.width;
    if ((g + 1) * w > this.tuples.length) {
      const grown = new Int32Array(this.tuples.length * 2 + w);
      grown.set(this.tuples);
      this.tuples = grown;
    }
    this.tuples.set(this.probe, g * w);
    if (this.size * 2 > this.slots.length) this.rehash();
    return g;
  }

  /** Doubles the slot table (kept at most half full, so probes stay short). */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const w = this.width;
    for (let g = 0; g < this.size; g++) {
      let h = HASH_SEED;
      for (let i = 0; i < w; i++) h = hashStep(h, this.tuples[g * w + i]);
      let s = hashEnd(h) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.slots = slots;
  }
}

/**
 * Numbers for the key tuples of both sides of a join, found without building a key string per row: each
 * column's values get small ids (a Map per column, keyed by the value itself), and each tuple the number of
 * its id sequence. Equal tuples ⇔ equal numbers, as with equal keys (Map keys: -0 equals 0, NaN equals NaN,
 * "1" differs from 1).
 */
export class TupleIds {
  private readonly ids: Map<unknown, number>[];
  /** Prefix number × 2^26 + the next id → the longer prefix's number. */
  private readonly prefixes = new Map<number, number>();

  constructor(width: number) {
    this.ids = Array.from({ length: width }, () => new Map());
  }

  /** The number of a tuple given part by part: `prefix` is the number so far (ignored for part 0). */
  next(prefix: number, part: number, v: unknown): number {
    const dict = this.ids[part];
    let id = dict.get(v);
    if (id === undefined) { id = dict.size; dict.set(v, id); }
    if (part === 0) return id;
    // Ids and prefix numbers stay below 2^26 (67M distinct values), so the pair is an exact integer.
    if (id >= ID_LIMIT || prefix >= ID_LIMIT) throw new Error(`join keys: more than ${ID_LIMIT} distinct values`);
    const pair = prefix * ID_LIMIT + id;
    let n = this.prefixes.get(pair);
    if (n === undefined) { n = this.prefixes.size; this.prefixes.set(pair, n); }
    return n;
  }
}

const ID_LIMIT = 2 ** 26;
