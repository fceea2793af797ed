/** A CLI sub-command. `run` returns the exit code: 0 ok, 1 findings/failures, 2 bad usage. */
export interface CliCommand {
  name: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

/** Thrown for bad command-line usage; main prints it and exits with 2. */
export class UsageError extends Error {}
