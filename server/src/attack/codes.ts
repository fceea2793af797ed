// The stable diagnostic codes of the ATT&CK checks (SR4xx). One table serves the checks (default severity),
// the docs and hover on a code.
import type { Fix, Range, RuleDiagnostic, Severity } from '../core/types';

export interface AttackCodeInfo {
  severity: Severity;
  /** One line: what the code means. */
  title: string;
}

export const attackCodes = {
  SR401: { severity: 'error', title: 'A tactic is not a Sentinel tactic value.' },
  SR402: { severity: 'error', title: 'A tactic is spelt with spaces, hyphens or another case (`Lateral Movement`); Sentinel expects `LateralMovement`. A warning when only the case differs (the CI reads tactics case-insensitively).' },
  SR403: { severity: 'warning', title: '`PreAttack` is legacy: ATT&CK v8 replaced it with `Reconnaissance` and `ResourceDevelopment`, and the Azure-Sentinel CI no longer accepts it.' },
  SR404: { severity: 'warning', title: 'A tactic is listed twice.' },
  SR410: { severity: 'error', title: 'A `techniques` entry is not a technique ID (`T1234`) or a `subTechniques` entry is not a sub-technique ID (`T1234.567`).' },
  SR411: { severity: 'error', title: 'A technique ID is not in ATT&CK (Enterprise or ICS).' },
  SR412: { severity: 'error', title: 'A technique is revoked in ATT&CK; use the technique that replaced it.' },
  SR413: { severity: 'warning', title: 'A technique is deprecated in ATT&CK (it has no replacement).' },
  SR414: { severity: 'warning', title: 'A technique is listed twice.' },
  SR420: { severity: 'error', title: 'None of the technique\'s tactics is listed in `tactics` (the Azure-Sentinel CI rejects this).' },
  SR421: { severity: 'information', title: 'A listed tactic has none of the rule\'s techniques.' },
  SR430: { severity: 'error', title: 'With `attack.compatibility: sentinel-ci`: the Azure-Sentinel CI\'s older technique map would reject the technique.' },
} satisfies Record<string, AttackCodeInfo>;

export type AttackCode = keyof typeof attackCodes;

export function attackDiagnostic(code: AttackCode, message: string, range: Range, options: { severity?: Severity; fixes?: Fix[] } = {}): RuleDiagnostic {
  const d: RuleDiagnostic = { code, severity: options.severity ?? attackCodes[code].severity, message, range };
  if (options.fixes?.length) d.fixes = options.fixes;
  return d;
}
