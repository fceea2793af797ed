// Shared by the validation tests: run only the two validation features (schema + constraints) on a text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceContext } from '../../server/src/core/feature';
import { RuleDocument } from '../../server/src/core/ruleDocument';
import type { Range, RuleDiagnostic, TextEdit } from '../../server/src/core/types';
import { constraintsFeature } from '../../server/src/validation/constraintsFeature';
import { schemaFeature } from '../../server/src/validation/schemaFeature';

export const repoRoot = join(__dirname, '..', '..');
export const seedPath = join(repoRoot, 'testdata', 'rules', 'DCOMLateralMovement.yaml');
export const seedText = readFileSync(seedPath, 'utf8');

export function validate(text: string, uri = 'rule.yaml', workspace: WorkspaceContext = { roots: [] }): RuleDiagnostic[] {
  const rule = new RuleDocument(text, uri);
  return [
    ...(schemaFeature.diagnostics!(rule, workspace) as RuleDiagnostic[]),
    ...(constraintsFeature.diagnostics!(rule, workspace) as RuleDiagnostic[]),
  ];
}

/** `line:char-line:char`, 0-based, for compact expectations. */
export function rangeText(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Applies edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const rule = new RuleDocument(text);
  const sorted = [...edits].sort((a, b) => rule.lines.offsetAt(b.range.start) - rule.lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, rule.lines.offsetAt(e.range.start)) + e.newText + out.slice(rule.lines.offsetAt(e.range.end));
  return out;
}
