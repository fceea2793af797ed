// Completion inside the ATT&CK lists: technique IDs with their names (techniques of the rule's tactics
// first) and tactic values. The list item is found from the text, so a half-typed rule still completes.
import type { RuleDocument } from '../core/ruleDocument';
import type { CompletionEntry, Range } from '../core/types';
import { attack, attackUrl, type AttackTechnique } from './catalog';
import { RuleAttack } from './ruleAttack';
import { isAttackField, TACTICS_FIELD, type AttackField } from './ruleFields';
import { sentinelTactics, sentinelTacticsOf } from './sentinelTactics';

export function attackCompletion(rule: RuleDocument, offset: number): CompletionEntry[] {
  const at = listItemAt(rule, offset);
  if (!at) return [];
  const ra = new RuleAttack(rule);
  return at.field === TACTICS_FIELD ? tacticEntries(ra, at.range) : techniqueEntries(ra, at.field, at.range);
}

/**
 * The ATT&CK field whose list item the cursor is typing, and the range of the word typed so far: a block
 * item (`  - T10|`) under a top-level `field:` line, or an item of a one-line flow list (`tactics: [Exe|`).
 */
export function listItemAt(rule: RuleDocument, offset: number): { field: AttackField; range: Range } | undefined {
  const pos = rule.lines.positionAt(offset);
  const lineStart = offset - pos.character;
  const before = rule.text.slice(lineStart, offset);
  const after = /^[\w.]*/.exec(rule.text.slice(offset, rule.lines.lineEnd(pos.line)))![0];
  const word = /[\w.]*$/.exec(before)![0];
  const range = rule.lines.range(offset - word.length, offset + after.length);
  const flow = /^([A-Za-z]+):\s*\[[^\]]*$/.exec(before);
  if (flow) return isAttackField(flow[1]) ? { field: flow[1], range } : undefined;
  if (!/^\s*-\s*["']?[\w.]*$/.test(before)) return undefined;
  // Walk up over the list's other items (and blank or comment lines) to the field's key.
  for (let line = pos.line - 1; line >= 0; line--) {
    const text = rule.text.slice(rule.lines.offsetAt({ line, character: 0 }), rule.lines.lineEnd(line));
    if (/^\s*(-|#|$)/.test(text)) continue;
    const key = /^([A-Za-z]+):\s*(#.*)?$/.exec(text);
    return key && isAttackField(key[1]) ? { field: key[1], range } : undefined;
  }
  return undefined;
}

function techniqueEntries(ra: RuleAttack, field: AttackField, range: Range): CompletionEntry[] {
  const listed = new Set(ra.techniques.filter((i) => i.field === field).map((i) => i.value));
  const wanted = (t: AttackTechnique) => !t.revoked && !t.deprecated && !listed.has(t.id)
    && (field === 'techniques' ? !t.subtechniqueOf : field === 'subTechniques' ? !!t.subtechniqueOf : true);
  const entries: CompletionEntry[] = [];
  for (const t of attack.techniques()) {
    if (!wanted(t)) continue;
    const inRuleTactics = t.tactics.some((s) => ra.coveredShortnames.has(s));
    entries.push({
      label: t.id,
      kind: 'value',
      detail: t.name,
      documentation: `Tactics: ${sentinelTacticsOf(t.tactics).join(', ')}\n\n${attackUrl(t.id)}`,
      filterText: `${t.id} ${t.name}`,
      sortText: `${inRuleTactics ? 0 : 1}${t.id}`,
      range,
    });
  }
  return entries;
}

function tacticEntries(ra: RuleAttack, range: Range): CompletionEntry[] {
  const ofTechniques = ra.techniqueTacticNames();
  return sentinelTactics
    .filter((t) => !t.legacy && !ra.listedTactics.has(t.name))
    .map((t, i) => ({
      label: t.name,
      kind: 'enum' as const,
      detail: t.attack.map((a) => `${a.id} ${a.name}`).join(', '),
      documentation: t.attack[0].description,
      sortText: `${ofTechniques.has(t.name) ? 0 : 1}${String(i).padStart(2, '0')}`,
      range,
    }));
}
