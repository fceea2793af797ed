// Which rule file declares which `id`, across the workspace, so the duplicate-id check can flag both files.
// Keys are file keys (paths.ts); an open document's text takes the place of its file on disk.

export class RuleIdIndex {
  private readonly idOf = new Map<string, { id: string; uri: string }>();

  /** Records (or forgets, when id is undefined) the id of one file; returns the ids whose owners changed. */
  set(key: string, uri: string, id: string | undefined): string[] {
    const before = this.idOf.get(key)?.id;
    if (id === undefined) this.idOf.delete(key);
    else this.idOf.set(key, { id, uri });
    if (before === id) return [];
    return [before, id].filter((x): x is string => x !== undefined);
  }

  delete(key: string): string[] {
    return this.set(key, '', undefined);
  }

  /** The WorkspaceContext.ruleIds a document sees: every id -> the uris of the OTHER files declaring it. */
  othersThan(key: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [k, { id, uri }] of this.idOf) {
      if (k === key) continue;
      const uris = out.get(id);
      if (uris) uris.push(uri); else out.set(id, [uri]);
    }
    return out;
  }

  /** File keys declaring one of these ids. */
  keysWith(ids: string[]): string[] {
    const wanted = new Set(ids);
    return [...this.idOf].filter(([, v]) => wanted.has(v.id)).map(([k]) => k);
  }

  get size(): number { return this.idOf.size; }
}
