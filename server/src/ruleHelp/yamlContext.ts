// Where the cursor is in a rule's YAML, read from the lines' indentation rather than from the parse, because
// completion runs on half-typed text (`sev`, `severity: `, `  - `) that the parser reads differently or not at all.
import type { LineIndex } from '../core/lineIndex';
import type { PathStep } from './schema';

interface LineShape {
  /** Column of the first `-` of a sequence item, or of the content when there is none. */
  indent: number;
  /** Column where the key (or scalar) starts, after any `- ` markers. */
  contentCol: number;
  isItem: boolean;
  key?: string;
  /** Text after `key:` (trimmed, comments removed); undefined when the line has no key. */
  value?: string;
}

const shapePattern = /^( *)((?:- +)*)(.*)$/;
const keyPattern = /^(["']?)([\w$.-]+)\1[ \t]*:(?:[ \t]+(.*)|$)/;

function shapeOf(line: string): LineShape | undefined {
  const m = shapePattern.exec(line)!;
  const rest = m[3];
  if (!m[2] && (rest === '' || rest.startsWith('#'))) return undefined; // blank or comment line
  const k = keyPattern.exec(rest);
  return {
    indent: m[1].length,
    contentCol: m[1].length + m[2].length,
    isItem: m[2].length > 0,
    key: k?.[2],
    value: k ? (k[3] ?? '').replace(/\s+#.*$/, '').trim() : undefined,
  };
}

/** What completion may offer at the cursor. */
export type CursorContext =
  | { at: 'key'; parent: PathStep[]; word: { start: number; end: number }; siblings: Set<string>; newItem: boolean }
  | { at: 'value'; path: PathStep[]; word: { start: number; end: number } };

/**
 * The context at an offset: a key being typed under `parent` (with the keys already present beside it), or a
 * value of the field at `path` (`'*'` marks list items). Undefined inside block scalars such as `query: |`
 * and in comments: those belong to other features.
 */
export function cursorContext(lines: LineIndex, offset: number): CursorContext | undefined {
  const text = lines.text;
  const { line, character } = lines.positionAt(offset);
  const lineStart = offset - character;
  const lineText = text.slice(lineStart, lines.lineEnd(line));
  const before = lineText.slice(0, character);
  const m = shapePattern.exec(before)!;
  const contentCol = m[1].length + m[2].length;
  const rest = m[3];
  if (rest.includes('#')) return undefined;
  const isItem = m[2].length > 0;
  // Containers of the cursor's line: a new list item's container is found from the dash's column.
  const ancestors = ancestorsOf(lines, line, isItem ? m[1].length : contentCol);
  if (!ancestors) return undefined;
  const parent = isItem ? [...ancestors, '*'] : ancestors;

  const keyed = keyPattern.exec(rest);
  if (keyed) {
    const valueStart = lineStart + contentCol + rest.length - (keyed[3] ?? '').length;
    return { at: 'value', path: [...parent, keyed[2]], word: { start: valueStart, end: lineStart + valueEnd(lineText, character) } };
  }
  if (!/^["']?[\w$.-]*$/.test(rest)) return undefined;
  const word = { start: offset - rest.length, end: lineStart + wordEnd(lineText, character) };
  if (isItem && ancestors.length && isScalarListParent(lines, line)) {
    return { at: 'value', path: parent, word };
  }
  return { at: 'key', parent, word, siblings: siblingKeys(lines, line, contentCol, isItem), newItem: isItem };
}

function wordEnd(lineText: string, from: number): number {
  let i = from;
  while (i < lineText.length && /[\w$.-]/.test(lineText[i])) i++;
  return i;
}

/** End of a value typed on the line: up to a trailing comment or the line end, without trailing blanks. */
function valueEnd(lineText: string, from: number): number {
  const comment = lineText.slice(from).search(/\s#/);
  const end = comment < 0 ? lineText.length : from + comment;
  let i = end;
  while (i > from && /\s/.test(lineText[i - 1])) i--;
  return Math.max(i, from);
}

/**
 * The keys (and `'*'` for list items) containing a line whose content starts at `col`, walking upwards through
 * less-indented lines. Undefined when the line is inside a block scalar or a multi-line plain value.
 */
function ancestorsOf(lines: LineIndex, line: number, col: number): PathStep[] | undefined {
  const path: PathStep[] = [];
  let threshold = col;
  for (let j = line - 1; j >= 0 && threshold > 0; j--) {
    const s = shapeOf(lineText(lines, j));
    if (!s) continue;
    if (s.isItem && s.indent < threshold && s.contentCol >= threshold) {
      // The cursor's line continues this list item (`- entityType: Host` then `  fieldMappings:`).
      path.unshift('*');
      threshold = s.indent;
      continue;
    }
    if (s.contentCol >= threshold) continue;
    if (s.key === undefined) return undefined;
    // A key with a value on its own line (`query: |`, `description: text`) holds the cursor's line as text.
    if (s.value) return undefined;
    path.unshift(s.key);
    if (s.isItem) path.unshift('*');
    threshold = s.isItem ? s.indent : s.contentCol;
  }
  return path;
}

/** Whether a `- ` line belongs to a list of scalars (`tactics:` items), judged by its neighbouring items. */
function isScalarListParent(lines: LineIndex, line: number): boolean {
  for (const j of [line - 1, line + 1]) {
    if (j < 0 || j >= lines.lineCount) continue;
    const s = shapeOf(lineText(lines, j));
    if (s?.isItem) return s.key === undefined;
  }
  return false;
}

/** Keys already present at the same level as the cursor's line (so completion does not offer them again). */
function siblingKeys(lines: LineIndex, line: number, col: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  for (const step of startsItem ? [1] : [-1, 1]) {
    for (let j = line + step; j >= 0 && j < lines.lineCount; j += step) {
      const s = shapeOf(lineText(lines, j));
      if (!s || s.contentCol > col) continue;
      if (s.contentCol < col) break;
      // A `- ` line at this column is the first line of an object in a list: ours going up, the next one going down.
      if (s.isItem) { if (step === -1 && s.key) keys.add(s.key); break; }
      if (s.key) keys.add(s.key);
    }
  }
  return keys;
}

function lineText(lines: LineIndex, line: number): string {
  const start = lines.offsetAt({ line, character: 0 });
  return lines.text.slice(start, lines.lineEnd(line));
}
