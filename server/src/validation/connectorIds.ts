// The data connector ids the Azure-Sentinel CI accepts (.script/tests/detectionTemplateSchemaValidation/
// ValidConnectorIds.json, copied verbatim into ./data). Completion and hover read the same list.
import ids from './data/ValidConnectorIds.json';

export const validConnectorIds: readonly string[] = [...new Set(ids as string[])].sort((a, b) => a.localeCompare(b));

const exact = new Set(validConnectorIds);
const byLowerCase = new Map(validConnectorIds.map((id) => [id.toLowerCase(), id]));

export function isValidConnectorId(id: string): boolean {
  return exact.has(id);
}

/** The valid id a near miss (other case, stray blanks) was meant to be, if it is certain. */
export function connectorIdFor(id: string): string | undefined {
  return byLowerCase.get(id.trim().toLowerCase());
}
