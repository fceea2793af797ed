// Shared by the ATT&CK tests: a minimal rule around given ATT&CK lines, and applying a fix's edits.
import { LineIndex } from '../../server/src/core/lineIndex';
import type { TextEdit } from '../../server/src/core/types';

/** A rule whose only interesting part is the ATT&CK block (YAML lines, e.g. "tactics:\n  - Execution"). */
export function ruleWith(attackYaml: string): string {
  return [
    'id: 6c1b3a4e-1f2d-4c7a-9a55-2f7d0b7f3e11',
    'name: ATT&CK test rule',
    'description: A rule for the ATT&CK tests.',
    'severity: Medium',
    'kind: Scheduled',
    'queryFrequency: 1h',
    'queryPeriod: 1h',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    attackYaml.trimEnd(),
    'query: |',
    '  SecurityEvent',
    '  | take 1',
    'version: 1.0.0',
    '',
  ].join('\n');
}

/** Applies non-overlapping edits the way an editor does (all against the original text). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const offsets = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }));
  offsets.sort((a, b) => b.start - a.start);
  let out = text;
  for (const o of offsets) out = out.slice(0, o.start) + o.text + out.slice(o.end);
  return out;
}
