// The ATT&CK fields of a rule as lists of string items with their nodes, read from the one RuleDocument.
// Items of another type, or a field that is not a list, are the schema's to report; they are skipped here.
import { isScalar, isSeq } from 'yaml';
import type { Scalar, YAMLSeq } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';

/** Rule fields that hold technique IDs. `techniques`/`subTechniques` are the newer REST API's split fields. */
export const TECHNIQUE_FIELDS = ['relevantTechniques', 'techniques', 'subTechniques'] as const;
export type TechniqueField = (typeof TECHNIQUE_FIELDS)[number];
export const TACTICS_FIELD = 'tactics';
export type AttackField = TechniqueField | typeof TACTICS_FIELD;

export interface ListItem {
  field: AttackField;
  index: number;
  value: string;
  node: Scalar;
  seq: YAMLSeq;
}

export function isAttackField(key: unknown): key is AttackField {
  return key === TACTICS_FIELD || (TECHNIQUE_FIELDS as readonly unknown[]).includes(key);
}

/** The sequence node of a field, when the field holds a list. */
export function fieldSeq(rule: RuleDocument, field: AttackField): YAMLSeq | undefined {
  const node = rule.node([field]);
  return isSeq(node) ? node : undefined;
}

/** The string items of a field's list, in order. */
export function listItems(rule: RuleDocument, field: AttackField): ListItem[] {
  const seq = fieldSeq(rule, field);
  if (!seq) return [];
  const items: ListItem[] = [];
  seq.items.forEach((node, index) => {
    if (isScalar(node) && typeof node.value === 'string') items.push({ field, index, value: node.value, node, seq });
  });
  return items;
}
