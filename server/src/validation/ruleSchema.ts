// The rule JSON schema (schemas/analytic-rule.schema.json), compiled once with ajv, and a walker that
// finds the sub-schemas along an instance path (for the x- annotations that shape messages and severity).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/analytic-rule.schema.json';
import type { YamlPath } from '../core/ruleDocument';

/** The parts of a JSON schema node this project reads. */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  definitions?: Record<string, SchemaNode>;
  'x-caseInsensitive'?: boolean;
  'x-patternDescription'?: string;
  'x-ciChecked'?: boolean;
  'x-sentinelCheck'?: string;
  'x-enumDescriptions'?: string[];
  'x-entityIdentifiers'?: Record<string, string[]>;
  'x-requiredIdentifierSets'?: Record<string, string[][]>;
}

export const ruleSchema = schemaJson as unknown as SchemaNode;

let validator: ValidateFunction | undefined;

/** Validates plain rule values against the schema; compiled on first use (about 50 ms). */
export function schemaErrors(value: unknown): ErrorObject[] {
  // verbose: errors carry their parentSchema, where the x- annotations of the failing keyword live.
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: false }).compile(ruleSchema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** The schema nodes met while walking `path` from the root (root first), following $ref, items and properties. */
export function schemaChain(path: YamlPath): SchemaNode[] {
  const chain: SchemaNode[] = [];
  let node: SchemaNode | undefined = resolve(ruleSchema);
  if (node) chain.push(node);
  for (const segment of path) {
    if (!node) break;
    const next: SchemaNode | boolean | undefined = typeof segment === 'number'
      ? node.items
      : node.properties?.[segment] ?? node.additionalProperties;
    node = typeof next === 'object' ? resolve(next) : undefined;
    if (node) chain.push(node);
  }
  return chain;
}

/** The schema node at an instance path, if the schema describes it. */
export function schemaAt(path: YamlPath): SchemaNode | undefined {
  const chain = schemaChain(path);
  return chain.length === path.length + 1 ? chain[chain.length - 1] : undefined;
}

function resolve(node: SchemaNode): SchemaNode | undefined {
  if (!node.$ref) return node;
  const name = /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
  return name ? ruleSchema.definitions?.[name] : undefined;
}

/** Entity type -> identifiers the CI accepts, from the schema's x-entityIdentifiers table. */
export const entityIdentifiers: Record<string, string[]> = ruleSchema['x-entityIdentifiers'] ?? {};
/** Entity type -> identifier sets of which at least one must be mapped in full. */
export const requiredIdentifierSets: Record<string, string[][]> = ruleSchema['x-requiredIdentifierSets'] ?? {};
