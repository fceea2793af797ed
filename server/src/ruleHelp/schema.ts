// Editor-help reads of the rule schema (schemas/analytic-rule.schema.json, walked by validation/ruleSchema.ts):
// the one source of field descriptions, enums and the entity identifier table, so no text is repeated here.
import { entityIdentifiers, requiredIdentifierSets, schemaAt, type SchemaNode } from '../validation/ruleSchema';

/** A step of a path into the rule: a key, a list index, or `'*'` for "some item of the list". */
export type PathStep = string | number;

/** The schema of the value at a path from the rule's root, or undefined when the schema says nothing. */
export function schemaOf(path: readonly PathStep[]): SchemaNode | undefined {
  return schemaAt(path.map((s) => (s === '*' ? 0 : s)));
}

export function isType(node: SchemaNode, type: string): boolean {
  return Array.isArray(node.type) ? node.type.includes(type) : node.type === type;
}

export function docOf(node: SchemaNode): string {
  return node.markdownDescription ?? node.description ?? '';
}

/** The enum values of a node that are strings, each with its description when the schema gives one. */
export function enumValues(node: SchemaNode): { value: string; description?: string }[] {
  return (node.enum ?? []).flatMap((v, i) => typeof v === 'string' ? [{ value: v, description: node['x-enumDescriptions']?.[i] }] : []);
}

function entityKey(entityType: string): string | undefined {
  return Object.keys(entityIdentifiers).find((t) => t.toLowerCase() === entityType.toLowerCase());
}

/** The identifiers an entity type allows (exact spelling), or undefined for an unknown type. */
export function identifiersOf(entityType: string): string[] | undefined {
  const key = entityKey(entityType);
  return key ? entityIdentifiers[key] : undefined;
}

/** The identifier sets of which a mapping of this type must map at least one (e.g. FullName, or HostName…). */
export function requiredSetsOf(entityType: string): string[][] {
  const key = entityKey(entityType);
  return key ? requiredIdentifierSets[key] ?? [] : [];
}

/** `entityMappings[i].fieldMappings[j].identifier`: a value whose allowed set depends on the mapping's type. */
export function isIdentifierPath(path: readonly PathStep[]): boolean {
  return path.length === 5 && path[0] === 'entityMappings' && path[2] === 'fieldMappings' && path[4] === 'identifier';
}
