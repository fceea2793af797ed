#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench + Node extension host, from npm) into a cache folder keyed by
# version, plus the Debian packages the editor tests need. A second run finds the cached install and skips it.
# Works with no access to GitHub (see shared notes harness.md §1):
#  - Debian's ripgrep replaces @vscode/ripgrep's GitHub download (seeded into that package's download cache),
#  - any git/GitHub dependency in lib/vscode's shrinkwrap is rewritten to the same version's npm tarball,
#  - native modules (node-pty, spdlog, kerberos, argon2, ...) build with node-gyp against Node's own headers.
# code-server stays out of package.json: its ~90 s postinstall and apt needs would hit every `npm install`.
# Env: CS_VERSION (default 4.100.3, the newest whose engines.node is 20), CS_CACHE (default ~/.cache/sentinel-rules),
#      SKIP_APT=1 to skip the apt step. Prints the path of code-server's entry.js as its last line.
set -euo pipefail
CS_VERSION="${CS_VERSION:-4.100.3}"
CS_CACHE="${CS_CACHE:-$HOME/.cache/sentinel-rules}"
CS_DIR="$CS_CACHE/code-server-$CS_VERSION"
ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
APT_PACKAGES=(chromium ripgrep libkrb5-dev neovim)

if [ "${SKIP_APT:-}" != 1 ]; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    echo "install-code-server: apt-get install ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
fi

# The marker is written last, so an interrupted install is redone rather than trusted.
# code-server writes a default config.yaml into $XDG_CONFIG_HOME on any start; keep that inside the cache.
version() { XDG_CONFIG_HOME="$CS_DIR/.config" node "$ENTRY" --version; }
if [ -f "$CS_DIR/.complete" ] && version >/dev/null 2>&1; then
  echo "install-code-server: code-server $CS_VERSION already in $CS_DIR" >&2
  echo "$ENTRY"
  exit 0
fi
command -v rg >/dev/null || { echo "install-code-server: ripgrep (rg) is required (apt-get install ripgrep)" >&2; exit 1; }

export npm_config_yes=true          # node-pty's postinstall runs `npx node-gyp`; some .npmrc files say yes=false
export npm_config_unsafe_perm=true  # code-server's postinstall.sh refuses to run as root without it
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
echo '{"name":"code-server-cache","private":true}' > package.json

# 1. code-server and its top-level dependencies, install scripts off (they would fetch from GitHub)
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >&2
VS=node_modules/code-server/lib/vscode

# 2. rewrite GitHub git dependencies to the same version on the npm registry (4.96.x has one; 4.100.3 none)
node - "$VS/npm-shrinkwrap.json" >&2 <<'JS'
const fs = require('fs');
const { execFileSync } = require('child_process');
const file = process.argv[2];
const shrinkwrap = JSON.parse(fs.readFileSync(file, 'utf8'));
let rewritten = 0;
for (const [key, entry] of Object.entries(shrinkwrap.packages || {})) {
  if (!entry.resolved || !/^git\+|github\.com/.test(entry.resolved)) continue;
  const name = key.replace(/^.*node_modules\//, '');
  const dist = JSON.parse(execFileSync('npm', ['view', `${name}@${entry.version}`, 'dist', '--json'], { encoding: 'utf8' }));
  entry.resolved = dist.tarball;
  entry.integrity = dist.integrity;
  rewritten++;
  console.log(`shrinkwrap: ${name}@${entry.version} -> ${dist.tarball}`);
}
fs.writeFileSync(file, JSON.stringify(shrinkwrap, null, 2));
console.log(`shrinkwrap: ${rewritten} git dependencies rewritten`);
JS

# 3. seed @vscode/ripgrep's download cache with Debian's rg, so its postinstall never asks GitHub
RG_PKG_VERSION=$(node -p "require('./$VS/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")
TMP=$(node -p "require('os').tmpdir()")
SCRATCH=$(mktemp -d)
(cd "$SCRATCH" && npm pack --silent "@vscode/ripgrep@$RG_PKG_VERSION" >/dev/null && tar -xzf "vscode-ripgrep-$RG_PKG_VERSION.tgz")
RG_TAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$SCRATCH/package/lib/postinstall.js")
[ -n "$RG_TAG" ] || { echo "install-code-server: could not read the ripgrep tag from @vscode/ripgrep@$RG_PKG_VERSION's postinstall.js" >&2; exit 1; }
RG_ASSET="ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz"
echo "install-code-server: seeding @vscode/ripgrep@$RG_PKG_VERSION cache with $(command -v rg) as $RG_ASSET" >&2
mkdir -p "$TMP/vscode-ripgrep-cache-$RG_PKG_VERSION"
cp "$(command -v rg)" "$SCRATCH/rg"
tar -czf "$TMP/vscode-ripgrep-cache-$RG_PKG_VERSION/$RG_ASSET" -C "$SCRATCH" rg
rm -rf "$SCRATCH"

# 4. code-server's own postinstall (npm install in lib/vscode and its extensions) and argon2's source build
npm rebuild --foreground-scripts code-server argon2 >&2
test -x "$VS/node_modules/@vscode/ripgrep/bin/rg"
version >&2
touch .complete
echo "$ENTRY"
