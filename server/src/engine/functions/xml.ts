// parse_xml's XML → dynamic mapping (Kusto docs): an element maps to its text, or to a bag with "@attr" keys,
// "#text" and child elements; repeated children become an array; an empty element is null.
import type { Value } from '../values';

type Bag = { [key: string]: Value };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}

class XmlSyntaxError extends Error {}

/** A small recursive-descent reader over one document (no DTD, no namespaces processing). */
class Reader {
  pos = 0;
  constructor(private readonly text: string) {}

  private fail(): never { throw new XmlSyntaxError(`at ${this.pos}`); }

  /** Skips whitespace, comments, processing instructions and a doctype. */
  private skipMisc(): void {
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      const closers: [string, string][] = [['<?', '?>'], ['<!--', '-->'], ['<!DOCTYPE', '>']];
      const hit = closers.find(([open]) => this.text.startsWith(open, this.pos));
      if (!hit) return;
      const end = this.text.indexOf(hit[1], this.pos);
      if (end < 0) this.fail();
      this.pos = end + hit[1].length;
    }
  }

  document(): Bag {
    this.skipMisc();
    const [name, value] = this.element();
    this.skipMisc();
    if (this.pos !== this.text.length) this.fail();
    return { [name]: value };
  }

  private name(): string {
    const m = /^[A-Za-z_:][\w.:-]*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!m) this.fail();
    this.pos += m[0].length;
    return m[0];
  }

  private element(): [string, Value] {
    if (this.text[this.pos] !== '<') this.fail();
    this.pos++;
    const name = this.name();
    const bag: Bag = {};
    for (;;) {
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text.startsWith('/>', this.pos)) { this.pos += 2; return [name, Object.keys(bag).length ? bag : null]; }
      if (this.text[this.pos] === '>') { this.pos++; break; }
      const attr = this.name();
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text[this.pos] !== '=') this.fail();
      this.pos++;
      while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
      const quote = this.text[this.pos];
      if (quote !== '"' && quote !== "'") this.fail();
      const end = this.text.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail();
      bag['@' + attr] = decodeEntities(this.text.slice(this.pos + 1, end));
      this.pos = end + 1;
    }
    let text = '';
    let hasChildren = false;
    for (;;) {
      if (this.pos >= this.text.length) this.fail();
      if (this.text.startsWith('</', this.pos)) {
        this.pos += 2;
        if (this.name() !== name) this.fail();
        while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
        if (this.text[this.pos] !== '>') this.fail();
        this.pos++;
        break;
      }
      if (this.text.startsWith('<![CDATA[', this.pos)) {
        const end = this.text.indexOf(']]>', this.pos);
        if (end < 0) this.fail();
        text += this.text.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.text.startsWith('<!--', this.pos) || this.text.startsWith('<?', this.pos)) {
        this.skipMisc();
      } else if (this.text[this.pos] === '<') {
        const [child, value] = this.element();
        hasChildren = true;
        const prior = bag[child];
        bag[child] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
      } else {
        const end = this.text.indexOf('<', this.pos);
        text += decodeEntities(this.text.slice(this.pos, end < 0 ? undefined : end));
        this.pos = end < 0 ? this.text.length : end;
      }
    }
    const trimmed = text.trim();
    if (!hasChildren && Object.keys(bag).length === 0) return [name, trimmed === '' ? null : trimmed];
    if (trimmed !== '') bag['#text'] = trimmed;
    return [name, bag];
  }
}

/** parse_xml: the dynamic form of an XML document; null when the text is not well-formed XML. */
export function parseXml(text: string): Value {
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e instanceof XmlSyntaxError) return null;
    throw e;
  }
}
