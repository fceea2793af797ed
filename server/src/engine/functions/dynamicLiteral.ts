// The text of a `dynamic(...)` literal → a dynamic value. KQL's literal syntax is JSON plus single-quoted
// strings (the dominant form in rules: dynamic(['a','b'])), verbatim @'…' strings and typed scalar literals
// such as datetime(…) or timespan forms inside; strict JSON.parse rejects the first, so this small reader
// accepts them all.
import type { Value } from '../values';
import { formatDatetime, parseDatetime } from '../values';

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
    if (num) { this.pos += num[0].length; return Number(num[0]); }
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos));
    if (!word) this.fail(c === undefined ? 'unexpected end' : `unexpected '${c}'`);
    this.pos += word[0].length;
    switch (word[0]) {
      case 'true': return true;
      case 'false': return false;
      case 'null': return null;
      case 'datetime': {
        const body = this.parenthesized();
        const ticks = parseDatetime(body.replace(/^['"]|['"]$/g, ''));
        if (ticks === null) this.fail(`invalid datetime(${body})`);
        return formatDatetime(ticks); // a datetime inside a dynamic is held as its ISO text
      }
      default: return this.fail(`unexpected '${word[0]}'`);
    }
  }

  private parenthesized(): string {
    this.skipSpace();
    if (this.text[this.pos] !== '(') this.fail("expected '('");
    const end = this.text.indexOf(')', this.pos);
    if (end < 0) this.fail("expected ')'");
    const body = this.text.slice(this.pos + 1, end).trim();
    this.pos = end + 1;
    return body;
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
