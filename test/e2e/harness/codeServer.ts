// Starts code-server (VS Code 1.100.3's workbench + Node extension host, installed by
// scripts/install-code-server.sh) on a free loopback port with a fresh profile, and stops it again.
// Shared by the test-cli shim (extension-host tests) and the browser smoke test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const codeServerVersion = process.env.CS_VERSION ?? '4.100.3';

/** Path of code-server's entry.js: $CODE_SERVER, else the install script's cache folder. */
export function codeServerEntry(): string {
  const cache = process.env.CS_CACHE ?? join(homedir(), '.cache', 'sentinel-rules');
  const entry = process.env.CODE_SERVER
    ?? join(cache, `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) {
    throw new Error(`code-server not found at ${entry}: run scripts/install-code-server.sh (or set CODE_SERVER to its entry.js)`);
  }
  return entry;
}

export interface CodeServerOptions {
  /** Extensions folder; a fresh temp folder when omitted. */
  extensionsDir?: string;
  /** Extra user settings merged over the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Keep the temp folder after stop() (for debugging: SHIM_KEEP=1). */
  keep?: boolean;
}

export interface CodeServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** host:port, the authority of vscode-remote:// URIs */
  authority: string;
  extensionsDir: string;
  /** Everything code-server printed, for error messages. */
  log(): string;
  stop(): Promise<void>;
}

// Settings that keep a fresh profile from opening welcome pages, release notes or trust prompts.
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.commandCenter.enabled': false,
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    get(url, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', () => resolve(0));
  });
}

/** Runs code-server's CLI for extension management (--install-extension and the like); returns its exit code. */
export function codeServerCli(args: string[], extensionsDir: string): number {
  const tmp = mkdtempSync(join(tmpdir(), 'code-server-cli-'));
  try {
    writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
    const r = spawnSync(process.execPath, [codeServerEntry(), '--config', join(tmp, 'config.yaml'),
      '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', extensionsDir, ...args], { stdio: 'inherit' });
    return r.status ?? 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const tmp = mkdtempSync(join(tmpdir(), 'code-server-'));
  // Always a fresh user-data dir: code-server keeps sockets and workbench state there.
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(tmp, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));
  // Without --config, code-server writes ~/.config/code-server/config.yaml.
  writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [codeServerEntry(), '--config', join(tmp, 'config.yaml'),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
  { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  };

  const origin = `http://127.0.0.1:${port}`;
  // /healthz answers once the HTTP server listens (about 1-2 s); the extension host starts only when a
  // browser opens the workbench.
  for (let attempt = 0; (await status(`${origin}/healthz`)) !== 200; attempt++) {
    if (child.exitCode !== null || attempt > 300) {
      await stop();
      throw new Error(`code-server did not start on ${origin}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, authority: `127.0.0.1:${port}`, extensionsDir, log: () => output, stop };
}
