// The `sentinelRules.*` settings the server itself reads. Features read theirs from WorkspaceContext.settings
// (the whole section, passed through), so a new feature setting needs no change here.
import type { Logger } from './guard';

export interface ServerSettings {
  /** Extra globs of files that are rules even outside `Analytic Rules`/`Detections` folders. */
  ruleGlobs: string[];
  /** Quiet time after the last edit before a document is analysed again. */
  debounceMs: number;
  /** The whole `sentinelRules` section as the client sent it. */
  section: Record<string, unknown>;
}

export const defaultSettings: ServerSettings = { ruleGlobs: [], debounceMs: 100, section: {} };

/** Reads the section, keeping defaults (with a logged reason) for values of the wrong type. */
export function readSettings(section: unknown, log: Logger): ServerSettings {
  if (section === undefined || section === null) return defaultSettings;
  if (typeof section !== 'object' || Array.isArray(section)) {
    log(`settings: 'sentinelRules' must be an object, got ${JSON.stringify(section)}; using defaults`);
    return defaultSettings;
  }
  const s = section as Record<string, unknown>;
  const settings: ServerSettings = { ...defaultSettings, section: s };
  if (s.ruleGlobs !== undefined) {
    if (Array.isArray(s.ruleGlobs) && s.ruleGlobs.every((g) => typeof g === 'string')) settings.ruleGlobs = s.ruleGlobs;
    else log(`settings: 'sentinelRules.ruleGlobs' must be a list of strings, got ${JSON.stringify(s.ruleGlobs)}; ignored`);
  }
  if (s.debounceMs !== undefined) {
    if (typeof s.debounceMs === 'number' && s.debounceMs >= 0 && Number.isFinite(s.debounceMs)) settings.debounceMs = s.debounceMs;
    else log(`settings: 'sentinelRules.debounceMs' must be a number ≥ 0, got ${JSON.stringify(s.debounceMs)}; using ${defaultSettings.debounceMs}`);
  }
  return settings;
}
