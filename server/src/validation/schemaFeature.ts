// Rule feature "schema": YAML well-formedness and the JSON schema (SR1xx).
import type { RuleFeature } from '../core/feature';
import { ciView } from './ciView';
import { readRuleFields } from './ruleFields';
import { schemaErrors } from './ruleSchema';
import { schemaDiagnostics } from './schemaDiagnostics';

export const schemaFeature: RuleFeature = {
  name: 'schema',
  diagnostics(rule) {
    const reading = readRuleFields(rule);
    if ('problem' in reading) return [reading.problem];
    const view = ciView(rule, reading.fields);
    return schemaDiagnostics(rule, view, schemaErrors(view.value));
  },
};
