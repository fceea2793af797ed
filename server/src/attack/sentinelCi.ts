// SR430, opt-in with `attack.compatibility: "sentinel-ci"`: the Azure-Sentinel repository CI checks
// `relevantTechniques` against its own hard-coded technique map (KillChainTechniquesHelper.cs, older than
// ATT&CK v18), reducing each entry to its parent. Techniques it lacks, or whose mapped tactics differ from
// ATT&CK's, fail a PR there even though they are correct ATT&CK; this tells authors before they push.
import type { WorkspaceContext } from '../core/feature';
import type { RuleDiagnostic } from '../core/types';
import { attack } from './catalog';
import { attackDiagnostic } from './codes';
import { addTacticFixes } from './consistency';
import ciMap from './data/sentinel-ci-killchain-map.json';
import type { RuleAttack } from './ruleAttack';

export const COMPATIBILITY_SETTING = 'attack.compatibility';
export type Compatibility = 'attack' | 'sentinel-ci';

const parentToTactics: Record<string, string[]> = ciMap.parentTechniqueToTactics;

/** The setting, written flat (`attack.compatibility`) or nested as VS Code returns a section (`attack: {compatibility}`). */
export function compatibility(ctx: WorkspaceContext): Compatibility {
  const s = ctx.settings ?? {};
  const nested = (s.attack as Record<string, unknown> | undefined)?.compatibility;
  return (s[COMPATIBILITY_SETTING] ?? nested) === 'sentinel-ci' ? 'sentinel-ci' : 'attack';
}

export function checkSentinelCi(ra: RuleAttack): RuleDiagnostic[] {
  const out: RuleDiagnostic[] = [];
  const reported = new Set<string>();
  for (const item of ra.techniques) {
    if (item.field !== 'relevantTechniques' || reported.has(item.value)) continue;
    const technique = attack.technique(item.value);
    // Unknown and revoked techniques already have an error; fixing those comes first.
    if (!technique || technique.revoked) continue;
    reported.add(item.value);
    const parent = item.value.split('.')[0];
    const range = ra.rule.rangeOf(item.node);
    const mapped = parentToTactics[parent];
    if (!mapped) {
      out.push(attackDiagnostic('SR430', `The Azure-Sentinel CI's technique map has no ${parent} (it predates ATT&CK v${attack.version}), so its check fails with "No valid tactic corresponding to the technique ${item.value} was provided in the tactics field".`, range));
      continue;
    }
    // Only when ATT&CK itself is satisfied; otherwise SR420 already asks for a tactic.
    const attackSatisfied = technique.tactics.some((s) => ra.coveredShortnames.has(s));
    if (attackSatisfied && !mapped.some((t) => ra.listedTactics.has(t))) {
      const unique = [...new Set(mapped)];
      out.push(attackDiagnostic('SR430', `The Azure-Sentinel CI maps ${parent} to ${unique.join(', ')} (ATT&CK v${attack.version} differs), and \`tactics\` lists none of them, so its check fails.`, range, {
        fixes: addTacticFixes(ra, unique),
      }));
    }
  }
  return out;
}
