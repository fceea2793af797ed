/** A CLI sub-command. `run` returns the exit code: 0 ok, 1 findings/failures, 2 bad usage. */
export interface CliCommand {
  name: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Thrown for bad command-line usage; the command prints it with its usage text and exits with 2. */
export class UsageError extends Error {}

/**
 * A command whose body may throw UsageError anywhere: `--help`/`-h` prints the usage (exit 0), and a usage
 * error prints `sentinel-rules <name>: <message>` and the usage on stderr (exit 2). Every command behaves alike.
 */
export function defineCommand(spec: CliCommand & { usage: string }): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    async run(args) {
      if (args.includes('--help') || args.includes('-h')) { process.stdout.write(spec.usage); return 0; }
      try {
        return await spec.run(args);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        process.stderr.write(`sentinel-rules ${spec.name}: ${e.message}\n\n${spec.usage}`);
        return 2;
      }
    },
  };
}
