// SR401–SR404: each `tactics` value is a Sentinel tactic, spelt as Sentinel spells it, listed once.
import type { Range, RuleDiagnostic } from '../core/types';
import { attackDiagnostic } from './codes';
import { removeItem, replaceItem } from './listEdits';
import type { RuleAttack } from './ruleAttack';
import type { ListItem } from './ruleFields';
import { PRE_ATTACK_SUCCESSORS, resolveTactic, sentinelTactics } from './sentinelTactics';

export function checkTactics(ra: RuleAttack): RuleDiagnostic[] {
  const out: RuleDiagnostic[] = [];
  const seen = new Set<string>();
  for (const item of ra.tactics) {
    const range = ra.rule.rangeOf(item.node);
    const resolved = resolveTactic(item.value);
    if (!resolved) {
      out.push(attackDiagnostic('SR401', `'${item.value}' is not a Sentinel tactic. Valid values: ${sentinelTactics.filter((t) => !t.legacy).map((t) => t.name).join(', ')}.`, range));
      continue;
    }
    const { tactic } = resolved;
    if (seen.has(tactic.name)) {
      out.push(attackDiagnostic('SR404', `Tactic '${tactic.name}' is listed more than once.`, range, {
        fixes: [{ title: `Remove the duplicate '${item.value}'`, edits: [removeItem(ra.rule, item)], isPreferred: true }],
      }));
      continue;
    }
    seen.add(tactic.name);
    if (!resolved.exact) {
      out.push(attackDiagnostic('SR402', `Sentinel spells this tactic '${tactic.name}'.`, range, {
        severity: resolved.caseOnly ? 'warning' : 'error',
        fixes: [{ title: `Change to '${tactic.name}'`, edits: [replaceItem(ra.rule, item, tactic.name)], isPreferred: true }],
      }));
    }
    if (tactic.legacy) out.push(preAttackWarning(ra, item, range));
  }
  return out;
}

/** PreAttack: offer each successor that is not listed yet; prefer the one the rule's techniques belong to. */
function preAttackWarning(ra: RuleAttack, item: ListItem, range: Range): RuleDiagnostic {
  const fixes = PRE_ATTACK_SUCCESSORS.map((name) => {
    const listed = ra.listedTactics.has(name);
    return {
      title: listed ? `Remove '${item.value}' ('${name}' is already listed)` : `Change to '${name}'`,
      edits: [listed ? removeItem(ra.rule, item) : replaceItem(ra.rule, item, name)],
      isPreferred: ra.techniqueTacticNames().has(name),
    };
  });
  return attackDiagnostic('SR403', `'PreAttack' is a legacy tactic: ATT&CK v8 split PRE-ATT&CK into ${PRE_ATTACK_SUCCESSORS.join(' and ')}, and the Azure-Sentinel CI no longer accepts it.`, range, { fixes });
}
