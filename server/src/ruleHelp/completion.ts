// Completion of rule keys (with snippets), enum values, entity types, the identifiers of the entity type at
// hand, and data connector ids. Each entry replaces exactly the word or value being typed.
import { isSeq } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { CompletionEntry } from '../core/types';
import { validConnectorIds } from '../validation/connectorIds';
import type { SchemaNode } from '../validation/ruleSchema';
import { docOf, enumValues, identifiersOf, isIdentifierPath, isType, schemaOf, type PathStep } from './schema';
import { entityMappingSnippet, newRuleSnippets } from './snippets';
import { cursorContext } from './yamlContext';

export function completeRuleField(rule: RuleDocument, offset: number): CompletionEntry[] {
  const at = cursorContext(rule.lines, offset);
  if (!at) return [];
  const range = rule.lines.range(at.word.start, at.word.end);
  const entries = at.at === 'key' ? keyEntries(at.parent, at.siblings, at.newItem) : valueEntries(rule, at.path, offset);
  return entries.map((e) => ({ ...e, range }));
}

function keyEntries(parent: PathStep[], siblings: Set<string>, newItem: boolean): CompletionEntry[] {
  const node = schemaOf(parent);
  if (!node?.properties) return [];
  const entries: CompletionEntry[] = Object.entries(node.properties)
    .filter(([key]) => !siblings.has(key))
    .map(([key, prop]) => ({ label: key, kind: 'property', documentation: docOf(prop), insertText: keySnippet(key, prop), isSnippet: true }));
  if (parent.length === 0 && siblings.size === 0) entries.push(...newRuleSnippets());
  if (isEntityMappingItem(parent) && (newItem || siblings.size === 0)) entries.push(entityMappingSnippet());
  return entries;
}

function isEntityMappingItem(path: PathStep[]): boolean {
  return path.length === 2 && path[0] === 'entityMappings';
}

/** What typing a key inserts: the key and the start of its value, shaped by the schema. */
function keySnippet(key: string, prop: SchemaNode): string {
  if (key === 'query' || key === 'description') return `${key}: |\n  $0`;
  if (key === 'entityMappings') return `${key}:\n  - ${entityMappingSnippet().insertText!.replace(/\n/g, '\n    ')}`;
  const values = enumValues(prop).map((v) => v.value);
  if (values.length) return `${key}: \${1|${values.join(',')}|}`;
  if (isType(prop, 'boolean')) return `${key}: \${1|true,false|}`;
  if (isType(prop, 'array')) return `${key}:\n  - $0`;
  if (isType(prop, 'object')) return `${key}:\n  $0`;
  return `${key}: $0`;
}

function valueEntries(rule: RuleDocument, path: PathStep[], offset: number): CompletionEntry[] {
  const last = path[path.length - 1];
  if (isIdentifierPath(path)) return identifierEntries(rule, offset);
  if (last === 'connectorId') {
    return validConnectorIds.map((id) => ({ label: id, kind: 'value', detail: 'data connector id (ValidConnectorIds.json)' }));
  }
  const node = schemaOf(path);
  if (!node) return [];
  const values = enumValues(node);
  if (values.length) return values.map((v) => ({ label: v.value, kind: 'enum', documentation: v.description }));
  if (isType(node, 'boolean')) return ['true', 'false'].map((b) => ({ label: b, kind: 'value' }));
  return [];
}

/** The identifiers valid for the entity type of the mapping the cursor is in. */
function identifierEntries(rule: RuleDocument, offset: number): CompletionEntry[] {
  const entityType = entityTypeAround(rule, offset);
  const identifiers = entityType ? identifiersOf(entityType) : undefined;
  if (!entityType || !identifiers) return [];
  return identifiers.map((id) => ({ label: id, kind: 'enum', detail: `${entityType} identifier` }));
}

/** `entityType` of the entity mapping that holds the offset (the last mapping starting before it). */
function entityTypeAround(rule: RuleDocument, offset: number): string | undefined {
  const mappings = rule.node(['entityMappings']);
  if (!isSeq(mappings)) return undefined;
  let type: string | undefined;
  mappings.items.forEach((_, i) => {
    const start = rule.node(['entityMappings', i])?.range?.[0];
    const value = rule.node(['entityMappings', i, 'entityType']);
    if (start !== undefined && start <= offset) type = value && 'value' in value && typeof value.value === 'string' ? value.value : undefined;
  });
  return type;
}
