// Every feature family of the core, in the order their diagnostics are reported. The language server and
// the CLI both go through analyzeRule/hoverRule/completeRule, so they can never disagree.
import type { RuleFeature, WorkspaceContext } from './feature';
import type { RuleDocument } from './ruleDocument';
import type { CompletionEntry, HoverResult, RuleDiagnostic } from './types';
import { schemaFeature } from '../validation/schemaFeature';
import { constraintsFeature } from '../validation/constraintsFeature';
import { kqlFeature } from '../kql/feature';
import { attackFeature } from '../attack/feature';
import { ruleHelpFeature } from '../ruleHelp';

export const features: RuleFeature[] = [
  // Each family adds itself here: schema, constraints, kql, attack…
  schemaFeature,
  constraintsFeature,
  kqlFeature,
  attackFeature,
  ruleHelpFeature,
];

export async function analyzeRule(rule: RuleDocument, ctx: WorkspaceContext): Promise<RuleDiagnostic[]> {
  const all: RuleDiagnostic[] = [];
  for (const f of features) if (f.diagnostics) all.push(...(await f.diagnostics(rule, ctx)));
  return all;
}

export async function hoverRule(rule: RuleDocument, offset: number, ctx: WorkspaceContext): Promise<HoverResult | undefined> {
  for (const f of features) {
    const h = f.hover && (await f.hover(rule, offset, ctx));
    if (h) return h;
  }
  return undefined;
}

export async function completeRule(rule: RuleDocument, offset: number, ctx: WorkspaceContext): Promise<CompletionEntry[]> {
  const all: CompletionEntry[] = [];
  for (const f of features) if (f.completion) all.push(...(await f.completion(rule, offset, ctx)));
  return all;
}
