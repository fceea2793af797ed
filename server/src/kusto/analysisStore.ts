// A persistent cache of query analyses for one-shot CLI runs (`sentinel-rules validate`, like eslint --cache):
// Kusto's analysis is ~90 % of a corpus validation, and most queries have not changed since the last run.
// An entry is keyed by the catalogue's content (tables, columns, functions), the best-practices option, the query
// text and the source of the functions that compute it (analysis.ts), and holds only the plain results (no
// syntax tree). The whole file is dropped when the tool changed (another build, Kusto.Language version, format).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version as kustoVersion } from '@kusto/language-service-next/package.json';
import type { PlainAnalysis as StoredAnalysis } from './analysis';

/** Bump when the stored value's shape or meaning changes. */
const FORMAT = 1;
/** Entries kept, most recently used first: a few repositories' worth of rules. */
const MAX_ENTRIES = 5000;

interface StoreFile { format: number; tool: string; entries: Record<string, { used: number; value: StoredAnalysis }> }

export interface AnalysisStore {
  readonly file: string;
  /** Analyses answered from the file, and analysed anew, since it was opened. */
  hits: number;
  misses: number;
  get(key: string): StoredAnalysis | undefined;
  set(key: string, value: StoredAnalysis): void;
  /** Writes the file (atomically); a failure is returned as a message, never thrown: it is only a cache. */
  save(): string | undefined;
}

/** The OS's per-user cache folder for this tool. */
export function defaultCacheFile(): string {
  const home = os.homedir();
  const base = process.platform === 'win32' ? (process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'))
    : process.platform === 'darwin' ? path.join(home, 'Library', 'Caches')
      : (process.env.XDG_CACHE_HOME || path.join(home, '.cache'));
  return path.join(base, 'sentinel-rules', 'validate-cache.json');
}

/** Opens (or starts) the cache file; an unreadable, corrupt or outdated file is treated as empty. */
export function openAnalysisStore(file: string): AnalysisStore {
  const tool = toolIdentity();
  let entries: StoreFile['entries'] = {};
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoreFile;
    if (stored.format === FORMAT && stored.tool === tool && stored.entries && typeof stored.entries === 'object') entries = stored.entries;
  } catch { /* no cache yet, or not one we can use: start empty */ }
  const now = Date.now();
  let changed = false;
  const store: AnalysisStore = {
    file, hits: 0, misses: 0,
    get(key) {
      const e = entries[key];
      if (!e) { store.misses++; return undefined; }
      store.hits++;
      if (e.used !== now) { e.used = now; changed = true; }
      return e.value;
    },
    set(key, value) { entries[key] = { used: now, value }; changed = true; },
    save() {
      if (!changed) return undefined;
      const kept = Object.entries(entries).sort((a, b) => b[1].used - a[1].used).slice(0, MAX_ENTRIES);
      const content: StoreFile = { format: FORMAT, tool, entries: Object.fromEntries(kept) };
      const temp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(temp, JSON.stringify(content));
        renameSync(temp, file); // another run writing at the same time: the last one wins, whole
        changed = false;
        return undefined;
      } catch (e) {
        return `could not write the analysis cache ${file}: ${(e as Error).message}`;
      }
    },
  };
  return store;
}

/** The key of one analysis: the catalogue's fingerprint, the option, the query text. */
export function analysisKey(catalogueFingerprint: string, bestPractices: boolean, query: string): string {
  return createHash('sha256').update(`${catalogueFingerprint}\u0000${bestPractices ? 1 : 0}\u0000${query}`).digest('base64url');
}

/** A hash of what the tables and functions of a GlobalState were built from. */
export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * Who computed the entries: the format, the Kusto.Language version and this program's file (its size and
 * modification time), so a rebuilt CLI never reads what an older build stored.
 */
function toolIdentity(): string {
  const program = require.main?.filename ?? process.argv[1] ?? '';
  let stamp = '';
  try {
    const s = statSync(program);
    stamp = `${s.size}:${s.mtimeMs}`;
  } catch { /* no program file (a REPL): the format and Kusto version still apply */ }
  return `${FORMAT}|${kustoVersion}|${program}|${stamp}`;
}

let active: AnalysisStore | undefined;

/** The store analyse() consults, set by the CLI for the length of a run; undefined turns it off. */
export function useAnalysisStore(store: AnalysisStore | undefined): void {
  active = store;
}

export function activeAnalysisStore(): AnalysisStore | undefined {
  return active;
}
