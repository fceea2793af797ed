// Hover on a technique or tactic item: what ATT&CK says about it, with a link to its page.
import { isScalar } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { HoverResult } from '../core/types';
import { attack, attackUrl, type AttackTechnique } from './catalog';
import { isAttackField, TACTICS_FIELD } from './ruleFields';
import { PRE_ATTACK_SUCCESSORS, resolveTactic, sentinelTactic, sentinelTacticsOf, type SentinelTactic } from './sentinelTactics';

export function attackHover(rule: RuleDocument, offset: number): HoverResult | undefined {
  const { path, node } = rule.locate(offset);
  if (path.length !== 2 || !isAttackField(path[0]) || !isScalar(node) || typeof node.value !== 'string') return undefined;
  const markdown = path[0] === TACTICS_FIELD ? tacticMarkdown(node.value) : techniqueMarkdown(node.value);
  return markdown ? { markdown, range: rule.rangeOf(node) } : undefined;
}

const DOMAIN_NAMES = { 'enterprise-attack': 'Enterprise', 'ics-attack': 'ICS' };

export function techniqueMarkdown(id: string): string | undefined {
  const t = attack.technique(id);
  if (!t) return undefined;
  const lines = [`**${t.id}: ${t.name}** (MITRE ATT&CK v${attack.version} ${DOMAIN_NAMES[t.domain]})`, ''];
  if (t.revoked) {
    const by = attack.technique(t.revokedBy!);
    lines.push(`**Revoked**: replaced by ${by ? link(by) : t.revokedBy}.`, '');
  }
  if (t.deprecated) lines.push('**Deprecated**: no longer maintained in ATT&CK and has no replacement.', '');
  if (t.subtechniqueOf) {
    const parent = attack.technique(t.subtechniqueOf);
    lines.push(`Sub-technique of ${parent ? link(parent) : t.subtechniqueOf}`, '');
  }
  const tactics = t.tactics.map((s) => {
    const tactic = attack.tactic(t.domain, s);
    return tactic ? `${sentinelTacticsOf([s])[0]} (${tactic.name}, ${tactic.id})` : s;
  });
  lines.push(`Tactics: ${tactics.join(', ')}`, '', `[${t.id} on attack.mitre.org](${attackUrl(t.id)})`);
  return lines.join('\n');
}

function link(t: AttackTechnique): string {
  return `[${t.id} ${t.name}](${attackUrl(t.id)})`;
}

export function tacticMarkdown(text: string): string | undefined {
  const resolved = resolveTactic(text);
  if (!resolved) return undefined;
  const { tactic } = resolved;
  if (tactic.legacy) return preAttackMarkdown();
  const lines = [`**${tactic.name}**: MITRE ATT&CK tactic`, ''];
  for (const a of tactic.attack) {
    lines.push(`${DOMAIN_NAMES[a.domain]} [${a.id} ${a.name}](${attackUrl(a.id)}): ${a.description}`, '');
  }
  return lines.join('\n').trimEnd();
}

function preAttackMarkdown(): string {
  const successors = PRE_ATTACK_SUCCESSORS.map((n) => sentinelTactic(n)!).map((s: SentinelTactic) => `${s.name} ([${s.attack[0].id}](${attackUrl(s.attack[0].id)}))`);
  return `**PreAttack**: legacy tactic of the PRE-ATT&CK domain, which ATT&CK v8 (October 2020) replaced with ${successors.join(' and ')}.`;
}
