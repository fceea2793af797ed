// The ATT&CK view of one rule, computed once per analysis and shared by the checks.
import type { RuleDocument } from '../core/ruleDocument';
import { attack, type AttackTechnique } from './catalog';
import { listItems, TACTICS_FIELD, TECHNIQUE_FIELDS, type ListItem } from './ruleFields';
import { resolveTactic, sentinelTacticsOf } from './sentinelTactics';

export class RuleAttack {
  readonly tactics: ListItem[];
  /** Items of every technique field, field by field. */
  readonly techniques: ListItem[];
  /** Sentinel names of the listed tactics, misspellings resolved (they get their own diagnostic). */
  readonly listedTactics = new Set<string>();
  /** ATT&CK tactic shortnames the listed tactics cover (PreAttack covers reconnaissance and resource-development). */
  readonly coveredShortnames = new Set<string>();

  constructor(readonly rule: RuleDocument) {
    this.tactics = listItems(rule, TACTICS_FIELD);
    this.techniques = TECHNIQUE_FIELDS.flatMap((f) => listItems(rule, f));
    for (const item of this.tactics) {
      const resolved = resolveTactic(item.value);
      if (!resolved) continue;
      this.listedTactics.add(resolved.tactic.name);
      for (const c of resolved.tactic.covers) this.coveredShortnames.add(c);
    }
  }

  /** The known, not revoked techniques of the rule (any field). */
  knownTechniques(): AttackTechnique[] {
    return this.techniques.map((i) => attack.technique(i.value)).filter((t): t is AttackTechnique => !!t && !t.revoked);
  }

  /** Sentinel tactic names the rule's techniques belong to. */
  techniqueTacticNames(): Set<string> {
    return new Set(this.knownTechniques().flatMap((t) => sentinelTacticsOf(t.tactics)));
  }
}
