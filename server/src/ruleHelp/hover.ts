// Hover on rule fields (their schema description), on enum values and entity types (the value's description)
// and on entity identifiers (which entity they identify, whether they suffice alone).
import { isScalar } from 'yaml';
import type { RuleDocument, YamlPath } from '../core/ruleDocument';
import type { HoverResult } from '../core/types';
import { docOf, enumValues, identifiersOf, isIdentifierPath, requiredSetsOf, schemaOf } from './schema';

export function hoverRuleField(rule: RuleDocument, offset: number): HoverResult | undefined {
  const at = rule.locate(offset);
  if (!at.node || !at.path.length) return undefined;
  const range = rule.rangeOf(at.node);
  if (at.onKey) {
    const node = schemaOf(at.path);
    const key = at.path[at.path.length - 1];
    if (!node || typeof key !== 'string') return undefined;
    const values = enumValues(node);
    // A key the schema has no words for (a customDetails entry names the user's own field) gets no hover.
    if (!docOf(node) && !values.length) return undefined;
    const allowed = values.length ? `\n\nAllowed values: ${values.map((v) => `\`${v.value}\``).join(', ')}.` : '';
    return { markdown: `**\`${key}\`**\n\n${docOf(node)}${allowed}`, range };
  }
  if (!isScalar(at.node) || typeof at.node.value !== 'string') return undefined;
  const value = at.node.value;
  if (isIdentifierPath(at.path)) return hoverIdentifier(rule, at.path, value, range);
  const node = schemaOf(at.path);
  const match = node && enumValues(node).find((v) => v.value.toLowerCase() === value.toLowerCase());
  if (!match) return undefined;
  const field = fieldName(at.path);
  return { markdown: `**\`${match.value}\`**${field ? ` (a value of \`${field}\`)` : ''}${match.description ? `\n\n${match.description}` : ''}`, range };
}

function hoverIdentifier(rule: RuleDocument, path: YamlPath, identifier: string, range: HoverResult['range']): HoverResult | undefined {
  const typeNode = rule.node([path[0], path[1], 'entityType']);
  const entityType = isScalar(typeNode) && typeof typeNode.value === 'string' ? typeNode.value : undefined;
  const allowed = entityType ? identifiersOf(entityType) : undefined;
  if (!entityType || !allowed) return undefined;
  const exact = allowed.find((a) => a === identifier);
  if (!exact) {
    return { markdown: `\`${identifier}\` is not an identifier of the **${entityType}** entity. Its identifiers: ${allowed.map((a) => `\`${a}\``).join(', ')}.`, range };
  }
  const sets = requiredSetsOf(entityType);
  const alone = sets.some((s) => s.length === 1 && s[0] === exact);
  const partOf = sets.filter((s) => s.length > 1 && s.includes(exact));
  const strength = alone
    ? 'It identifies the entity on its own.'
    : partOf.length
      ? `It identifies the entity together with ${partOf.map((s) => s.filter((x) => x !== exact).map((x) => `\`${x}\``).join(' + ')).join(' or ')}.`
      : `It does not identify the entity on its own: map also one of ${sets.map((s) => s.map((x) => `\`${x}\``).join(' + ')).join(', ')}.`;
  return { markdown: `**\`${exact}\`**: an identifier of the **${entityType}** entity. ${strength}\n\n${entityType} identifiers: ${allowed.map((a) => `\`${a}\``).join(', ')}.`, range };
}

function fieldName(path: YamlPath): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return undefined;
}
