// Finds the YAML files under the workspace folders, for the rule-id index. Skips folders that never hold
// rules and would only cost time (dependencies, build output, VCS data).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const skipped = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);

export async function findYamlFiles(root: string, onError: (path: string, err: unknown) => void): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      onError(dir, err);
      continue;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (!skipped.has(e.name)) pending.push(p); }
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) found.push(p);
    }
  }
  return found;
}
