// Rule ids and file names across files, for the duplicate-id (SR203) and duplicate-file-name (SR218) checks.
// The CLI and the language server build WorkspaceContext.ruleIds / ruleFileNames with these, so both compare
// the same way.
import { isScalar } from 'yaml';
import { isInRuleFolder } from '../core/ruleFiles';
import type { RuleDocument } from '../core/ruleDocument';

/** How ids are compared: as the CI's NoSameTemplateIdTwice test does, as exact text (ids in another case are SR202). */
export function ruleIdKey(id: string): string {
  return id.trim();
}

/** The `id` of a rule document as written, when it is a plain scalar. */
export function ruleIdOf(rule: RuleDocument): string | undefined {
  const node = rule.node(['id']);
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

/**
 * The name under which the CI's template lookup finds a rule file: its file name, for files in a rule folder
 * (the CI only reads those). The lookup compares names exactly and throws when two templates share one.
 */
export function ruleFileNameKey(uri: string): string | undefined {
  const path = uriPath(uri);
  return isInRuleFolder(path) ? path.split(/[\\/]/).pop() : undefined;
}

/** A file path from a `file://` uri (or the path itself, as the CLI names files). */
export function uriPath(uri: string): string {
  return uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : uri;
}

/** Adds one file's id to an id -> uris index. */
export function indexRuleId(index: Map<string, string[]>, rule: RuleDocument): void {
  const id = ruleIdOf(rule);
  if (id !== undefined && id.trim() !== '') addUri(index, ruleIdKey(id), rule.uri);
}

/** Adds one file's rule-folder file name to a name -> uris index. */
export function indexRuleFileName(index: Map<string, string[]>, rule: RuleDocument): void {
  const name = ruleFileNameKey(rule.uri);
  if (name !== undefined) addUri(index, name, rule.uri);
}

function addUri(index: Map<string, string[]>, key: string, uri: string): void {
  const uris = index.get(key) ?? [];
  if (!uris.includes(uri)) uris.push(uri);
  index.set(key, uris);
}
