// Which rule file declares which `id` and carries which file name, across the workspace, so the duplicate-id
// (SR203) and duplicate-file-name (SR218) checks can flag both files. Keys are file keys (paths.ts); an open
// document's text takes the place of its file on disk.
import { ruleFileNameKey } from '../validation/ruleIds';

interface IndexedRule { uri: string; id?: string; name?: string }

/** What the checks of one document see of the others (WorkspaceContext.ruleIds / ruleFileNames). */
export interface OtherRules { ruleIds: Map<string, string[]>; ruleFileNames: Map<string, string[]> }

export class RuleIdIndex {
  private readonly rules = new Map<string, IndexedRule>();

  /**
   * Records one rule file (id undefined when it declares none), or forgets the file when it is not a rule;
   * returns the groups (`id:…`, `name:…`) whose members changed, for keysIn().
   */
  set(key: string, uri: string, rule: { id?: string } | undefined): string[] {
    const before = this.rules.get(key);
    const after = rule && { uri, id: rule.id, name: ruleFileNameKey(uri) };
    if (after) this.rules.set(key, after); else this.rules.delete(key);
    const changed = new Set<string>();
    if (before?.id !== after?.id) for (const id of [before?.id, after?.id]) if (id !== undefined) changed.add(`id:${id}`);
    if (before?.name !== after?.name) for (const name of [before?.name, after?.name]) if (name !== undefined) changed.add(`name:${name}`);
    return [...changed];
  }

  delete(key: string): string[] {
    return this.set(key, '', undefined);
  }

  /** Every id and rule-folder file name -> the uris of the OTHER files that carry it. */
  othersThan(key: string): OtherRules {
    const ruleIds = new Map<string, string[]>();
    const ruleFileNames = new Map<string, string[]>();
    for (const [k, { uri, id, name }] of this.rules) {
      if (k === key) continue;
      if (id !== undefined) push(ruleIds, id, uri);
      if (name !== undefined) push(ruleFileNames, name, uri);
    }
    return { ruleIds, ruleFileNames };
  }

  /** File keys in one of these groups (as set() returns them). */
  keysIn(groups: string[]): string[] {
    const wanted = new Set(groups);
    return [...this.rules]
      .filter(([, r]) => (r.id !== undefined && wanted.has(`id:${r.id}`)) || (r.name !== undefined && wanted.has(`name:${r.name}`)))
      .map(([k]) => k);
  }

  /** How many rule files are indexed. */
  get size(): number { return this.rules.size; }
}

function push(index: Map<string, string[]>, key: string, uri: string): void {
  const uris = index.get(key);
  if (uris) uris.push(uri); else index.set(key, [uri]);
}
