// Editor help for the rule's own fields (not the KQL inside `query`): hover and completion from the schema.
import type { RuleFeature } from '../core/feature';
import { completeRuleField } from './completion';
import { hoverRuleField } from './hover';

export const ruleHelpFeature: RuleFeature = {
  name: 'ruleHelp',
  hover: (rule, offset) => hoverRuleField(rule, offset),
  completion: (rule, offset) => completeRuleField(rule, offset),
};
