// Snippets for the shapes authors type most: a whole rule and one entity mapping. Values come from the schema
// where it has them; a new rule gets a fresh GUID each time it is offered.
import { randomUUID } from 'node:crypto';
import type { CompletionEntry } from '../core/types';
import { enumValues, schemaOf } from './schema';

/** `${n|a,b,c|}`: a choice placeholder over a field's enum values. */
function choice(n: number, path: string[], fallback: string): string {
  const node = schemaOf(path);
  const values = node ? enumValues(node).map((v) => v.value) : [];
  return values.length ? `\${${n}|${values.join(',')}|}` : `\${${n}:${fallback}}`;
}

function entityMappingBody(first: number): string {
  return `entityType: ${choice(first, ['entityMappings', '*', 'entityType'], 'Host')}\n`
    + 'fieldMappings:\n'
    + `  - identifier: \${${first + 1}:FullName}\n`
    + `    columnName: \${${first + 2}:DeviceName}`;
}

export function entityMappingSnippet(): CompletionEntry {
  return {
    label: 'entity mapping',
    kind: 'snippet',
    detail: 'entityType with one field mapping',
    insertText: entityMappingBody(1),
    isSnippet: true,
    sortText: '0',
  };
}

export function newRuleSnippets(): CompletionEntry[] {
  const head = (kind: string) => `id: ${randomUUID()}\n`
    + 'name: ${1:Rule name}\n'
    + 'description: |\n  ${2:What the rule detects and why.}\n'
    + `severity: ${choice(3, ['severity'], 'Medium')}\n`
    + 'requiredDataConnectors:\n  - connectorId: ${4:MicrosoftThreatProtection}\n    dataTypes:\n      - ${5:DeviceProcessEvents}\n'
    + (kind === 'Scheduled' ? 'queryFrequency: ${6:1h}\nqueryPeriod: ${7:1h}\ntriggerOperator: gt\ntriggerThreshold: 0\n' : '')
    + 'tactics:\n  - ${8:Execution}\n'
    + 'relevantTechniques:\n  - ${9:T1059}\n'
    + 'query: |\n  ${10:DeviceProcessEvents\n  | where FileName =~ "cmd.exe"}\n'
    + 'entityMappings:\n  - ' + entityMappingBody(11).replace(/\n/g, '\n    ') + '\n'
    + 'version: 1.0.0\n'
    + `kind: ${kind}\n`;
  return ['Scheduled', 'NRT'].map((kind) => ({
    label: `new ${kind} rule`,
    kind: 'snippet',
    detail: `a complete ${kind} analytic rule with a new id`,
    insertText: head(kind),
    isSnippet: true,
    sortText: '0',
  }));
}
