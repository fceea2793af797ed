// Collects the rule files named on a command line: files as given, folders searched recursively for YAML
// files that are rules (core/ruleFiles). Shared by every command that takes rule paths.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isRuleFile, isYamlPath } from '../core/ruleFiles';
import { UsageError } from './command';

export interface RuleFileText {
  path: string;
  text: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * The rule files under `paths`, in a stable order. A file named explicitly is always included (the user
 * asked for it); inside folders only YAML files that look like rules are. A path that does not exist is a
 * usage error.
 */
export async function collectRuleFiles(paths: readonly string[], extraGlobs: readonly string[] = []): Promise<RuleFileText[]> {
  const found: RuleFileText[] = [];
  const seen = new Set<string>();
  const add = (file: RuleFileText) => { if (!seen.has(file.path)) { seen.add(file.path); found.push(file); } };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`${path}: no such file or folder`);
    if (info.isDirectory()) {
      for (const file of await yamlFilesUnder(path)) {
        const text = await readText(file);
        if (isRuleFile(file, text, extraGlobs)) add({ path: file, text });
      }
    } else {
      add({ path, text: await readText(path) });
    }
  }
  return found;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

async function yamlFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) files.push(...(await yamlFilesUnder(path)));
    else if (entry.isFile() && isYamlPath(entry.name)) files.push(path);
  }
  return files;
}
