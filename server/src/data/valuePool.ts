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

export class ValuePool<T extends string | number> {
  private readonly known = new Map<T, T>();
  private lookups = 0;
  private hits = 0;
  private active = true;

  /**
   * The pooled copy of `value` (the value itself the first time, or when pooling was given up). "" and 0 need
   * no sharing (and 0 would find -0, one key to a Map).
   */
  share(value: T): T {
    if (!this.active || value === '' || value === 0) return value;
    const pooled = this.known.get(value);
    this.lookups++;
    if (pooled !== undefined) {
      this.hits++;
      return pooled;
    }
    if (this.lookups === SAMPLE && this.hits < SAMPLE * MIN_HIT_RATE) {
      this.active = false;
      this.known.clear();
    } else if (this.known.size < MAX_ENTRIES) {
      this.known.set(value, value);
    }
    return value;
  }
}
