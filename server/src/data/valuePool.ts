// One shared copy of the values a column repeats: texts (host names, paths, account names) and datetimes (a
// process's creation time on each of its events). Every JSON.parse or CSV field makes a fresh string, and every
// datetime a fresh boxed number; keeping only the first copy of a repeated value makes the rest short-lived
// garbage (cheap for the young-generation collector) instead of retained memory, which is most of a large
// sample's footprint and of the collector's copying while it loads. A column whose values rarely repeat (ids,
// command lines, event times) stops pooling after a sample.

/** Lookups after which the hit rate decides whether pooling pays for this column. */
const SAMPLE = 4096;
/** Below this share of repeats the lookups cost more than they save. */
const MIN_HIT_RATE = 0.5;
/** Distinct values kept at most; later new values are not added (repeats of known ones are still shared). */
const MAX_ENTRIES = 1 << 16;

/**
 * The lookup table behind a pool: a key's entry, made on its first lookup, while the column's repeats make
 * lookups pay. `entryFor` makes the entry of a new key (the value itself for a ValuePool; an id for the
 * parallel reader's string tables).
 */
export class RepeatTable<K, E> {
  private readonly known = new Map<K, E>();
  private lookups = 0;
  private hits = 0;
  private active = true;
  /** Whether the hit rate was checked (once, after SAMPLE lookups). */
  private sampled = false;
  /** The last key found and its entry: a column often repeats a value over consecutive rows (no hashing then). */
  private lastKey: K | undefined;
  private lastEntry: E | undefined;

  constructor(private readonly entryFor: (key: K) => E) {}

  /** The entry of `key`; undefined when pooling was given up, or the table is full and `key` new. */
  entry(key: K): E | undefined {
    if (!this.active) return undefined;
    this.lookups++;
    if (key === this.lastKey) {
      this.hits++;
      return this.lastEntry;
    }
    const known = this.known.get(key);
    if (known !== undefined) {
      this.hits++;
      this.lastKey = key;
      this.lastEntry = known;
      return known;
    }
    if (!this.sampled && this.lookups >= SAMPLE) {
      this.sampled = true;
      if (this.hits < this.lookups * MIN_HIT_RATE) {
        this.active = false;
        this.known.clear();
        return undefined;
      }
    }
    if (this.known.size >= MAX_ENTRIES) return undefined;
    const made = this.entryFor(key);
    this.known.set(key, made);
    this.lastKey = key;
    this.lastEntry = made;
    return made;
  }
}

export class ValuePool<T extends string | number> {
  private readonly table = new RepeatTable<T, T>((value) => value);

  /**
   * The pooled copy of `value` (the value itself the first time, or when pooling was given up). "" and 0 need
   * no sharing (and 0 would find -0, one key to a Map).
   */
  share(value: T): T {
    if (value === '' || value === 0) return value;
    return this.table.entry(value) ?? value;
  }
}
