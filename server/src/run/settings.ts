// The parts of a rule that decide how Sentinel runs it and what alerts it raises, read from the one parsed
// RuleDocument. Shape errors are the validator's business; here a missing or unreadable value falls back to
// Sentinel's default and the problem is returned with its range.
import type { RuleDocument, YamlPath } from '../core/ruleDocument';
import type { Range } from '../core/types';
import { parseTimespan } from '../engine/values';

export type TriggerOperator = 'gt' | 'lt' | 'eq' | 'ne';
export type AggregationKind = 'SingleAlert' | 'AlertPerResult';

export interface EntityMappingSetting {
  entityType: string;
  fieldMappings: { identifier: string; columnName: string }[];
}

export interface RunSettings {
  kind: 'Scheduled' | 'NRT';
  name: string;
  description: string;
  severity: string;
  tactics: string[];
  /** Ticks; undefined for NRT rules (no period window). */
  queryPeriod?: number;
  trigger: { operator: TriggerOperator; threshold: number };
  aggregationKind: AggregationKind;
  entityMappings: EntityMappingSetting[];
  customDetails: Record<string, string>;
  alertDisplayNameFormat?: string;
  alertDescriptionFormat?: string;
  alertSeverityColumnName?: string;
  alertTacticsColumnName?: string;
}

export interface SettingProblem { message: string; range: Range }

const OPERATORS: Record<string, TriggerOperator> = {
  gt: 'gt', GreaterThan: 'gt', lt: 'lt', LessThan: 'lt', eq: 'eq', Equal: 'eq', ne: 'ne', NotEqual: 'ne',
};

export function readRunSettings(rule: RuleDocument): { settings: RunSettings; problems: SettingProblem[] } {
  const js = (rule.toJS() ?? {}) as Record<string, unknown>;
  const problems: SettingProblem[] = [];
  const problem = (path: YamlPath, message: string) => problems.push({ message, range: rule.valueOrKeyRange(path) });
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  const kind = text(js.kind).toLowerCase() === 'nrt' ? 'NRT' : 'Scheduled';

  let queryPeriod: number | undefined;
  if (kind === 'Scheduled') {
    const p = parseTimespan(text(js.queryPeriod));
    if (p === null || p <= 0) problem(['queryPeriod'], `queryPeriod '${text(js.queryPeriod)}' is not a duration; the query runs without a period window`);
    else queryPeriod = p;
  }

  let operator: TriggerOperator = 'gt';
  let threshold = 0;
  if (kind === 'Scheduled') {
    const op = OPERATORS[text(js.triggerOperator)];
    if (!op) problem(['triggerOperator'], `triggerOperator '${text(js.triggerOperator)}' is not gt, lt, eq or ne; using gt`);
    else operator = op;
    const t = Number(js.triggerThreshold);
    if (!Number.isInteger(t)) problem(['triggerThreshold'], `triggerThreshold '${text(js.triggerThreshold)}' is not an integer; using 0`);
    else threshold = t;
  }

  const grouping = (js.eventGroupingSettings ?? {}) as Record<string, unknown>;
  const aggregationKind: AggregationKind = text(grouping.aggregationKind).toLowerCase() === 'alertperresult' ? 'AlertPerResult' : 'SingleAlert';

  const entityMappings: EntityMappingSetting[] = [];
  if (Array.isArray(js.entityMappings)) {
    for (const m of js.entityMappings as Record<string, unknown>[]) {
      const fields = Array.isArray(m?.fieldMappings) ? (m.fieldMappings as Record<string, unknown>[]) : [];
      entityMappings.push({
        entityType: text(m?.entityType),
        fieldMappings: fields.map((f) => ({ identifier: text(f?.identifier), columnName: text(f?.columnName).trim() })),
      });
    }
  }
  const customDetails: Record<string, string> = {};
  if (js.customDetails && typeof js.customDetails === 'object') {
    for (const [k, v] of Object.entries(js.customDetails as Record<string, unknown>)) customDetails[k] = text(v).trim();
  }
  const override = (js.alertDetailsOverride ?? {}) as Record<string, unknown>;
  const optional = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

  return {
    settings: {
      kind,
      name: text(js.name),
      description: text(js.description).trim(),
      severity: text(js.severity),
      tactics: Array.isArray(js.tactics) ? (js.tactics as unknown[]).map(text) : [],
      queryPeriod,
      trigger: { operator, threshold },
      aggregationKind,
      entityMappings,
      customDetails,
      alertDisplayNameFormat: optional(override.alertDisplayNameFormat),
      alertDescriptionFormat: optional(override.alertDescriptionFormat),
      alertSeverityColumnName: optional(override.alertSeverityColumnName),
      alertTacticsColumnName: optional(override.alertTacticsColumnName),
    },
    problems,
  };
}
