// Which YAML files are analytic rules (issue 2, item 2). Other YAML files get no diagnostics at all, so a
// workspace full of pipelines and manifests stays quiet.
import { minimatch } from 'minimatch';
import { isScalar } from 'yaml';
import { RuleDocument } from './ruleDocument';

/** Folder names under which the Azure-Sentinel CI looks for rule templates. */
const RULE_FOLDERS = ['analytic rules', 'detections'];
/** A YAML whose top level has `query` and at least two of these keys looks like a rule. */
const RULE_KEYS = ['id', 'kind', 'severity', 'queryFrequency', 'entityMappings'];

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** A rule test file (`<Rule>.tests.yaml`, see ruletest/): YAML beside the rules, never a rule itself. */
export function isRuleTestPath(path: string): boolean {
  return /\.tests\.ya?ml$/i.test(path);
}

/** True when a path lies in a rule folder (`…/Analytic Rules/…`, `…/Detections/…`). */
export function isInRuleFolder(path: string): boolean {
  const segments = path.split(/[\\/]/).slice(0, -1).map((s) => s.toLowerCase());
  return segments.some((s) => RULE_FOLDERS.includes(s));
}

/**
 * Decides whether a file is an analytic rule: a YAML file in a rule folder, or matching one of the user's
 * globs, or whose top-level keys look like a rule. `content` may be the text or an already parsed document.
 */
export function isRuleFile(path: string, content: string | RuleDocument, extraGlobs: readonly string[] = []): boolean {
  if (!isYamlPath(path) || isRuleTestPath(path)) return false;
  const unixPath = path.replace(/\\/g, '/');
  if (isInRuleFolder(unixPath)) return true;
  if (extraGlobs.some((g) => matchesGlob(unixPath, g))) return true;
  return looksLikeRule(typeof content === 'string' ? topLevelKeysOfText(content) : topLevelKeysOfDocument(content));
}

// A relative glob (such as `rules/**` or `*.rule.yaml`) matches at any depth of an absolute or relative path.
function matchesGlob(path: string, glob: string): boolean {
  const options = { dot: true, nocase: process.platform === 'win32' };
  return minimatch(path, glob, options) || (!glob.startsWith('/') && minimatch(path, `**/${glob}`, options));
}

function looksLikeRule(keys: Set<string>): boolean {
  return keys.has('query') && RULE_KEYS.filter((k) => keys.has(k)).length >= 2;
}

/**
 * Top-level keys from the text without a full parse: lines that start at column 0 with `key:`. This stays
 * right for a half-typed document that no longer parses, and is cheap enough to run on every YAML file.
 */
function topLevelKeysOfText(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/^["']?([A-Za-z_][\w-]*)["']?[ \t]*:(?=\s|$)/gm)) keys.add(m[1]);
  return keys;
}

function topLevelKeysOfDocument(doc: RuleDocument): Set<string> {
  const keys = new Set<string>();
  for (const pair of doc.root?.items ?? []) {
    if (isScalar(pair.key)) keys.add(String(pair.key.value));
  }
  return keys;
}
