import type { WorkspaceContext } from '../../core/feature';
import type { RuleDocument, YamlPath } from '../../core/ruleDocument';
import type { RuleDiagnostic } from '../../core/types';
import type { RuleFields } from '../ruleFields';

/** What each Sentinel constraint check reads: the parsed document (ranges), its plain values, the workspace. */
export interface CheckInput {
  rule: RuleDocument;
  fields: RuleFields;
  workspace: WorkspaceContext;
  /** `Scheduled` or `NRT` in canonical case, when `kind` is one of them. */
  kind: 'Scheduled' | 'NRT' | undefined;
}

export type ConstraintCheck = (input: CheckInput) => RuleDiagnostic[];

/** A plain value at a path of the rule's fields. */
export function valueAt(fields: RuleFields, path: YamlPath): unknown {
  let current: unknown = fields;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The items of a list value, with their index, that are mappings (the schema reports the others). */
export function recordItems(value: unknown): [Record<string, unknown>, number][] {
  return Array.isArray(value) ? value.flatMap((v, i) => (isRecord(v) ? [[v, i] as [Record<string, unknown>, number]] : [])) : [];
}
