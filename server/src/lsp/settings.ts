// The `sentinelRules.*` settings the server itself reads. Features read theirs from WorkspaceContext.settings
// (the whole section, passed through), so a new feature setting needs no change here.
import type { Logger } from './guard';

export interface ServerSettings {
  /** Extra globs of files that are rules even outside `Analytic Rules`/`Detections` folders. */
  ruleGlobs: string[];
  /** Quiet time after the last edit before a document is analysed again. */
  debounceMs: number;
  /** Sample-data folders (absolute or relative to a workspace folder) rules can run on. */
  sampleData: string[];
  /** Run a rule when it is opened, if it has sample data (the lens shows its results at once). */
  runOnOpen: boolean;
  /** Run a rule again when it is saved, if it has sample data. */
  runOnSave: boolean;
  /** The whole `sentinelRules` section as the client sent it. */
  section: Record<string, unknown>;
}

export const defaultSettings: ServerSettings = { ruleGlobs: [], debounceMs: 100, sampleData: [], runOnOpen: true, runOnSave: true, section: {} };

/** Reads the section, keeping defaults (with a logged reason) for values of the wrong type. */
export function readSettings(section: unknown, log: Logger): ServerSettings {
  if (section === undefined || section === null) return defaultSettings;
  if (typeof section !== 'object' || Array.isArray(section)) {
    log(`settings: 'sentinelRules' must be an object, got ${JSON.stringify(section)}; using defaults`);
    return defaultSettings;
  }
  const s = section as Record<string, unknown>;
  const settings: ServerSettings = { ...defaultSettings, section: s };
  const strings = (key: 'ruleGlobs' | 'sampleData') => {
    const v = s[key];
    if (v === undefined) return;
    if (Array.isArray(v) && v.every((g) => typeof g === 'string')) settings[key] = v;
    else log(`settings: 'sentinelRules.${key}' must be a list of strings, got ${JSON.stringify(v)}; ignored`);
  };
  strings('ruleGlobs');
  strings('sampleData');
  for (const key of ['runOnOpen', 'runOnSave'] as const) {
    if (s[key] === undefined) continue;
    if (typeof s[key] === 'boolean') settings[key] = s[key];
    else log(`settings: 'sentinelRules.${key}' must be true or false, got ${JSON.stringify(s[key])}; using ${defaultSettings[key]}`);
  }
  if (s.debounceMs !== undefined) {
    if (typeof s.debounceMs === 'number' && s.debounceMs >= 0 && Number.isFinite(s.debounceMs)) settings.debounceMs = s.debounceMs;
    else log(`settings: 'sentinelRules.debounceMs' must be a number ≥ 0, got ${JSON.stringify(s.debounceMs)}; using ${defaultSettings.debounceMs}`);
  }
  return settings;
}
