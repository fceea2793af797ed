// One shared copy of the texts a column repeats (host names, paths, account names). Every JSON.parse or CSV
// field makes a fresh string; keeping only the first copy of a repeated text makes the rest short-lived
// garbage (cheap for the young-generation collector) instead of retained memory, which is most of a large
// sample's footprint. A column whose texts rarely repeat (ids, command lines) stops pooling after a sample.

/** Lookups after which the hit rate decides whether pooling pays for this column. */
const SAMPLE = 4096;
/** Below this share of repeats the lookups cost more than they save. */
const MIN_HIT_RATE = 0.5;
/** Distinct texts kept at most; later new texts are not added (repeats of known ones are still shared). */
const MAX_ENTRIES = 1 << 16;

export class StringPool {
  private readonly known = new Map<string, string>();
  private lookups = 0;
  private hits = 0;
  private active = true;

  /** The pooled copy of `text` (the text itself the first time, or when pooling was given up). */
  share(text: string): string {
    if (!this.active || text.length === 0) return text;
    const pooled = this.known.get(text);
    this.lookups++;
    if (pooled !== undefined) {
      this.hits++;
      return pooled;
    }
    if (this.lookups === SAMPLE && this.hits < SAMPLE * MIN_HIT_RATE) {
      this.active = false;
      this.known.clear();
    } else if (this.known.size < MAX_ENTRIES) {
      this.known.set(text, text);
    }
    return text;
  }
}
