// Every request and notification handler goes through `guarded`: an exception in a feature becomes a
// logged error and an empty answer, never a dead server or a failed request the editor shows as a popup.
export type Logger = (message: string) => void;

export function describeError(err: unknown): string {
  return err instanceof Error ? err.stack ?? err.message : String(err);
}

export function guarded<A extends unknown[], R>(
  what: string, log: Logger, fallback: R, handler: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      log(`${what} failed: ${describeError(err)}`);
      return fallback;
    }
  };
}
