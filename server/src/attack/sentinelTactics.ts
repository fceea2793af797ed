// Sentinel's spellings of ATT&CK tactics (the `tactics:` values of a rule, the REST AttackTactic enum):
// PascalCase of the ATT&CK shortname (lateral-movement -> LateralMovement), including the ICS-only
// ImpairProcessControl and InhibitResponseFunction, plus the legacy PreAttack.
import { attack, type AttackTactic } from './catalog';

export interface SentinelTactic {
  /** The spelling Sentinel expects, e.g. LateralMovement. */
  name: string;
  /** The ATT&CK tactics (Enterprise and/or ICS) this value stands for. */
  attack: AttackTactic[];
  /** ATT&CK shortnames whose techniques this value covers. */
  covers: string[];
  /** PreAttack: the PRE-ATT&CK domain folded into Reconnaissance and ResourceDevelopment in ATT&CK v8. */
  legacy: boolean;
}

export const PRE_ATTACK = 'PreAttack';
/** What PreAttack became in ATT&CK v8 (Oct 2020). */
export const PRE_ATTACK_SUCCESSORS = ['Reconnaissance', 'ResourceDevelopment'];

/** The Sentinel tactic value for an ATT&CK tactic shortname. ICS "Evasion" has no value of its own. */
export function sentinelTacticName(shortname: string): string {
  if (shortname === 'evasion') return 'DefenseEvasion';
  return shortname.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function buildTactics(): SentinelTactic[] {
  const byName = new Map<string, SentinelTactic>();
  for (const t of attack.tactics()) {
    const name = sentinelTacticName(t.shortname);
    const entry = byName.get(name) ?? { name, attack: [], covers: [], legacy: false };
    entry.attack.push(t);
    if (!entry.covers.includes(t.shortname)) entry.covers.push(t.shortname);
    byName.set(name, entry);
  }
  const successors = PRE_ATTACK_SUCCESSORS.map((n) => byName.get(n)!);
  byName.set(PRE_ATTACK, { name: PRE_ATTACK, attack: [], covers: successors.flatMap((s) => s.covers), legacy: true });
  return [...byName.values()];
}

/** Every Sentinel tactic value: Enterprise matrix order, then the ICS-only ones, then PreAttack. */
export const sentinelTactics: readonly SentinelTactic[] = buildTactics();

const byExactName = new Map(sentinelTactics.map((t) => [t.name, t]));
const byLooseName = new Map(sentinelTactics.map((t) => [looseKey(t.name), t]));

/** Case, spaces, hyphens and underscores do not matter: "Lateral Movement", "lateral-movement". */
function looseKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

export function sentinelTactic(name: string): SentinelTactic | undefined {
  return byExactName.get(name);
}

/**
 * What a written tactic value means: the exact Sentinel spelling, or one that differs only in case or
 * separators, or an ATT&CK tactic ID (TA0008); undefined when it names no tactic at all.
 */
export function resolveTactic(text: string): { tactic: SentinelTactic; exact: boolean; caseOnly: boolean } | undefined {
  const exact = byExactName.get(text);
  if (exact) return { tactic: exact, exact: true, caseOnly: false };
  const loose = byLooseName.get(looseKey(text));
  if (loose) return { tactic: loose, exact: false, caseOnly: loose.name.toLowerCase() === text.toLowerCase() };
  const byId = sentinelTactics.find((t) => t.attack.some((a) => a.id === text.trim().toUpperCase()));
  return byId && { tactic: byId, exact: false, caseOnly: false };
}

/** The Sentinel tactic values a technique belongs to, in matrix order. */
export function sentinelTacticsOf(techniqueTactics: readonly string[]): string[] {
  return sentinelTactics.filter((t) => !t.legacy && t.covers.some((c) => techniqueTactics.includes(c))).map((t) => t.name);
}
