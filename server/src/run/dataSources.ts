// Where a rule's sample data comes from (issue 6, item 2): the cases of the rule's test file first (the data
// the author chose for it), then the folders of the `sentinelRules.sampleData` setting, then every folder
// holding data files under the workspace's testdata/, samples/, sample-data/. The first candidate is the
// default; the editor's status-bar item shows it and its switch command lists them all.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { isSampleFileName } from '../data/dataFiles';
import { SAMPLE_DIRS } from '../kql/catalogue';
import { parseTestFile, testFilePathFor } from '../ruletest/testFile';

export interface DataSource {
  /** Short text for a status bar or a pick list. */
  label: string;
  /** Absolute data folders or files, loaded together. */
  paths: string[];
  origin: 'tests' | 'setting' | 'workspace';
}

/** Folder depth searched under each default sample folder (testdata/sample-data/otrf-dcom is depth 2). */
const SEARCH_DEPTH = 3;

export function dataSourcesForRule(ruleFile: string, workspaceRoots: string[], configured: string[] = []): DataSource[] {
  const sources: DataSource[] = [];
  const testFile = testFilePathFor(ruleFile);
  if (existsSync(testFile)) {
    const parsed = parseTestFile(testFile, readFileSync(testFile, 'utf8'));
    for (const c of parsed.cases) sources.push({ label: `test case: ${c.name}`, paths: c.data, origin: 'tests' });
  }
  for (const c of configured) {
    for (const p of path.isAbsolute(c) ? [c] : workspaceRoots.map((r) => path.join(r, c))) {
      if (existsSync(p)) sources.push({ label: `setting: ${c}`, paths: [p], origin: 'setting' });
    }
  }
  for (const root of workspaceRoots) {
    for (const dir of SAMPLE_DIRS) {
      for (const folder of foldersWithData(path.join(root, dir), SEARCH_DEPTH)) {
        sources.push({ label: path.relative(root, folder) || folder, paths: [folder], origin: 'workspace' });
      }
    }
  }
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = s.paths.join('\n');
    return !seen.has(key) && !!seen.add(key);
  });
}

function foldersWithData(dir: string, depth: number): string[] {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const here = entries.some((e) => e.isFile() && isSampleFileName(e.name)) ? [dir] : [];
  if (depth === 0) return here;
  const below = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => foldersWithData(path.join(dir, e.name), depth - 1));
  return [...here, ...below];
}
