// The gate both validation features pass first: a rule can only be checked field by field when its text is
// clean YAML whose top level is a mapping. Anything else yields exactly one diagnostic (never a flood).
import { isMap } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { RuleDiagnostic } from '../core/types';
import { diagnostic } from './diagnostic';

export type RuleFields = Record<string, unknown>;

export type FieldsReading = { fields: RuleFields } | { problem: RuleDiagnostic };

// js-yaml (the CI's YAML check) rejects these "non-printable characters"; tab, LF, CR and NEL are allowed.
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]/;

const cache = new WeakMap<RuleDocument, FieldsReading>();

/** The rule's top-level fields as plain values, or the one reason they cannot be read. */
export function readRuleFields(rule: RuleDocument): FieldsReading {
  let reading = cache.get(rule);
  if (!reading) {
    reading = read(rule);
    cache.set(rule, reading);
  }
  return reading;
}

function read(rule: RuleDocument): FieldsReading {
  const binary = NON_PRINTABLE.exec(rule.text);
  if (binary) {
    const at = binary.index;
    const code = binary[0].charCodeAt(0).toString(16).padStart(2, '0');
    return { problem: diagnostic('SR100', `The file contains a non-printable character (0x${code}); it looks binary, not YAML text.`, rule.lines.range(at, at + 1)) };
  }
  const errors = rule.yaml.errors;
  if (errors.length > 0) {
    const first = errors[0];
    const [start, end] = first.pos;
    const more = errors.length > 1 ? ` (${errors.length - 1} more YAML error${errors.length > 2 ? 's' : ''} follow; fix this one first)` : '';
    const range = rule.lines.range(start, Math.max(end, start + 1));
    return { problem: diagnostic('SR100', `YAML syntax error: ${yamlMessage(first.code, first.message)}${more}`, range) };
  }
  const contents = rule.yaml.contents;
  if (!isMap(contents)) {
    const what = contents === null || rule.text.trim() === '' ? 'The file is empty' : 'The top level is not a mapping of fields';
    // The first line of what is there (or of the file): enough to point at, never the whole file.
    const start = contents?.range ? contents.range[0] : 0;
    const range = rule.lines.range(start, rule.lines.lineEnd(rule.lines.positionAt(start).line));
    return { problem: diagnostic('SR101', `${what}; an analytic rule is a mapping such as \`id: …\`, \`name: …\`, \`query: …\`.`, range) };
  }
  const value = rule.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: diagnostic('SR100', 'The YAML could not be read (too many aliases?).', rule.rangeOf(contents)) };
  }
  return { fields: value as RuleFields };
}

// The yaml package's wording where it speaks to a programmer rather than a rule author.
const REWORDED: Record<string, string> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a second `---`); a rule file holds exactly one',
  DUPLICATE_KEY: 'this key appears twice in the same mapping',
  TAB_AS_INDENT: 'tabs are not allowed for indentation in YAML; indent with spaces',
};

/** The message for a YAML error, without the parser's own "at line …" suffix (the range already says where). */
function yamlMessage(code: string, message: string): string {
  if (/call stack/i.test(message)) return 'the document is nested too deeply to read';
  return REWORDED[code] ?? message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
}
