// The text of a `dynamic(...)` literal → a dynamic value. KQL's literal syntax is JSON plus single-quoted
// strings (the dominant form in rules: dynamic(['a','b'])), verbatim @'…' strings and typed Kusto literals
// such as datetime(…), timespan(…), guid(…) inside (docs: scalar-data-types/dynamic). Strict JSON.parse rejects
// all of these, and parse_json() must stay strict, so literals get this reader.
import type { Value } from '../values';
import { formatDatetime, formatTimespan, parseDatetime, parseTimespan } from '../values';
import { parseGuid } from './convert';

/** A syntax error in a dynamic literal, with the 0-based offset in the literal's text. */
export class DynamicLiteralError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset} of the dynamic literal`);
    this.name = 'DynamicLiteralError';
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', '"': '"', "'": "'", '/': '/' };

class LiteralReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  private fail(what: string): never { throw new DynamicLiteralError(what, this.pos); }
  private skipSpace(): void { while (/\s/.test(this.text[this.pos] ?? '')) this.pos++; }

  all(): Value {
    const v = this.value();
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail(`unexpected '${this.text[this.pos]}'`);
    return v;
  }

  private value(): Value {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '[') return this.array();
    if (c === '{') return this.bag();
    if (c === '"' || c === "'") return this.string();
    if (c === '@' && (this.text[this.pos + 1] === '"' || this.text[this.pos + 1] === "'")) { this.pos++; return this.verbatim(); }
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      // a timespan literal such as 1h, 30m or 100ms (a Kusto literal with a type, allowed in dynamic literals)
      const unit = /^[A-Za-z]+/.exec(this.text.slice(this.pos));
      if (!unit) return Number(num[0]);
      const ticks = parseTimespan(num[0] + unit[0]);
      if (ticks === null) this.fail(`invalid timespan ${num[0]}${unit[0]}`);
      this.pos += unit[0].length;
      return formatTimespan(ticks);
    }
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos));
    if (!word) this.fail(c === undefined ? 'unexpected end' : `unexpected '${c}'`);
    this.pos += word[0].length;
    switch (word[0]) {
      case 'true': return true;
      case 'false': return false;
      case 'null': return null;
      case 'datetime': case 'timespan': case 'time': case 'guid': case 'long': case 'int': case 'real': case 'double':
      case 'bool': case 'boolean': case 'dynamic':
        return this.typedLiteral(word[0], this.parenthesized());
      default: return this.fail(`unexpected '${word[0]}'`);
    }
  }

  /**
   * A typed Kusto literal inside the dynamic literal (docs: scalar-data-types/dynamic). Datetimes and timespans
   * are held as their text, as everywhere in a dynamic value.
   */
  private typedLiteral(type: string, body: string): Value {
    const text = body.replace(/^(['"])(.*)\1$/s, '$2').trim();
    if (text === 'null') return null;
    const bad = (): never => this.fail(`invalid ${type}(${body})`);
    switch (type) {
      case 'datetime': { const t = parseDatetime(text); return t === null ? bad() : formatDatetime(t); }
      case 'timespan': case 'time': { const t = parseTimespan(text); return t === null ? bad() : formatTimespan(t); }
      case 'guid': return parseGuid(text) ?? bad();
      case 'bool': case 'boolean': return text === 'true' ? true : text === 'false' ? false : bad();
      case 'dynamic': return new LiteralReader(body).all();
      default: { const n = Number(text); return text === '' || Number.isNaN(n) ? bad() : n; }
    }
  }

  /** The text inside balanced parentheses (quotes respected), e.g. the body of datetime(…) or dynamic(…). */
  private parenthesized(): string {
    this.skipSpace();
    if (this.text[this.pos] !== '(') this.fail("expected '('");
    const start = this.pos + 1;
    let depth = 0;
    let quote = '';
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.pos++;
        return this.text.slice(start, this.pos - 1).trim();
      }
    }
    return this.fail("expected ')'");
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail('unterminated string');
      if (c === quote) return out;
      if (c !== '\\') { out += c; continue; }
      const e = this.text[this.pos++];
      if (e === 'u') {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 4;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
      } else {
        this.fail(`invalid escape \\${e ?? ''}`);
      }
    }
  }

  /** @'…' / @"…": backslashes are literal; a doubled quote is one quote. */
  private verbatim(): string {
    const quote = this.text[this.pos++];
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail('unterminated string');
      if (c === quote) {
        if (this.text[this.pos] === quote) { out += quote; this.pos++; continue; }
        return out;
      }
      out += c;
    }
  }

  private array(): Value[] {
    this.pos++;
    const out: Value[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') { this.pos++; return out; }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') { this.pos--; this.fail("expected ',' or ']'"); }
    }
  }

  private bag(): { [key: string]: Value } {
    this.pos++;
    const out: { [key: string]: Value } = {};
    this.skipSpace();
    if (this.text[this.pos] === '}') { this.pos++; return out; }
    for (;;) {
      this.skipSpace();
      const q = this.text[this.pos];
      if (q !== '"' && q !== "'") this.fail('expected a quoted key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') { this.pos--; this.fail("expected ':'"); }
      out[key] = this.value();
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') { this.pos--; this.fail("expected ',' or '}'"); }
    }
  }
}

/**
 * Parses the inside of `dynamic(...)` (the text between the parentheses). Throws DynamicLiteralError (with
 * the offset) on malformed input.
 */
export function parseDynamicLiteral(text: string): Value {
  return new LiteralReader(text).all();
}
