// `alertDetailsOverride` name and description formats: at most 3 `{{column}}` placeholders each (SR215),
// counted with the CI's pattern; no whitespace between the braces and the column name (SR219), which
// Microsoft's authoring guide forbids because Sentinel then finds no column and shows the rule's defaults.
// Lengths are the schema's.
import { isScalar, type Scalar } from 'yaml';
import { placeholdersIn, type Placeholder } from '../../core/placeholders';
import type { RuleDocument } from '../../core/ruleDocument';
import type { RuleDiagnostic } from '../../core/types';
import { mapScalar, toDocument } from '../../kql/queryText';
import { diagnostic } from '../diagnostic';
import { isRecord, type ConstraintCheck } from './context';

const MAX_PLACEHOLDERS = 3;
const FORMATS = ['alertDisplayNameFormat', 'alertDescriptionFormat'];

export const checkAlertDetails: ConstraintCheck = ({ rule, fields }) => {
  const override = fields.alertDetailsOverride;
  if (!isRecord(override)) return [];
  return FORMATS.flatMap((key) => {
    const format = override[key];
    if (typeof format !== 'string') return [];
    const placeholders = placeholdersIn(format);
    const out: RuleDiagnostic[] = [];
    if (placeholders.length > MAX_PLACEHOLDERS) {
      out.push(diagnostic('SR215', `\`${key}\` has ${placeholders.length} placeholders (${placeholders.map((p) => format.slice(p.start, p.end)).join(', ')}); at most ${MAX_PLACEHOLDERS} are allowed.`,
        rule.valueOrKeyRange(['alertDetailsOverride', key])));
    }
    const padded = placeholders.filter((p) => p.written !== p.name);
    if (padded.length > 0) out.push(...paddedPlaceholders(rule, key, padded));
    return out;
  });
};

function paddedPlaceholders(rule: RuleDocument, key: string, padded: Placeholder[]): RuleDiagnostic[] {
  const node = rule.node(['alertDetailsOverride', key]);
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return [];
  const mapped = mapScalar(rule.text, node as Scalar<string>);
  return padded.map((p) => {
    const range = rule.lines.range(toDocument(mapped, p.start), toDocument(mapped, p.end - 1) + 1);
    const exact = `{{${p.name}}}`;
    return diagnostic('SR219',
      `\`${key}\`: '${mapped.text.slice(p.start, p.end)}' has whitespace inside the braces; the column name must match exactly, without leading or trailing whitespace, or Sentinel does not fill the placeholder (Microsoft's authoring guide for alertDetailsOverride). Write ${exact}.`,
      range, { fixes: [{ title: `Change to ${exact}`, edits: [{ range, newText: exact }], isPreferred: true }] });
  });
}
