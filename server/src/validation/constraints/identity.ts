// Identity of a rule: a GUID `id` (SR201/SR202), unique across the workspace (SR203), and, when the file lies
// in a rule folder, a `.yaml` file name (SR204) that no other rule file there has (SR218).
import { randomUUID } from 'node:crypto';
import { isInRuleFolder } from '../../core/ruleFiles';
import { diagnostic } from '../diagnostic';
import { ruleFileNameKey, ruleIdKey, uriPath } from '../ruleIds';
import type { ConstraintCheck } from './context';

// The shapes .NET Guid.Parse accepts that people write: D (8-4-4-4-12), N (32 digits), B {D} and P (D).
const HEX = '[0-9a-fA-F]';
const D = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
const GUID = new RegExp(`^\\s*(?:${D}|${HEX}{32}|\\{${D}\\}|\\(${D}\\))\\s*$`);
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const checkIdentity: ConstraintCheck = ({ rule, fields, workspace }) => {
  const out = [];
  const id = fields.id;
  if (typeof id === 'string') {
    const range = rule.valueOrKeyRange(['id']);
    if (!GUID.test(id)) {
      const guid = randomUUID();
      out.push(diagnostic('SR201', `\`id\` \`${id}\` is not a GUID; use one such as ${guid}.`, range, {
        fixes: [{ title: 'Replace with a new GUID', edits: [{ range, newText: guid }], isPreferred: true }],
      }));
    } else if (!CANONICAL.test(id)) {
      const canonical = canonicalGuid(id);
      out.push(diagnostic('SR202', `\`id\` is a GUID, but the canonical form is lower-case 8-4-4-4-12: ${canonical}.`, range, {
        fixes: [{ title: `Change to ${canonical}`, edits: [{ range, newText: canonical }] }],
      }));
    }
    const others = (workspace.ruleIds?.get(ruleIdKey(id)) ?? []).filter((uri) => uri !== rule.uri).map(uriPath);
    if (id.trim() !== '' && others.length > 0) {
      out.push(diagnostic('SR203', `\`id\` ${id} is also the id of ${listFiles(others)}; every rule needs its own id.`, range));
    }
  }
  const firstLine = () => rule.lines.range(0, rule.lines.lineEnd(0));
  if (/\.yml$/i.test(rule.uri) && isInRuleFolder(uriPath(rule.uri))) {
    out.push(diagnostic('SR204', 'Rule files in a rule folder must be named `*.yaml`; the CI rejects `.yml`.', firstLine()));
  }
  const name = ruleFileNameKey(rule.uri);
  const sameName = name === undefined ? [] : (workspace.ruleFileNames?.get(name) ?? []).filter((uri) => uri !== rule.uri).map(uriPath);
  if (sameName.length > 0) {
    out.push(diagnostic('SR218', `Another rule file is also named ${name}: ${listFiles(sameName)}; the CI finds templates by file name and rejects two with the same name.`, firstLine()));
  }
  return out;
};

function canonicalGuid(id: string): string {
  const hex = id.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function listFiles(paths: string[]): string {
  return paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');
}
