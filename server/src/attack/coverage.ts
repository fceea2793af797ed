// ATT&CK coverage of a set of rules: which techniques they list, under which tactics, and how much of each
// tactic that is. The CLI's `attack-coverage` prints it and turns it into a Navigator layer.
import { isScalar } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { Position } from '../core/types';
import { attack, type AttackDomain, type AttackTechnique } from './catalog';
import { RuleAttack } from './ruleAttack';
import { sentinelTactics, sentinelTacticsOf } from './sentinelTactics';

export interface CoveredTechnique {
  technique: AttackTechnique;
  /** ATT&CK tactic shortnames it is covered under: those the listing rules also list (all of its tactics when none do). */
  tactics: Set<string>;
  /** Names of the rules listing it. */
  rules: string[];
}

export interface TacticRow {
  /** Sentinel tactic value, e.g. LateralMovement. */
  name: string;
  /** ATT&CK IDs (Enterprise, ICS). */
  ids: string[];
  /** Rules listing the tactic. */
  rules: number;
  /** Distinct techniques (parents) covered under the tactic: listed themselves or through a sub-technique. */
  techniques: number;
  /** Distinct sub-techniques listed under the tactic. */
  subTechniques: number;
  /** Current (not revoked or deprecated) techniques of the tactic in ATT&CK, Enterprise and ICS together. */
  attackTechniques: number;
}

/** A technique entry left out of the coverage, with where it is. */
export interface CoverageNote { file: string; position: Position; message: string }

export interface CoverageReport {
  rules: number;
  rulesWithTechniques: number;
  tactics: TacticRow[];
  techniques: CoveredTechnique[];
  notes: CoverageNote[];
}

export interface CoverageInput { file: string; rule: RuleDocument }

export function attackCoverage(inputs: readonly CoverageInput[]): CoverageReport {
  const covered = new Map<string, CoveredTechnique>();
  const notes: CoverageNote[] = [];
  const tacticRules = new Map<string, number>();
  let rulesWithTechniques = 0;
  for (const { file, rule } of inputs) {
    const ra = new RuleAttack(rule);
    const name = ruleName(rule, file);
    for (const t of ra.listedTactics) tacticRules.set(t, (tacticRules.get(t) ?? 0) + 1);
    const ids = new Set(ra.techniques.map((i) => i.value));
    if (ids.size) rulesWithTechniques++;
    for (const item of ra.techniques) {
      if (!ids.delete(item.value)) continue; // listed in two fields or twice: count once per rule
      const technique = attack.technique(item.value);
      const position = rule.lines.positionAt(item.node.range![0]);
      const v = `ATT&CK v${attack.version}`;
      const skip = !technique ? `is not in ${v}` : technique.revoked ? `is revoked in ${v} (use ${technique.revokedBy})` : technique.deprecated ? `is deprecated in ${v}` : undefined;
      if (skip || !technique) {
        notes.push({ file, position, message: `${item.value} ${skip}; not counted` });
        continue;
      }
      const entry = covered.get(technique.id) ?? { technique, tactics: new Set<string>(), rules: [] };
      const under = technique.tactics.filter((s) => ra.coveredShortnames.has(s));
      for (const s of under.length ? under : technique.tactics) entry.tactics.add(s);
      entry.rules.push(name);
      covered.set(technique.id, entry);
    }
  }
  const techniques = [...covered.values()].sort((a, b) => compareIds(a.technique.id, b.technique.id));
  return { rules: inputs.length, rulesWithTechniques, tactics: tacticRows(techniques, tacticRules), techniques, notes };
}

function tacticRows(techniques: CoveredTechnique[], tacticRules: Map<string, number>): TacticRow[] {
  const active = [...attack.techniques()].filter((t) => !t.revoked && !t.deprecated && !t.subtechniqueOf);
  return sentinelTactics.filter((t) => !t.legacy).map((tactic) => {
    const inTactic = techniques.filter((c) => tactic.covers.some((s) => c.tactics.has(s)));
    const parents = new Set(inTactic.map((c) => c.technique.subtechniqueOf ?? c.technique.id));
    return {
      name: tactic.name,
      ids: tactic.attack.map((a) => a.id),
      rules: tacticRules.get(tactic.name) ?? 0,
      techniques: parents.size,
      subTechniques: inTactic.filter((c) => c.technique.subtechniqueOf).length,
      attackTechniques: active.filter((t) => sentinelTacticsOf(t.tactics).includes(tactic.name)).length,
    };
  });
}

function ruleName(rule: RuleDocument, file: string): string {
  const node = rule.node(['name']);
  const name = isScalar(node) ? node.value : undefined;
  return typeof name === 'string' && name.trim() ? name.trim() : file;
}

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The covered techniques of one domain (a Navigator layer shows one domain). */
export function techniquesOfDomain(report: CoverageReport, domain: AttackDomain): CoveredTechnique[] {
  return report.techniques.filter((c) => c.technique.domain === domain);
}
