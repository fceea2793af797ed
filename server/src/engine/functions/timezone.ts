// datetime_utc_to_local / datetime_local_to_utc: IANA time zones (the names Kusto's timezone page lists, such as
// 'US/Pacific' and 'Europe/Brussels') through the ICU data of Node's Intl.
import { TICKS_PER_MS, unixMsFromTicks } from '../values';
import { toText } from './convert';
import type { ScalarCompiler } from './types';
import { KqlRuntimeError } from './types';

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterOf(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', era: 'short',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at a UTC instant, in milliseconds. */
function offsetMs(f: Intl.DateTimeFormat, utcMs: number): number {
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  const local = new Date(0);
  local.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  local.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  const wholeSecond = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return local.getTime() - wholeSecond;
}

function zoneArg(v: unknown, where: string, name: string): Intl.DateTimeFormat {
  const zone = String(v);
  const f = formatterOf(zone);
  if (!f) throw new KqlRuntimeError(`${name}(): '${zone}' is not a supported time zone at ${where}`);
  return f;
}

/** datetime_utc_to_local(utc, zone): the wall-clock time in the zone (datetime-utc-to-local-function). */
const datetime_utc_to_local: ScalarCompiler = ({ argTypes, where }) => ([dt, zone]) => {
  if (dt === null) return null;
  const f = zoneArg(toText(zone, argTypes[1]), where, 'datetime_utc_to_local');
  return (dt as number) + offsetMs(f, unixMsFromTicks(dt as number)) * TICKS_PER_MS;
};

/**
 * datetime_local_to_utc(local, zone): the UTC time of a wall-clock time in the zone. The offset is the one in
 * force at the local time read with the previous day's offset, which maps a time skipped by a DST change the
 * way the docs' Europe/Brussels example does (02:00 → 00:00 UTC, as 01:00 → 00:00 UTC).
 */
const datetime_local_to_utc: ScalarCompiler = ({ argTypes, where }) => ([dt, zone]) => {
  if (dt === null) return null;
  const f = zoneArg(toText(zone, argTypes[1]), where, 'datetime_local_to_utc');
  const localMs = unixMsFromTicks(dt as number);
  const before = offsetMs(f, localMs - 86_400_000);
  return (dt as number) - offsetMs(f, localMs - before) * TICKS_PER_MS;
};

export const timezoneFunctions: Record<string, ScalarCompiler> = { datetime_utc_to_local, datetime_local_to_utc };
