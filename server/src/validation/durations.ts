// Durations of `queryFrequency` / `queryPeriod` read the way the Azure-Sentinel CI reads them
// (ScheduledTemplateTimeSpanConverter): first .NET TimeSpan.TryParse (`hh:mm[:ss[.fffffff]]`, `d.hh:mm[:ss]`,
// or a bare number of days), then `<integer><m|h|d>` with a lower-case unit. Anything else is rejected,
// notably ISO 8601 (`PT1H`).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export type DurationReading =
  | { ok: true; ms: number }
  | { ok: false; suggestion?: string };

export function readDuration(text: string): DurationReading {
  const ms = parseTimeSpan(text) ?? parseUnitDuration(text);
  if (ms !== undefined) return { ok: true, ms };
  return { ok: false, suggestion: suggestDuration(text) };
}

/** .NET TimeSpan.TryParse with the invariant culture, for the shapes a rule author may write. */
function parseTimeSpan(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * DAY_MS;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (!m) return undefined;
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0));
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const fraction = m[5] ? Number(`0.${m[5]}`) : 0;
  return days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + (seconds + fraction) * 1000;
}

/** `<integer><m|h|d>`; int.Parse tolerates surrounding blanks but not a sign-less empty number. */
function parseUnitDuration(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([mhd])$/.exec(text);
  if (!m) return undefined;
  const unit = m[2] === 'm' ? MINUTE_MS : m[2] === 'h' ? HOUR_MS : DAY_MS;
  return Number(m[1]) * unit;
}

/** A certain rewrite of a rejected duration: ISO 8601 or an upper-case unit, into the `5m`/`1h`/`1d` form. */
function suggestDuration(text: string): string | undefined {
  const t = text.trim();
  const unit = /^(\d+)([MHD])$/.exec(t);
  if (unit) return `${unit[1]}${unit[2].toLowerCase()}`;
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(t);
  if (!iso || t.toUpperCase() === 'P' || t.toUpperCase() === 'PT' || /T$/i.test(t)) return undefined;
  const [d, h, m, s] = [iso[1], iso[2], iso[3], iso[4]].map((v) => Number(v ?? 0));
  if (s % 60 !== 0) return undefined;
  return formatDuration(d * DAY_MS + h * HOUR_MS + m * MINUTE_MS + s * 1000);
}

/** The shortest `<n><d|h|m>` spelling of a whole number of minutes. */
export function formatDuration(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  return `${Math.round(ms / MINUTE_MS)}m`;
}
