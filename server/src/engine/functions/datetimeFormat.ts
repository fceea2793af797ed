// format_datetime and format_timespan: .NET-style custom format specifiers (yyyy, MM, dd, HH, hh, mm, ss,
// f…/F… fractions, tt) as listed on the Kusto docs pages of these functions.
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../values';
import { calendarParts } from './datetime';

const TOKEN = /d+|f+|F+|h+|H+|m+|M+|s+|y+|tt|./g;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Sub-second digits: `f` forms keep `count` digits, `F` forms drop trailing zeros (and show nothing for 0). */
function fraction(subSecondTicks: number, token: string): string {
  const digits = pad(Math.floor(subSecondTicks), 7).slice(0, token.length);
  return token[0] === 'F' ? digits.replace(/0+$/, '') : digits;
}

export function formatDatetimeWith(ticks: number, format: string): string {
  const p = calendarParts(ticks);
  const sub = ((ticks % TICKS_PER_SECOND) + TICKS_PER_SECOND) % TICKS_PER_SECOND;
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return format.replace(TOKEN, (tok) => {
    switch (tok[0]) {
      case 'y': return tok.length <= 2 ? pad(p.year % 100, tok.length) : pad(p.year, tok.length);
      case 'M': return pad(p.month, Math.min(tok.length, 2));
      case 'd': return pad(p.day, Math.min(tok.length, 2));
      case 'H': return pad(p.hour, Math.min(tok.length, 2));
      case 'h': return pad(hour12, Math.min(tok.length, 2));
      case 'm': return pad(p.minute, Math.min(tok.length, 2));
      case 's': return pad(p.second, Math.min(tok.length, 2));
      case 'f': case 'F': return fraction(sub, tok);
      default: return tok === 'tt' ? (p.hour < 12 ? 'AM' : 'PM') : tok;
    }
  });
}

export function formatTimespanWith(ticks: number, format: string): string {
  const neg = ticks < 0;
  let t = Math.abs(ticks);
  const days = Math.floor(t / TICKS_PER_DAY); t -= days * TICKS_PER_DAY;
  const hours = Math.floor(t / TICKS_PER_HOUR); t -= hours * TICKS_PER_HOUR;
  const minutes = Math.floor(t / TICKS_PER_MINUTE); t -= minutes * TICKS_PER_MINUTE;
  const seconds = Math.floor(t / TICKS_PER_SECOND); t -= seconds * TICKS_PER_SECOND;
  const text = format.replace(TOKEN, (tok) => {
    switch (tok[0]) {
      case 'd': return pad(days, tok.length);
      case 'h': case 'H': return pad(hours, Math.min(tok.length, 2));
      case 'm': return pad(minutes, Math.min(tok.length, 2));
      case 's': return pad(seconds, Math.min(tok.length, 2));
      case 'f': case 'F': return fraction(t, tok);
      default: return tok;
    }
  });
  return neg ? '-' + text : text;
}
