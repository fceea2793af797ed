// `{{Column}}` placeholders of an alertDetailsOverride format, found with the Azure-Sentinel CI's pattern
// `{{([^{}]*)}}`. One reading serves the CI's count (SR215), the padded-name warning (SR219), the output-column
// checks and the run's filling, so they can never disagree about what a placeholder is.

export interface Placeholder {
  /** Offsets in the format of the whole `{{…}}`. */
  start: number;
  end: number;
  /** What stands between the braces, as written: Sentinel looks the column up by exactly this. */
  written: string;
  /** The column name without surrounding whitespace, and its offset in the format. */
  name: string;
  nameStart: number;
}

export function placeholdersIn(format: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of format.matchAll(/{{([^{}]*)}}/g)) {
    const written = m[1];
    const name = written.trim();
    const nameStart = m.index! + 2 + (written.length - written.trimStart().length);
    out.push({ start: m.index!, end: m.index! + m[0].length, written, name, nameStart });
  }
  return out;
}
