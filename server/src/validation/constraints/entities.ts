// Entity mappings beyond the schema (ValidEntityMappingsAttribute, NewEntityMappingsAttribute): identifiers
// valid for the type (SR211), no identifier twice (SR212), a required identifier set (SR213), and legacy
// `*CustomEntity` query columns that must be mapped (SR214).
import { isSeq, type Node } from 'yaml';
import type { RuleDocument, YamlPath } from '../../core/ruleDocument';
import type { Fix, RuleDiagnostic } from '../../core/types';
import { diagnostic } from '../diagnostic';
import { entityIdentifiers, requiredIdentifierSets } from '../ruleSchema';
import { recordItems, type CheckInput, type ConstraintCheck } from './context';

const LEGACY_COLUMNS = ['AccountCustomEntity', 'HostCustomEntity', 'IPCustomEntity', 'URLCustomEntity', 'ProcessCustomEntity', 'FileHashCustomEntity'];
const entityTypeByLowerCase = new Map(Object.keys(entityIdentifiers).map((t) => [t.toLowerCase(), t]));

export const checkEntities: ConstraintCheck = (input) => [
  ...recordItems(input.fields.entityMappings).flatMap(([mapping, i]) => checkMapping(input.rule, mapping, ['entityMappings', i])),
  ...legacyColumns(input),
];

function checkMapping(rule: RuleDocument, mapping: Record<string, unknown>, path: YamlPath): RuleDiagnostic[] {
  // The CI parses the type case-insensitively; an unknown type is the schema's SR104.
  const type = typeof mapping.entityType === 'string' ? entityTypeByLowerCase.get(mapping.entityType.toLowerCase()) : undefined;
  if (!type) return [];
  const allowed = entityIdentifiers[type];
  const out: RuleDiagnostic[] = [];
  const mapped = new Set<string>();
  for (const [field, j] of recordItems(mapping.fieldMappings)) {
    const identifier = field.identifier;
    if (typeof identifier !== 'string') continue;
    const itemPath = [...path, 'fieldMappings', j];
    const range = rule.valueOrKeyRange([...itemPath, 'identifier']);
    if (!allowed.includes(identifier)) {
      const meant = allowed.find((a) => a.toLowerCase() === identifier.toLowerCase());
      out.push(meant
        ? diagnostic('SR211', `${type} identifier \`${identifier}\` must be written \`${meant}\` exactly; the CI compares identifiers exactly.`, range, {
          fixes: [{ title: `Change to '${meant}'`, edits: [{ range, newText: meant }], isPreferred: true }],
        })
        : diagnostic('SR211', `\`${identifier}\` is not an identifier of ${type}; use one of: ${allowed.join(', ')}.`, range));
    }
    if (mapped.has(identifier)) {
      const fix = removeItemFix(rule, [...path, 'fieldMappings'], j);
      out.push(diagnostic('SR212', `${type} identifier \`${identifier}\` is mapped twice in this entity mapping.`, range, { fixes: fix && [fix] }));
    }
    mapped.add(identifier);
  }
  const sets = requiredIdentifierSets[type] ?? [];
  if (mapped.size > 0 && !sets.some((set) => set.every((id) => mapped.has(id)))) {
    const options = sets.map((set) => set.join(' + ')).join(', ');
    const needs = sets.length > 1 ? `one of ${options}` : options;
    out.push(diagnostic('SR213', `${/^[AEIOU]/.test(type) ? 'An' : 'A'} ${type} mapping needs ${needs} among its identifiers; it has ${[...mapped].join(', ')}.`, rule.valueOrKeyRange([...path, 'entityType'])));
  }
  return out;
}

/** Deletes item `index` of a block sequence, whole lines, so the list stays well formed. */
function removeItemFix(rule: RuleDocument, seqPath: YamlPath, index: number): Fix | undefined {
  const seq = rule.node(seqPath);
  if (!isSeq(seq) || seq.flow) return undefined;
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return undefined;
  const first = rule.lines.positionAt(item.range[0]).line;
  const last = rule.lines.positionAt(Math.max(item.range[0], item.range[1] - 1)).line;
  const range = { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } };
  return { title: 'Remove the duplicate identifier', edits: [{ range, newText: '' }], isPreferred: true };
}

/** Scheduled rules whose query still names a legacy `*CustomEntity` column need that column in a mapping. */
function legacyColumns({ rule, fields, kind }: CheckInput): RuleDiagnostic[] {
  if (kind !== 'Scheduled' || typeof fields.query !== 'string') return [];
  const query = fields.query;
  const mappedColumns = new Set(recordItems(fields.entityMappings).flatMap(([m]) => recordItems(m.fieldMappings).map(([f]) => f.columnName)));
  return LEGACY_COLUMNS.filter((name) => query.includes(name) && !mappedColumns.has(name)).map((name) =>
    diagnostic('SR214', `The query uses the legacy column \`${name}\`, but no entity mapping maps it; add a field mapping with \`columnName: ${name}\` (or stop using the column).`, legacyColumnRange(rule, name)));
}

/** The first place the column's name appears in the query's source text (names need no escaping in YAML). */
function legacyColumnRange(rule: RuleDocument, name: string) {
  const node = rule.node(['query']);
  const at = node?.range ? rule.text.slice(node.range[0], node.range[1]).indexOf(name) : -1;
  return at >= 0 && node?.range ? rule.lines.range(node.range[0] + at, node.range[0] + at + name.length) : rule.keyRange(['query']);
}
