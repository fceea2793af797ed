// Exact text edits on the rule's ATT&CK lists, in block (`- X`) or flow (`[X, Y]`) style, for the fixes.
import { isScalar, isNode } from 'yaml';
import type { Node, YAMLSeq } from 'yaml';
import type { RuleDocument } from '../core/ruleDocument';
import type { TextEdit } from '../core/types';
import { fieldSeq, TECHNIQUE_FIELDS, TACTICS_FIELD, type ListItem } from './ruleFields';

/** Replace one item's value (quotes included) with a plain scalar. */
export function replaceItem(rule: RuleDocument, item: ListItem, newText: string): TextEdit {
  const [start, end] = item.node.range!;
  return { range: rule.lines.range(start, end), newText };
}

/** Delete one item: its whole `- X` line in a block list, or the item and one comma in a flow list. */
export function removeItem(rule: RuleDocument, item: ListItem): TextEdit {
  const [start, end] = item.node.range!;
  if (item.seq.flow) {
    const items = item.seq.items as Node[];
    const prev = items[item.index - 1];
    const next = items[item.index + 1];
    if (prev?.range) return { range: rule.lines.range(prev.range[1], end), newText: '' };
    if (next?.range) return { range: rule.lines.range(start, next.range[0]), newText: '' };
    return { range: rule.lines.range(start, end), newText: '' };
  }
  const line = rule.lines.positionAt(start).line;
  const lastLine = rule.lines.positionAt(end).line;
  const from = rule.lines.offsetAt({ line, character: 0 });
  const to = lastLine + 1 < rule.lines.lineCount ? rule.lines.offsetAt({ line: lastLine + 1, character: 0 }) : rule.lines.lineEnd(lastLine);
  return { range: rule.lines.range(from, to), newText: '' };
}

/**
 * Add a value to the end of `tactics`, creating the field just above the first technique field when it is
 * missing. Undefined when `tactics` holds something other than a list or nothing (the schema reports that).
 */
export function appendTactic(rule: RuleDocument, name: string): TextEdit | undefined {
  const seq = fieldSeq(rule, TACTICS_FIELD);
  if (seq) return appendToSeq(rule, seq, name);
  const pair = rule.pair([TACTICS_FIELD]);
  if (pair) {
    const empty = pair.value === null || (isScalar(pair.value) && (pair.value.value === null || pair.value.value === ''));
    if (!empty || !isNode(pair.key) || !pair.key.range) return undefined;
    const keyLine = rule.lines.positionAt(pair.key.range[0]).line;
    const lineEnd = rule.lines.lineEnd(keyLine);
    return { range: rule.lines.range(lineEnd, lineEnd), newText: `\n${itemIndent(rule)}- ${name}` };
  }
  const anchor = TECHNIQUE_FIELDS.map((f) => rule.pair([f])).find((p) => p && isNode(p.key) && p.key.range);
  const text = `${TACTICS_FIELD}:\n${itemIndent(rule)}- ${name}\n`;
  if (anchor && isNode(anchor.key)) {
    const at = rule.lines.offsetAt({ line: rule.lines.positionAt(anchor.key.range![0]).line, character: 0 });
    return { range: rule.lines.range(at, at), newText: text };
  }
  const end = rule.text.length;
  const sep = end === 0 || rule.text.endsWith('\n') ? '' : '\n';
  return { range: rule.lines.range(end, end), newText: sep + text };
}

function appendToSeq(rule: RuleDocument, seq: YAMLSeq, name: string): TextEdit | undefined {
  const items = (seq.items as unknown[]).filter((n): n is Node => isNode(n) && !!n.range);
  const last = items[items.length - 1];
  if (seq.flow) {
    if (last) return { range: rule.lines.range(last.range![1], last.range![1]), newText: `, ${name}` };
    const open = seq.range![0] + 1;
    return { range: rule.lines.range(open, open), newText: name };
  }
  if (!last) return undefined;
  // The indentation of the items' dashes: the text before the first item's `-`.
  const first = items[0];
  const firstLine = rule.lines.positionAt(first.range![0]).line;
  const dashIndent = /^\s*/.exec(rule.text.slice(rule.lines.offsetAt({ line: firstLine, character: 0 }), first.range![0]))![0];
  const lastLine = rule.lines.positionAt(trimEnd(rule.text, last.range![1])).line;
  const at = rule.lines.lineEnd(lastLine);
  return { range: rule.lines.range(at, at), newText: `\n${dashIndent}- ${name}` };
}

/** How the rule indents block list items: as in its technique lists when they are block lists, else two spaces. */
function itemIndent(rule: RuleDocument): string {
  for (const f of TECHNIQUE_FIELDS) {
    const seq = fieldSeq(rule, f);
    const first = seq && !seq.flow ? (seq.items[0] as Node | undefined) : undefined;
    if (first?.range) {
      const line = rule.lines.positionAt(first.range[0]).line;
      return /^\s*/.exec(rule.text.slice(rule.lines.offsetAt({ line, character: 0 }), first.range[0]))![0];
    }
  }
  return '  ';
}

/** The offset just after the last non-blank character before `end` (a node's range may end past a line break). */
function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}
