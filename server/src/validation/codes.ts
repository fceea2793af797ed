// The stable diagnostic codes of rule validation: SR1xx from the schema, SR2xx Sentinel constraints.
// One table serves the checks (default severity), the docs and hover on a code.
import type { Severity } from '../core/types';

export interface CodeInfo {
  severity: Severity;
  /** One line: what the code means. */
  title: string;
  /** What in the Azure-Sentinel CI (or docs) the check mirrors. */
  source: string;
}

const DTSV = 'detectionTemplateSchemaValidation';

export const validationCodes = {
  SR100: { severity: 'error', title: 'The file is not valid YAML (syntax error, duplicate key, or binary content).', source: 'yamlFileValidator.ts (js-yaml safeLoad) and the YamlDotNet load in DTSV' },
  SR101: { severity: 'error', title: 'The document is not a rule: it is empty or its top level is not a mapping of fields.', source: `${DTSV}: the template must deserialise to a template model` },
  SR102: { severity: 'error', title: 'A required field is missing.', source: `${DTSV} models: Required.Always fields` },
  SR103: { severity: 'error', title: 'A field has the wrong type or no value (text, number, true/false, list or mapping expected).', source: `${DTSV} models (Newtonsoft deserialisation)` },
  SR104: { severity: 'error', title: 'A value is not one of the allowed values.', source: `${DTSV} enums (AlertRuleKind, AlertSeverity, trigger operator, EntityType, aggregation kind)` },
  SR105: { severity: 'warning', title: 'A value differs from an allowed value only in letter case (an error where the CI compares case-sensitively).', source: `${DTSV} enums (StringEnumConverter is case-insensitive; the trigger operator converter is not)` },
  SR106: { severity: 'error', title: 'A text is empty or longer than allowed.', source: `${DTSV} models: [StringLength] attributes` },
  SR107: { severity: 'error', title: 'A list or mapping has too few or too many entries.', source: `${DTSV}: entity mappings 1–10, field mappings 1–3, custom details ≤ 20` },
  SR108: { severity: 'error', title: 'A value does not have the required format.', source: `${DTSV}: [RegularExpression] attributes (version, column names, custom detail keys)` },
  SR109: { severity: 'error', title: 'A number is out of range.', source: `${DTSV}: [Range(0, 10000)] on triggerThreshold` },
  SR110: { severity: 'information', title: 'A key that is not a field of a rule (or of the mapping it is in); it is ignored. A warning when it looks like a misspelt field.', source: `${DTSV}: Newtonsoft ignores unknown keys, so a misspelt optional field is silently lost` },
  SR201: { severity: 'error', title: '`id` is not a GUID.', source: `${DTSV}: id must parse as a .NET Guid` },
  SR202: { severity: 'information', title: '`id` is a GUID but not in the canonical lower-case 8-4-4-4-12 form.', source: 'idChangeValidator.ts matches the 8-4-4-4-12 form; recommendation' },
  SR203: { severity: 'error', title: 'Another rule in the workspace has the same `id`.', source: `${DTSV}: Validate_DetectionTemplates_NoSameTemplateIdTwice` },
  SR204: { severity: 'error', title: 'A rule file in a rule folder must end in `.yaml` (not `.yml`).', source: `${DTSV}: Validate_DetectionTemplates_AllFilesAreYamls` },
  SR205: { severity: 'error', title: '`queryFrequency` / `queryPeriod` is not a duration the CI can read (`5m`, `1h`, `14d`, `hh:mm:ss`); ISO 8601 such as `PT1H` is rejected.', source: `${DTSV}: ScheduledTemplateTimeSpanConverter` },
  SR206: { severity: 'error', title: '`queryFrequency` / `queryPeriod` is outside 5 minutes – 14 days.', source: `${DTSV}: [RangeTimeSpanIsoFormat("00:05:00", "14.00:00:00")]` },
  SR207: { severity: 'error', title: '`queryPeriod` is shorter than `queryFrequency`.', source: `${DTSV}: PeriodGreaterThanOrEqualFrequencyAttribute` },
  SR208: { severity: 'error', title: 'A `queryPeriod` of 2 days or more needs a `queryFrequency` of at least 1 hour.', source: `${DTSV}: FrequencyLimitationForLongPeriodQuery` },
  SR209: { severity: 'information', title: 'A field that NRT rules do not use (schedule, trigger, event grouping); it is ignored.', source: `${DTSV}: NrtTemplateInternalModel has no such field` },
  SR210: { severity: 'error', title: '`connectorId` is not a known data connector id.', source: `${DTSV}: Validate_DetectionTemplates_HasValidConnectorIds (ValidConnectorIds.json)` },
  SR211: { severity: 'error', title: 'The identifier is not valid for the entity type.', source: `${DTSV}: ValidEntityMappingsAttribute, EntityMappingIdentifiers.cs` },
  SR212: { severity: 'error', title: 'The same identifier is mapped twice in one entity mapping.', source: `${DTSV}: ValidEntityMappingsAttribute` },
  SR213: { severity: 'error', title: 'The entity mapping lacks every required identifier set of its type (for example `FullName` or `HostName` for a Host).', source: `${DTSV}: ValidEntityMappingsAttribute, EntityMappingIdentifiers.cs` },
  SR214: { severity: 'error', title: 'The query uses a legacy `*CustomEntity` column that no entity mapping maps.', source: `${DTSV}: NewEntityMappingsAttribute` },
  SR215: { severity: 'error', title: 'An alert details override has more than 3 `{{column}}` placeholders.', source: `${DTSV}: AlertDetailsOverride model` },
  SR216: { severity: 'warning', title: 'Incident grouping by `Selected` needs at least one groupBy list.', source: 'Sentinel API (GroupingConfiguration); not checked by the CI' },
  SR217: { severity: 'warning', title: 'Incident grouping refers to an entity type or custom detail the rule does not define.', source: 'Sentinel API (GroupingConfiguration); not checked by the CI' },
  SR218: { severity: 'error', title: 'Another rule file in a rule folder has the same file name.', source: `${DTSV}: template lookup by file name (.Single(): "Should not have 2 templates with the same name")` },
  SR219: { severity: 'warning', title: 'An alert details placeholder has whitespace inside its braces (`{{ Column }}`), so Sentinel fills it with nothing and shows the default.', source: 'Create analytics rules for Microsoft Sentinel solutions (alertDetailsOverride): "{{columnName}}, not {{ columnName }}"; not checked by the CI' },
} satisfies Record<string, CodeInfo>;

export type ValidationCode = keyof typeof validationCodes;
