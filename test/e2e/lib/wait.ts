/** Bounded waiting: every wait in the e2e harness has a deadline, and none sleeps for a fixed time. */

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`timed out after ${ms} ms waiting for ${what}`);
    this.name = 'TimeoutError';
  }
}

/** Thrown by a `waitFor` probe to stop waiting at once (other probe errors are retried until the deadline). */
export class GiveUp extends Error {
  override name = 'GiveUp';
}

/** Resolves with the promise's value, or rejects with a TimeoutError after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Polls `probe` every `intervalMs` until it returns something other than undefined/false, and returns that value.
 * Rejects with a TimeoutError (carrying the last probe error, if any) once `timeoutMs` has passed.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      lastError = e;
    }
    if (Date.now() >= end) {
      const err = new TimeoutError(what, timeoutMs);
      if (lastError instanceof Error) err.message += ` (last error: ${lastError.message})`;
      throw err;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}
