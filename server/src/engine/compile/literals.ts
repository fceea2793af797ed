// Literal nodes to engine values. Bridge boxes constants (System.Int64, TimeSpan, DateTime with only
// millisecond precision), so datetimes, guids and numbers are read from the literal's own text.
import { BridgeRt } from '../../kusto/bridge';
import { parseDatetime, parseTimespan, TICKS_PER_DAY, type Value } from '../values';
import { DynamicLiteralError, parseDynamicLiteral } from '../functions';
import { kindOf, nodeText, type Node } from './syntax';

const LITERAL_KINDS = new Set([
  'LongLiteralExpression', 'IntLiteralExpression', 'RealLiteralExpression', 'DecimalLiteralExpression',
  'BooleanLiteralExpression', 'StringLiteralExpression', 'CompoundStringLiteralExpression',
  'DateTimeLiteralExpression', 'TimespanLiteralExpression', 'GuidLiteralExpression', 'DynamicExpression',
  'NullLiteralExpression',
]);

export const isLiteral = (node: Node): boolean => LITERAL_KINDS.has(kindOf(node));

/** `long(5)` → `5`, `datetime('2020-01-01')` → `2020-01-01`; plain text unchanged. */
function inner(text: string): string {
  const m = /^[A-Za-z_]+\s*\(([\s\S]*)\)$/.exec(text);
  const body = (m ? m[1] : text).trim();
  return /^(['"]).*\1$/.test(body) ? body.slice(1, -1) : body;
}

const isNullText = (body: string) => body.toLowerCase() === 'null';

/** The value of a literal node; `where` names the place for errors. */
export function literalValue(node: Node, fail: (what: string) => Error): Value {
  const kind = kindOf(node);
  const text = nodeText(node);
  switch (kind) {
    case 'LongLiteralExpression': case 'IntLiteralExpression': case 'RealLiteralExpression': case 'DecimalLiteralExpression': {
      const body = inner(text).toLowerCase();
      if (isNullText(body)) return null;
      if (body === 'nan') return NaN;
      if (body === '+inf' || body === 'inf') return Infinity;
      if (body === '-inf') return -Infinity;
      const n = Number(body);
      if (Number.isNaN(n)) throw fail(`number literal ${text}`);
      // int is signed 32-bit (scalar-data-types/int): int(0xf090013d) wraps, as toint("0xf090013d") does
      return kind === 'IntLiteralExpression' && Number.isInteger(n) ? n | 0 : n;
    }
    case 'BooleanLiteralExpression': {
      const body = inner(text).toLowerCase();
      return isNullText(body) ? null : body === 'true' || body === '1';
    }
    case 'StringLiteralExpression': case 'CompoundStringLiteralExpression':
      return String(node.ConstantValue ?? '');
    case 'DateTimeLiteralExpression': {
      const body = inner(text);
      if (isNullText(body)) return null;
      const ticks = parseDatetime(body);
      if (ticks === null) throw fail(`datetime literal ${text}`);
      return ticks;
    }
    case 'TimespanLiteralExpression': {
      // Read from the text: the Bridge's constant is 0 for `time(1.02:03:04)`, `time(12:00)` and `time(2)`.
      const body = inner(text);
      if (isNullText(body)) return null;
      // A bare number is a count of days (scalar-data-types/timespan: `time(2)` is 2 days).
      const ticks = /^[-+]?\d+(\.\d+)?$/.test(body) ? Math.round(Number(body) * TICKS_PER_DAY) : parseTimespan(body);
      if (ticks !== null) return ticks;
      const v = node.ConstantValue;
      if (v == null) throw fail(`timespan literal ${text}`);
      return Number(v.getTicks().toNumber());
    }
    case 'GuidLiteralExpression': {
      const body = inner(text);
      return isNullText(body) ? null : body.toLowerCase();
    }
    case 'DynamicExpression': {
      const v = node.ConstantValue;
      if (v == null) return null;
      try {
        return parseDynamicLiteral(String(BridgeRt.unbox(v)));
      } catch (e) {
        if (e instanceof DynamicLiteralError) throw fail(`dynamic literal ${text} (${e.message})`);
        throw e;
      }
    }
    case 'NullLiteralExpression':
      return null;
  }
  throw fail(`literal ${kind}`);
}
