// Turns ajv's errors into rule diagnostics: the exact YAML range of the offending node and a sentence a
// rule author understands (ajv's own text is never shown).
import type { ErrorObject } from 'ajv';
import { isMap, isNode, isScalar, type Node, type YAMLMap } from 'yaml';
import type { RuleDocument, YamlPath } from '../core/ruleDocument';
import type { Range, RuleDiagnostic } from '../core/types';
import { diagnostic } from './diagnostic';
import type { CiView } from './ciView';
import { closest } from './editDistance';
import { schemaChain, type SchemaNode } from './ruleSchema';

const SCHEDULED_REQUIRED = '#/allOf/0/then/required';
const NOT_CI_CHECKED = ' The Azure-Sentinel CI does not check this; the Sentinel API rejects it on deployment.';

export function schemaDiagnostics(rule: RuleDocument, view: CiView, errors: ErrorObject[]): RuleDiagnostic[] {
  const out: RuleDiagnostic[] = keyCaseDiagnostics(rule, view);
  const seen = new Set<string>();
  const missing = new MissingFields(view);
  for (const error of errors) {
    // `if` only says "the then-branch failed", which its own error already reports; a failing keyword under
    // x-sentinelCheck is reported by that Sentinel constraint check with a sharper message.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    if ((error.parentSchema as SchemaNode | undefined)?.['x-sentinelCheck']) continue;
    const path = view.toWritten(instancePath(error.instancePath, view.value));
    if (error.keyword === 'required') { missing.add(rule, path, error); continue; }
    const d = describe(rule, path, error);
    if (!d) continue;
    relaxWhereCiDoesNotCheck(d, path);
    const key = `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    if (!seen.has(key)) { seen.add(key); out.push(d); }
  }
  // A key already named as the likely typo of a missing field is not reported a second time.
  const unknown = unknownKeyDiagnostics(rule, view, missing.typoKeys);
  return [...missing.diagnostics(), ...out, ...unknown];
}

/** Findings in parts the CI ignores (x-ciChecked: false) are warnings: only deployment would fail. */
function relaxWhereCiDoesNotCheck(d: RuleDiagnostic, path: YamlPath): RuleDiagnostic {
  if (d.severity === 'error' && schemaChain(path).some((s) => s['x-ciChecked'] === false)) {
    d.severity = 'warning';
    d.message += NOT_CI_CHECKED;
  }
  return d;
}

/** Missing fields of one mapping become one diagnostic, not one per field. */
class MissingFields {
  private readonly groups = new Map<string, { path: YamlPath; range: Range; names: string[]; scheduled: boolean }>();
  private readonly emptyKeys: RuleDiagnostic[] = [];
  /** Paths of keys named as the likely misspelling of a missing field. */
  readonly typoKeys = new Set<string>();
  private readonly empty: Set<string>;

  constructor(view: CiView) {
    this.empty = new Set(view.empty.map((p) => JSON.stringify(p)));
  }

  add(rule: RuleDocument, path: YamlPath, error: ErrorObject): void {
    const scheduled = error.schemaPath === SCHEDULED_REQUIRED;
    const name = String((error.params as { missingProperty: string }).missingProperty);
    if (this.empty.has(JSON.stringify([...path, name]))) {
      // Written but with no value: the CI's Required.Always rejects null like a missing key.
      const why = scheduled ? ' (required for Scheduled rules)' : '';
      this.emptyKeys.push(relaxWhereCiDoesNotCheck(diagnostic('SR102', `\`${name}\` has no value; it is required${why}.`, rule.keyRange([...path, name])), path));
      return;
    }
    const key = `${JSON.stringify(path)}|${scheduled}`;
    const group = this.groups.get(key) ?? { path, range: anchorRange(rule, path), names: [], scheduled };
    const typo = lookalikeKey(rule, path, name);
    if (typo) this.typoKeys.add(JSON.stringify([...path, typo]));
    group.names.push(typo ? `\`${name}\` (is \`${typo}\` a typo?)` : `\`${name}\``);
    this.groups.set(key, group);
  }

  diagnostics(): RuleDiagnostic[] {
    return [...this.emptyKeys, ...[...this.groups.values()].map(({ path, range, names, scheduled }) => {
      const fields = names.length === 1 ? `field ${names[0]}` : `fields ${names.join(', ')}`;
      const where = path.length === 0 ? '' : ` in ${label(path)}`;
      const why = scheduled ? ' (required for Scheduled rules)' : '';
      return relaxWhereCiDoesNotCheck(diagnostic('SR102', `Missing required ${fields}${where}${why}.`, range), path);
    })];
  }
}

function describe(rule: RuleDocument, path: YamlPath, error: ErrorObject): RuleDiagnostic | undefined {
  const schema = error.parentSchema as SchemaNode | undefined;
  const name = label(path);
  const value = error.data;
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) return describeKey(rule, path, error.propertyName, error.keyword, schema, params);
  switch (error.keyword) {
    case 'type': {
      const expected = typeWords(String(params.type));
      const range = rule.valueOrKeyRange(path);
      if (value === null || value === undefined) return diagnostic('SR103', `${name} has no value; expected ${expected}.`, range);
      const quote = String(params.type) === 'string' && (typeof value === 'number' || typeof value === 'boolean')
        ? ` Put it in quotes to make it text: '${sourceText(rule, path)}'.` : '';
      return diagnostic('SR103', `${name} must be ${expected}, not ${typeWords(kindOf(value))}.${quote}`, range);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const range = rule.valueOrKeyRange(path);
      const sameLetters = allowed.find((a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase());
      if (sameLetters !== undefined) {
        const lenient = schema?.['x-caseInsensitive'] === true;
        const message = lenient
          ? `${name} should be written \`${sameLetters}\`; the CI accepts \`${String(value)}\`, but other tools compare exactly.`
          : `${name} must be written \`${sameLetters}\` exactly; the CI compares the case.`;
        return diagnostic('SR105', message, range, {
          severity: lenient ? 'warning' : 'error',
          fixes: [{ title: `Change to '${sameLetters}'`, edits: [{ range, newText: sameLetters }], isPreferred: true }],
        });
      }
      return diagnostic('SR104', `${name} \`${String(value)}\` is not allowed; use one of: ${listOf(allowed)}.`, range);
    }
    case 'maxLength':
    case 'minLength': {
      // A long multi-line text (a query) is marked at its key, not over hundreds of lines.
      const valueRange = rule.valueOrKeyRange(path);
      const range = valueRange.end.line - valueRange.start.line > 1 ? rule.keyRange(path) : valueRange;
      if (error.keyword === 'minLength' && String(value).length === 0) return diagnostic('SR106', `${name} must not be empty.`, range);
      const length = String(value).length;
      const limit = Number(params.limit);
      const bound = error.keyword === 'maxLength' ? `at most ${limit}` : `at least ${limit}`;
      return diagnostic('SR106', `${name} is ${length} characters long; ${bound} allowed.`, range);
    }
    case 'maxItems':
    case 'minItems':
    case 'maxProperties':
    case 'minProperties': {
      const count = Array.isArray(value) ? value.length : Object.keys(value ?? {}).length;
      const limit = Number(params.limit);
      const bound = error.keyword.startsWith('max') ? `at most ${limit}` : `at least ${limit}`;
      return diagnostic('SR107', `${name} has ${count} entr${count === 1 ? 'y' : 'ies'}; ${bound} allowed.`, rule.keyRange(path));
    }
    case 'pattern': {
      const what = schema?.['x-patternDescription'] ?? `text matching ${String(params.pattern)}`;
      return diagnostic('SR108', `${name} must be ${what}; found \`${String(value)}\`.`, rule.valueOrKeyRange(path));
    }
    case 'minimum':
    case 'maximum': {
      const range = rule.valueOrKeyRange(path);
      const bound = error.keyword === 'maximum' ? `at most ${String(params.limit)}` : `at least ${String(params.limit)}`;
      return diagnostic('SR109', `${name} is ${String(value)}; it must be ${bound}.`, range);
    }
    default:
      return diagnostic('SR103', `${name} does not have the expected shape.`, rule.valueOrKeyRange(path));
  }
}

/** Keys written in another case than the schema's: the CI matches them anyway, other tools may not. */
function keyCaseDiagnostics(rule: RuleDocument, view: CiView): RuleDiagnostic[] {
  return view.keyCase.map(({ path, canonical }) => {
    const range = rule.keyRange(path);
    // The CI finds the rule's kind with an exact `kind` lookup before any model is built.
    const exact = path.length === 1 && canonical === 'kind';
    const message = exact
      ? `The key must be written \`kind\` exactly; the CI looks it up by its exact name.`
      : `The key should be written \`${canonical}\`; the CI matches \`${String(path[path.length - 1])}\` to it, but other tools compare exactly.`;
    return diagnostic('SR105', message, range, {
      severity: exact ? 'error' : 'warning',
      fixes: [{ title: `Change to '${canonical}'`, edits: [{ range, newText: canonical }], isPreferred: true }],
    });
  });
}

/**
 * Keys the schema does not know, where it lists a mapping's fields. The CI ignores them, so a misspelt
 * optional field (`entityMapping`) silently does nothing: a warning when a known field is 2 letters away.
 */
function unknownKeyDiagnostics(rule: RuleDocument, view: CiView, skip: Set<string>): RuleDiagnostic[] {
  return view.unknownKeys.filter(({ path }) => !skip.has(JSON.stringify(path))).map(({ path, known }) => {
    const key = String(path[path.length - 1]);
    const meant = closest(key, known);
    const owner = path.length === 1 ? 'a rule' : label(path.slice(0, -1));
    const message = `\`${key}\` is not a field of ${owner}; the CI and Sentinel ignore it.${meant ? ` Did you mean \`${meant}\`?` : ''}`;
    return diagnostic('SR110', message, rule.keyRange(path), { severity: meant ? 'warning' : 'information' });
  });
}

/** ajv's JSON pointer as a YAML path: array indexes become numbers (decided by the actual value). */
function instancePath(pointer: string, fields: unknown): YamlPath {
  const path: YamlPath = [];
  let current: unknown = fields;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/** A key of the mapping at `path` that is probably a misspelling of `name` (at most 2 letters off). */
function lookalikeKey(rule: RuleDocument, path: YamlPath, name: string): string | undefined {
  const node = path.length === 0 ? rule.yaml.contents : rule.node(path);
  if (!isMap(node)) return undefined;
  const keys = (node as YAMLMap).items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : []));
  return closest(name, keys);
}

/** Where a missing field is reported: the key of the mapping that lacks it (the first key for the top level). */
function anchorRange(rule: RuleDocument, path: YamlPath): Range {
  const node = path.length === 0 ? rule.yaml.contents : rule.node(path);
  if (path.length > 0 && typeof path[path.length - 1] === 'string') return rule.keyRange(path);
  const first = isMap(node) ? (node as YAMLMap).items[0]?.key : undefined;
  return first && isScalar(first) ? rule.rangeOf(first as Node) : rule.rangeOf(node as Node | undefined);
}

/** A key that breaks `propertyNames` (a custom details key too long…): reported on the key itself. */
function describeKey(rule: RuleDocument, path: YamlPath, key: string, keyword: string, schema: SchemaNode | undefined, params: Record<string, unknown>): RuleDiagnostic {
  const pair = rule.pair([...path, key]);
  const range = pair && isNode(pair.key) ? rule.rangeOf(pair.key) : rule.keyRange(path);
  const name = `Key \`${key}\` of ${label(path)}`;
  if (keyword === 'maxLength') return diagnostic('SR106', `${name} is ${key.length} characters long; at most ${String(params.limit)} allowed.`, range);
  const what = schema?.['x-patternDescription'] ?? `text matching ${String(params.pattern)}`;
  return diagnostic('SR108', `${name} must be ${what}.`, range);
}

/** The value as written in the file (`1.0`, not the number 1 it parses to). */
function sourceText(rule: RuleDocument, path: YamlPath): string {
  const node = rule.node(path);
  return node?.range ? rule.text.slice(node.range[0], node.range[1]).trim() : '';
}

/** How a field is named in messages: `queryPeriod`, `fieldMappings` item 2, … */
function label(path: YamlPath): string {
  if (path.length === 0) return 'The rule';
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return `Item ${last + 1} of \`${String(parent)}\``;
  }
  return `\`${last}\``;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeWords(type: string): string {
  return type.split(',').map((t) => ({
    string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false',
    array: 'a list', object: 'a mapping (key: value)', null: 'nothing',
  }[t] ?? t)).join(' or ');
}

function listOf(values: string[]): string {
  return values.length <= 12 ? values.join(', ') : `${values.slice(0, 12).join(', ')}, … (${values.length} in all)`;
}
