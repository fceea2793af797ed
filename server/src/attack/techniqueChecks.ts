// SR410–SR414: each technique entry is an ATT&CK technique that is current and listed once.
import type { RuleDiagnostic } from '../core/types';
import { attack, TECHNIQUE_ID } from './catalog';
import { attackDiagnostic } from './codes';
import { removeItem, replaceItem } from './listEdits';
import type { RuleAttack } from './ruleAttack';
import type { ListItem, TechniqueField } from './ruleFields';

/**
 * The ID shape each field requires. `relevantTechniques` has none here: the rule schema's pattern reports a
 * malformed entry there (SR108), so such entries are only skipped.
 */
const FIELD_SHAPES: Partial<Record<TechniqueField, { pattern: RegExp; expected: string }>> = {
  techniques: { pattern: /^T\d{4}$/, expected: 'a technique ID such as T1021 (sub-techniques go in `subTechniques`)' },
  subTechniques: { pattern: /^T\d{4}\.\d{3}$/, expected: 'a sub-technique ID such as T1021.003 (techniques go in `techniques`)' },
};

export function checkTechniques(ra: RuleAttack): RuleDiagnostic[] {
  const out: RuleDiagnostic[] = [];
  const seen = new Map<TechniqueField, Set<string>>();
  for (const item of ra.techniques) {
    const field = item.field as TechniqueField;
    const range = ra.rule.rangeOf(item.node);
    const shape = FIELD_SHAPES[field];
    if (shape && !shape.pattern.test(item.value)) {
      out.push(attackDiagnostic('SR410', `'${item.value}' in \`${field}\` is not ${shape.expected}.`, range));
      continue;
    }
    if (!TECHNIQUE_ID.test(item.value)) continue;
    const listed = seen.get(field) ?? new Set<string>();
    seen.set(field, listed);
    if (listed.has(item.value)) {
      out.push(attackDiagnostic('SR414', `Technique ${item.value} is listed more than once in \`${field}\`.`, range, {
        fixes: [{ title: `Remove the duplicate ${item.value}`, edits: [removeItem(ra.rule, item)], isPreferred: true }],
      }));
      continue;
    }
    listed.add(item.value);
    out.push(...checkKnown(ra, item));
  }
  return out;
}

function checkKnown(ra: RuleAttack, item: ListItem): RuleDiagnostic[] {
  const range = ra.rule.rangeOf(item.node);
  const technique = attack.technique(item.value);
  if (!technique) {
    const parent = item.value.includes('.') ? attack.technique(item.value.split('.')[0]) : undefined;
    const hint = parent ? `: ${parent.id} (${parent.name}) has no sub-technique ${item.value.split('.')[1]}` : '';
    return [attackDiagnostic('SR411', `Technique ${item.value} does not exist in MITRE ATT&CK v${attack.version} (Enterprise or ICS)${hint}.`, range)];
  }
  if (technique.revoked) {
    const by = attack.technique(technique.revokedBy!);
    const byText = by ? `${by.id} (${by.name})` : technique.revokedBy!;
    const alreadyListed = ra.techniques.some((t) => t.field === item.field && t.value === technique.revokedBy);
    const fix = alreadyListed
      ? { title: `Remove ${item.value} (${technique.revokedBy} is already listed)`, edits: [removeItem(ra.rule, item)], isPreferred: true }
      : { title: `Replace with ${technique.revokedBy}`, edits: [replaceItem(ra.rule, item, technique.revokedBy!)], isPreferred: true };
    return [attackDiagnostic('SR412', `Technique ${item.value} (${technique.name}) is revoked in ATT&CK; it was replaced by ${byText}.`, range, { fixes: [fix] })];
  }
  if (technique.deprecated) {
    return [attackDiagnostic('SR413', `Technique ${item.value} (${technique.name}) is deprecated in ATT&CK v${attack.version} and has no replacement; choose a current technique.`, range)];
  }
  return [];
}
