// The stand-in for the VS Code executable that @vscode/test-electron spawns (no VS Code download is
// reachable here). It accepts VS Code's test flags, starts code-server, opens the workbench in headless
// Chromium with an extensionDevelopmentPath/extensionTestsPath payload, relays the extension host's console,
// and exits with the code the test runner reports through window.codeAutomationExit.
// Extension-management flags go straight to code-server's CLI.
// Env: SHIM_TIMEOUT_MS (default 900000: a suite whose server never answers waits up to 60 s per test),
// SHIM_KEEP=1 keeps the temp profile, SHIM_SCREENSHOT=<png> saves the workbench at the end (when a test hangs).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './chromium';
import { codeServerCli, startCodeServer } from './codeServer';

interface ShimArgs {
  developmentPaths: string[];
  testsPath?: string;
  extensionsDir?: string;
  /** workspace folder or .code-workspace file */
  target?: string;
}

function parseArgs(argv: string[]): ShimArgs {
  const args: ShimArgs = { developmentPaths: [] };
  for (const arg of argv) {
    const flag = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!flag) { args.target ??= arg; continue; }
    const [, name, value] = flag;
    if (name === 'extensionDevelopmentPath' && value) args.developmentPaths.push(value);
    else if (name === 'extensionTestsPath') args.testsPath = value;
    else if (name === 'extensions-dir') args.extensionsDir = value;
    // Desktop-only flags (--no-sandbox, --disable-updates, --skip-welcome, --user-data-dir, ...) don't apply:
    // code-server gets its own fresh profile.
  }
  return args;
}

// Workbench noise from the closed network and the web build, not from the tests.
const noise = /open-vsx\.org|Failed to fetch|ERR_NAME_NOT_RESOLVED|Creating a socket|connection token|workbench contribution|Service Worker|builtin extensions cache|ChatSessionStore|^\s+at /;

async function runTests(args: ShimArgs): Promise<number> {
  if (!args.testsPath) { console.error('code-shim: --extensionTestsPath is required'); return 2; }
  const started = Date.now();
  const server = await startCodeServer({ extensionsDir: args.extensionsDir, keep: process.env.SHIM_KEEP === '1' });
  const browser = await launchChromium().catch(async (e) => { await server.stop(); throw e; });
  try {
    const remote = (p: string) => `vscode-remote://${server.authority}${resolve(p)}`;
    const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true'], ['extensionTestsPath', remote(args.testsPath)],
      ...args.developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)])];
    let url = `${server.origin}/?payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const target = args.target;
    if (!target) url += '&ew=true';
    else if (existsSync(target) && statSync(target).isFile() && target.endsWith('.code-workspace')) url += `&workspace=${encodeURIComponent(resolve(target))}`;
    else url += `&folder=${encodeURIComponent(resolve(target))}`;

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let reportExit!: (code: number) => void;
    const exited = new Promise<number>((r) => { reportExit = r; });
    // The workbench forwards the extension host's console and the test result to these two hooks.
    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => {
      const text = format(...logArgs);
      if (!noise.test(text)) (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.goto(url);
    const limit = Number(process.env.SHIM_TIMEOUT_MS ?? 900000);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), limit); })]);
    clearTimeout(timer);
    if (process.env.SHIM_SCREENSHOT) await page.screenshot({ path: process.env.SHIM_SCREENSHOT });
    if (code === 'timeout') {
      console.error(`code-shim: the tests reported no result within ${limit} ms; code-server said:\n${server.log()}`);
      return 1;
    }
    console.error(`code-shim: tests finished with exit code ${code} after ${Date.now() - started} ms`);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--version') || argv.includes('-v')) { console.log('1.100.3-code-server-shim'); return 0; }
  if (argv.some((a) => /^--(install-extension|uninstall-extension|list-extensions)\b/.test(a))) {
    const args = parseArgs(argv);
    const passThrough = argv.filter((a) => !a.startsWith('--extensions-dir') && !a.startsWith('--user-data-dir'));
    return codeServerCli(passThrough, args.extensionsDir ?? resolve('.vscode-test', 'extensions'));
  }
  return runTests(parseArgs(argv));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => { console.error('code-shim:', err instanceof Error ? err.stack : err); process.exit(1); },
);
