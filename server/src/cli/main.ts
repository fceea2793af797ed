// `sentinel-rules <command> …`: one entry point, one module per command.
import type { CliCommand } from './command';

const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  // Each command module exports `command`. Add new commands here.
  validate: () => import('./validate'),
  'attack-coverage': () => import('./attack-coverage'),
  run: () => import('./run'),
  query: () => import('./query'),
  test: () => import('./test'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    process.stdout.write(`${require('../../../package.json').version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`sentinel-rules: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const { command } = await load();
  return command.run(rest);
}

function usage(): string {
  return 'usage: sentinel-rules <command> [options]\n\ncommands:\n'
    + Object.keys(commands).map((c) => `  ${c}`).join('\n') + '\n\nRun `sentinel-rules <command> --help` for its options.\n';
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`sentinel-rules: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`); process.exitCode = 2; },
);
