// Makes `npm test`, `npm run demo` and `npm run bench` work on a fresh clone: installs dependencies when
// node_modules is missing or older than the lock file, and rebuilds dist/ when any source is newer.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

function newestIn(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const installed = join(root, 'node_modules', '.package-lock.json');
if (mtime(installed) < mtime(join(root, 'package-lock.json'))) {
  console.error('[ensure] installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
const sources = Math.max(newestIn(join(root, 'server/src')), newestIn(join(root, 'client/src')),
  newestIn(join(root, 'schemas')), mtime(join(root, 'scripts/build.mjs')), mtime(join(root, 'scripts/bundleOptions.mjs')));
const built = Math.min(...['extension.js', 'server.js', 'cli.js', 'jsonLinesWorker.js'].map((f) => mtime(join(root, 'dist', f))));
if (built < sources) {
  console.error('[ensure] building dist/…');
  execSync('node scripts/build.mjs', { cwd: root, stdio: 'inherit' });
}
