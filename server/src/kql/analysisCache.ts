// Analyses keyed by query text and catalogue version. Re-validating a rule whose query did not change
// (another field edited, a workspace rescan, hover after diagnostics) costs a map lookup. Kusto's analysis is
// synchronous (a few tens of ms for a typical rule, see docs/kql.md), so it runs on the calling thread.
import { analyse } from '../kusto/analysis';
import type { QueryAnalysis } from '../kusto/analysis';
import type { Catalogue } from './catalogue';

/** Enough for the rules open in an editor and a validate run's working set; each entry holds a syntax tree. */
const MAX_ENTRIES = 64;
const entries = new Map<string, QueryAnalysis>();

export function analyseCached(text: string, catalogue: Catalogue, bestPractices: boolean): QueryAnalysis {
  const key = `${catalogue.version}\u0000${bestPractices ? 1 : 0}\u0000${text}`;
  let a = entries.get(key);
  if (a) {
    // Most recently used last, so the oldest is evicted first.
    entries.delete(key);
  } else {
    a = analyse(text, catalogue.globals, { bestPractices });
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }
  entries.set(key, a);
  return a;
}
