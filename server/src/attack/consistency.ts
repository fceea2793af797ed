// SR420/SR421: techniques and tactics agree, as the Azure-Sentinel CI requires (each technique must belong to
// a listed tactic), judged with current ATT&CK data.
import type { Fix, RuleDiagnostic } from '../core/types';
import { attack } from './catalog';
import { attackDiagnostic } from './codes';
import { appendTactic } from './listEdits';
import type { RuleAttack } from './ruleAttack';
import { resolveTactic, sentinelTacticsOf } from './sentinelTactics';

export function checkConsistency(ra: RuleAttack): RuleDiagnostic[] {
  return [...techniquesWithoutTactic(ra), ...tacticsWithoutTechnique(ra)];
}

/** One "add tactic X" fix per tactic of the technique. */
export function addTacticFixes(ra: RuleAttack, names: readonly string[]): Fix[] {
  return names.flatMap((name, i) => {
    const edit = appendTactic(ra.rule, name);
    return edit ? [{ title: `Add tactic '${name}'`, edits: [edit], isPreferred: names.length === 1 && i === 0 }] : [];
  });
}

function techniquesWithoutTactic(ra: RuleAttack): RuleDiagnostic[] {
  const out: RuleDiagnostic[] = [];
  const reported = new Set<string>();
  for (const item of ra.techniques) {
    const technique = attack.technique(item.value);
    if (!technique || technique.revoked || reported.has(`${item.field}:${item.value}`)) continue;
    reported.add(`${item.field}:${item.value}`);
    if (technique.tactics.some((s) => ra.coveredShortnames.has(s))) continue;
    const candidates = sentinelTacticsOf(technique.tactics);
    out.push(attackDiagnostic('SR420',
      `Technique ${technique.id} (${technique.name}) belongs to ${candidates.join(', ')}, but \`tactics\` lists none of them; the Azure-Sentinel CI rejects this.`,
      ra.rule.rangeOf(item.node), { fixes: addTacticFixes(ra, candidates) }));
  }
  return out;
}

function tacticsWithoutTechnique(ra: RuleAttack): RuleDiagnostic[] {
  const out: RuleDiagnostic[] = [];
  // Revoked techniques count here: they show the author's intent, and their own error already says what to fix.
  const techniqueShortnames = new Set(ra.techniques.flatMap((i) => attack.technique(i.value)?.tactics ?? []));
  const reported = new Set<string>();
  for (const item of ra.tactics) {
    const tactic = resolveTactic(item.value)?.tactic;
    // PreAttack already has its own warning; a repeated tactic its duplicate warning.
    if (!tactic || tactic.legacy || reported.has(tactic.name)) continue;
    reported.add(tactic.name);
    if (tactic.covers.some((s) => techniqueShortnames.has(s))) continue;
    out.push(attackDiagnostic('SR421',
      `No technique of this rule belongs to tactic '${tactic.name}'; add one to \`relevantTechniques\` so the rule shows in ATT&CK coverage under this tactic.`,
      ra.rule.rangeOf(item.node)));
  }
  return out;
}
