// `incidentConfiguration.groupingConfiguration` as the Sentinel API checks it (the CI ignores the field, so
// these are warnings): `Selected` needs a groupBy list (SR216); grouped entity types and custom details must
// exist in the rule (SR217).
import type { RuleDiagnostic } from '../../core/types';
import { diagnostic } from '../diagnostic';
import { isRecord, recordItems, valueAt, type ConstraintCheck } from './context';

const GROUPING = ['incidentConfiguration', 'groupingConfiguration'];
const GROUP_BY = ['groupByEntities', 'groupByAlertDetails', 'groupByCustomDetails'];

export const checkIncident: ConstraintCheck = ({ rule, fields }) => {
  const grouping = valueAt(fields, GROUPING);
  if (!isRecord(grouping)) return [];
  const out: RuleDiagnostic[] = [];
  const nonEmpty = (key: string) => Array.isArray(grouping[key]) && (grouping[key] as unknown[]).length > 0;
  if (typeof grouping.matchingMethod === 'string' && grouping.matchingMethod.toLowerCase() === 'selected' && grouping.enabled !== false && !GROUP_BY.some(nonEmpty)) {
    out.push(diagnostic('SR216', '`matchingMethod: Selected` needs at least one of `groupByEntities`, `groupByAlertDetails`, `groupByCustomDetails`.', rule.valueOrKeyRange([...GROUPING, 'matchingMethod'])));
  }
  const mappedTypes = new Set(recordItems(fields.entityMappings).map(([m]) => String(m.entityType).toLowerCase()));
  const customKeys = new Set(isRecord(fields.customDetails) ? Object.keys(fields.customDetails) : []);
  listOf(grouping.groupByEntities).forEach((type, i) => {
    if (typeof type === 'string' && !mappedTypes.has(type.toLowerCase())) {
      out.push(diagnostic('SR217', `Grouping by entity \`${type}\`, but no entity mapping of the rule has that type.`, rule.valueOrKeyRange([...GROUPING, 'groupByEntities', i])));
    }
  });
  listOf(grouping.groupByCustomDetails).forEach((key, i) => {
    if (typeof key === 'string' && !customKeys.has(key)) {
      out.push(diagnostic('SR217', `Grouping by custom detail \`${key}\`, but \`customDetails\` has no such key.`, rule.valueOrKeyRange([...GROUPING, 'groupByCustomDetails', i])));
    }
  });
  return out;
};

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
