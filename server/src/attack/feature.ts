// The ATT&CK feature family (SR4xx): tactic and technique checks, hover and completion.
import type { RuleFeature } from '../core/feature';
import { checkConsistency } from './consistency';
import { attackCompletion } from './completion';
import { attackHover } from './hover';
import { RuleAttack } from './ruleAttack';
import { checkSentinelCi, compatibility } from './sentinelCi';
import { checkTactics } from './tacticChecks';
import { checkTechniques } from './techniqueChecks';

export const attackFeature: RuleFeature = {
  name: 'attack',
  diagnostics(rule, ctx) {
    const ra = new RuleAttack(rule);
    return [
      ...checkTactics(ra),
      ...checkTechniques(ra),
      ...checkConsistency(ra),
      ...(compatibility(ctx) === 'sentinel-ci' ? checkSentinelCi(ra) : []),
    ];
  },
  hover: (rule, offset) => attackHover(rule, offset),
  completion: (rule, offset) => attackCompletion(rule, offset),
};
