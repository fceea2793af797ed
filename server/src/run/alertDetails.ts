// alertDetailsOverride: an alert's display name, description, severity and tactics from its result, as
// "Customize alert details in Microsoft Sentinel" documents them:
//
// * "You can select fields in your alert's query output whose contents can be included in the name or
//   description of each instance of the alert. If the selected field has no value in a given instance, the
//   alert details for that instance will revert to the defaults specified in the first page of the wizard."
// * "If the selected fields are empty or have values that don't match the field data type, the respective
//   alert properties will revert to their defaults (for tactics and severity, those specified in the first
//   page of the wizard)."
//
// "Create analytics rules for Microsoft Sentinel solutions" (alertDetailsOverride): "The column name within the
// curly braces must precisely match the expected column name, without any leading or trailing whitespace
// (for example, {{columnName}}, not {{ columnName }})": so `{{ X }}` names no column, has no value, and the
// property reverts. And "Service limits for Microsoft Sentinel" (Alert details): "50 values per overridden
// field; 5 KB per field for Description and collections; 256 bytes per field for AlertName and
// non-collections".
import { sentinelTactics } from '../attack/sentinelTactics';
import { placeholdersIn } from '../core/placeholders';

/** Bytes (UTF-8) an overridden display name may hold (AlertName: 256 bytes). */
export const DISPLAY_NAME_BYTES = 256;
/** Bytes (UTF-8) an overridden description may hold (Description: 5 KB). */
export const DESCRIPTION_BYTES = 5 * 1024;
/** Values an overridden collection (tactics) may hold. */
export const OVERRIDE_VALUE_LIMIT = 50;

/**
 * The format with each placeholder replaced by its column's text in the alert's row, cut to `maxBytes`; the
 * default instead when there is no format or a placeholder's column has no value (absent, null or empty).
 */
export function fillFormat(format: string | undefined, fallback: string, cell: (column: string) => string, maxBytes: number): string {
  if (format === undefined) return fallback;
  let filled = '';
  let from = 0;
  for (const p of placeholdersIn(format)) {
    // The column is looked up by the name as written (not trimmed).
    const v = cell(p.written);
    if (v === '') return fallback;
    filled += format.slice(from, p.start) + v;
    from = p.end;
  }
  filled += format.slice(from);
  return truncateUtf8(filled, maxBytes);
}

const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];
const severityByLowerCase = new Map(SEVERITIES.map((s) => [s.toLowerCase(), s]));

/** The column's severity in Sentinel's spelling (any letter case is read), else the rule's. */
export function severityFrom(text: string, fallback: string): string {
  return severityByLowerCase.get(text.trim().toLowerCase()) ?? fallback;
}

const tacticByLowerCase = new Map(sentinelTactics.map((t) => [t.name.toLowerCase(), t.name]));

/**
 * The column's tactics (a JSON array or a comma-separated list, in Sentinel's spelling, any letter case),
 * distinct and at most OVERRIDE_VALUE_LIMIT; the rule's tactics when the column is empty or a value is not a
 * tactic (a value that does not match the field's type reverts the whole property).
 */
export function tacticsFrom(text: string, fallback: string[]): string[] {
  const items = listItems(text);
  const tactics = items.map((t) => tacticByLowerCase.get(t.toLowerCase()));
  if (tactics.length === 0 || tactics.some((t) => t === undefined)) return fallback;
  return [...new Set(tactics as string[])].slice(0, OVERRIDE_VALUE_LIMIT);
}

function listItems(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map((v) => String(v).trim()).filter(Boolean);
    } catch { /* not JSON: read as a list */ }
  }
  return trimmed.split(',').map((t) => t.trim()).filter(Boolean);
}

/** The text cut to at most `maxBytes` of UTF-8, never inside a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}
