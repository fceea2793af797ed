// Every place in a rule that names a column of the query's output: entity mapping columnName, customDetails
// values, `{{column}}` in alertDetailsOverride formats, alertTacticsColumnName, alertSeverityColumnName and
// alertDynamicProperties values. Each with its exact document range.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar, YAMLMap } from 'yaml';
import { placeholdersIn } from '../core/placeholders';
import type { RuleDocument } from '../core/ruleDocument';
import { mapScalar, toDocument } from './queryText';

export type ColumnRefKind = 'entityMapping' | 'customDetail' | 'formatPlaceholder' | 'columnNameField' | 'dynamicProperty';

export interface ColumnRef {
  name: string;
  kind: ColumnRefKind;
  /** Document offsets of the name itself (inside quotes and braces). */
  start: number;
  end: number;
  /** For entity mappings: the entity type and identifier it fills. */
  entityType?: string;
  identifier?: string;
}

const FORMAT_FIELDS = ['alertDisplayNameFormat', 'alertDescriptionFormat'];
const COLUMN_FIELDS = ['alertTacticsColumnName', 'alertSeverityColumnName'];

export function columnRefs(rule: RuleDocument): ColumnRef[] {
  const refs: ColumnRef[] = [];
  const whole = (node: unknown, kind: ColumnRefKind, extra: Partial<ColumnRef> = {}) => {
    const r = nameRange(rule, node);
    if (r) refs.push({ ...r, kind, ...extra });
  };

  const mappings = rule.node(['entityMappings']);
  if (isSeq(mappings)) {
    for (const m of mappings.items) {
      if (!isMap(m)) continue;
      const entityType = scalarString(m.get('entityType', true));
      const fields = m.get('fieldMappings', true);
      if (!isSeq(fields)) continue;
      for (const f of fields.items) {
        if (!isMap(f)) continue;
        whole(f.get('columnName', true), 'entityMapping', { entityType, identifier: scalarString(f.get('identifier', true)) });
      }
    }
  }

  const details = rule.node(['customDetails']);
  if (isMap(details)) for (const p of details.items) whole(p.value, 'customDetail');

  const override = rule.node(['alertDetailsOverride']);
  if (isMap(override)) {
    for (const key of COLUMN_FIELDS) whole(override.get(key, true), 'columnNameField');
    for (const key of FORMAT_FIELDS) refs.push(...placeholders(rule, override.get(key, true)));
    const dyn = override.get('alertDynamicProperties', true);
    if (isSeq(dyn)) for (const d of dyn.items) if (isMap(d)) whole((d as YAMLMap).get('value', true), 'dynamicProperty');
  }
  // In document order, so diagnostics read top to bottom.
  return refs.sort((a, b) => a.start - b.start);
}

/** The column reference at a document offset (for hover and completion), if any. */
export function columnRefAt(refs: ColumnRef[], offset: number): ColumnRef | undefined {
  return refs.find((r) => r.start <= offset && offset <= r.end);
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** The name of a whole-value column reference, without quotes; an empty value is a reference to '' (for completion). */
function nameRange(rule: RuleDocument, node: unknown): Omit<ColumnRef, 'kind'> | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  if (node.value !== null && typeof node.value !== 'string') return undefined;
  const text = typeof node.value === 'string' ? node.value : '';
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const start = node.range[0] + (quoted ? 1 : 0);
  return { name: text, start, end: start + text.length };
}

/** `{{Column}}` placeholders of an alert details format, each mapped to its document range. */
function placeholders(rule: RuleDocument, node: Node | unknown): ColumnRef[] {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return [];
  const mapped = mapScalar(rule.text, node as Scalar<string>);
  const out: ColumnRef[] = [];
  for (const p of placeholdersIn(mapped.text)) {
    const end = p.nameStart + p.name.length;
    out.push({ name: p.name, kind: 'formatPlaceholder', start: toDocument(mapped, p.nameStart), end: toDocument(mapped, end - 1) + (p.name.length ? 1 : 0) });
  }
  return out;
}
