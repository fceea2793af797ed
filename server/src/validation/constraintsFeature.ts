// Rule feature "constraints": the Sentinel rules a schema cannot express (SR2xx), each in its own module.
import type { RuleFeature } from '../core/feature';
import { checkAlertDetails } from './constraints/alertDetails';
import { checkConnectors } from './constraints/connectors';
import type { CheckInput, ConstraintCheck } from './constraints/context';
import { checkEntities } from './constraints/entities';
import { checkIdentity } from './constraints/identity';
import { checkIncident } from './constraints/incident';
import { checkSchedule } from './constraints/schedule';
import { readRuleFields } from './ruleFields';

const checks: ConstraintCheck[] = [checkIdentity, checkSchedule, checkConnectors, checkEntities, checkAlertDetails, checkIncident];

export const constraintsFeature: RuleFeature = {
  name: 'constraints',
  diagnostics(rule, workspace) {
    const reading = readRuleFields(rule);
    if ('problem' in reading) return []; // the schema feature reports why the rule cannot be read
    const { fields } = reading;
    const kind = typeof fields.kind === 'string' ? canonicalKind(fields.kind) : undefined;
    const input: CheckInput = { rule, fields, workspace, kind };
    return checks.flatMap((check) => check(input));
  },
};

function canonicalKind(kind: string): CheckInput['kind'] {
  const k = kind.toLowerCase();
  return k === 'scheduled' ? 'Scheduled' : k === 'nrt' ? 'NRT' : undefined;
}
