// The rule as the CI sees it, before the schema is applied. The CI loads YAML with YamlDotNet into untyped
// objects (every scalar is text, as written) and lets Newtonsoft convert that text to the model's types;
// keys match the model's properties case-insensitively (`datatypes` fills `dataTypes`), and a key with no
// value counts as absent (fine when optional, "missing" when required). Validating this view keeps the
// schema from reporting what the CI accepts; the differences are reported separately, at their paths.
import { isScalar } from 'yaml';
import type { RuleDocument, YamlPath } from '../core/ruleDocument';
import type { RuleFields } from './ruleFields';
import { schemaAt } from './ruleSchema';

export interface KeyCaseDifference {
  /** Path of the key as written. */
  path: YamlPath;
  canonical: string;
}

export interface UnknownKey {
  /** Path of the key as written. */
  path: YamlPath;
  /** The fields the schema knows at that place. */
  known: string[];
}

export interface CiView {
  value: RuleFields;
  keyCase: KeyCaseDifference[];
  unknownKeys: UnknownKey[];
  /** Paths (as written) of keys present with no value. */
  empty: YamlPath[];
  /** Maps a path in `value` back to the path as written. */
  toWritten(path: YamlPath): YamlPath;
}

export function ciView(rule: RuleDocument, fields: RuleFields): CiView {
  const keyCase: KeyCaseDifference[] = [];
  const unknownKeys: UnknownKey[] = [];
  const empty: YamlPath[] = [];
  const written = new Map<string, string>();

  const walk = (value: unknown, schemaPath: YamlPath, writtenPath: YamlPath): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...schemaPath, i], [...writtenPath, i]));
    if (value === null || typeof value !== 'object') return asTheCiReadsIt(rule, value, schemaAt(schemaPath)?.type, writtenPath);
    const schema = schemaAt(schemaPath);
    const properties = schema?.properties ?? {};
    const listsAllFields = schema?.properties !== undefined && schema.additionalProperties === undefined;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const canonical = key in properties ? key : Object.keys(properties).find((p) => p.toLowerCase() === key.toLowerCase() && !(p in value));
      const name = canonical ?? key;
      if (!canonical && listsAllFields) unknownKeys.push({ path: [...writtenPath, key], known: Object.keys(properties) });
      if (name !== key) {
        keyCase.push({ path: [...writtenPath, key], canonical: name });
        written.set(JSON.stringify([...schemaPath, name]), key);
      }
      if (v === null) { empty.push([...writtenPath, key]); continue; }
      out[name] = walk(v, [...schemaPath, name], [...writtenPath, key]);
    }
    return out;
  };

  const value = walk(fields, [], []) as RuleFields;
  return {
    value, keyCase, unknownKeys, empty,
    toWritten: (path) => path.map((segment, i) => written.get(JSON.stringify(path.slice(0, i + 1))) ?? segment),
  };
}

/** A scalar converted like text by Newtonsoft: `1.0` stays `1.0` for a text field, `'5'` is 5 for a number. */
function asTheCiReadsIt(rule: RuleDocument, value: unknown, type: string | string[] | undefined, writtenPath: YamlPath): unknown {
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    const node = rule.node(writtenPath);
    return isScalar(node) && node.range ? rule.text.slice(node.range[0], node.range[1]) : String(value);
  }
  if (typeof value !== 'string') return value;
  if (type === 'integer' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  if (type === 'boolean' && /^\s*(true|false)\s*$/i.test(value)) return value.trim().toLowerCase() === 'true';
  return value;
}
