// Rule ids across files, for the duplicate-id check (SR203). The CLI and the language server build the
// WorkspaceContext.ruleIds map with these, so both compare ids the same way.
import { isScalar } from 'yaml';
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

/** Adds one file's id to an id -> uris index. */
export function indexRuleId(index: Map<string, string[]>, rule: RuleDocument): void {
  const id = ruleIdOf(rule);
  if (id === undefined || id.trim() === '') return;
  const key = ruleIdKey(id);
  const uris = index.get(key) ?? [];
  if (!uris.includes(rule.uri)) uris.push(rule.uri);
  index.set(key, uris);
}
