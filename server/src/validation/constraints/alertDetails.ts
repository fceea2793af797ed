// `alertDetailsOverride` name and description formats: at most 3 `{{column}}` placeholders each (SR215),
// counted with the CI's regex `{{([^{}]*)}}`. Lengths are the schema's.
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
    const placeholders = format.match(/\{\{([^{}]*)\}\}/g) ?? [];
    if (placeholders.length <= MAX_PLACEHOLDERS) return [];
    return [diagnostic('SR215', `\`${key}\` has ${placeholders.length} placeholders (${placeholders.join(', ')}); at most ${MAX_PLACEHOLDERS} are allowed.`,
      rule.valueOrKeyRange(['alertDetailsOverride', key]))];
  });
};
