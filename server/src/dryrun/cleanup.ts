/**
 * Everything a run starts is registered here so that it is removed at the end, on failure, and on cancel: the first
 * SIGINT/SIGTERM runs every pending cleanup (bounded in time), then exits with 130/143. A cleanup also has a
 * synchronous form, run if the process exits without the asynchronous one having finished.
 */

export interface Cleanup {
  name: string;
  run: () => Promise<void>;
  /** Best effort at process exit (no event loop left): kill processes, remove directories. */
  runSync?: () => void;
}

const pending = new Set<Cleanup>();
let installed = false;
let cancelling = false;
const cancelListeners = new Set<() => void>();

export function register(c: Cleanup): () => void {
  install();
  pending.add(c);
  return () => {
    pending.delete(c);
  };
}

const running = new Map<Cleanup, Promise<void>>();

/** Runs a cleanup once; it stays pending (for the exit handler) until it has finished. */
function runOnce(c: Cleanup): Promise<void> {
  let p = running.get(c);
  if (!p) {
    p = c
      .run()
      .catch(() => undefined)
      .finally(() => {
        pending.delete(c);
        running.delete(c);
      });
    running.set(c, p);
  }
  return p;
}

/** Runs one registered cleanup now (once) and forgets it. */
export async function release(c: Cleanup): Promise<void> {
  if (!pending.has(c)) return;
  await runOnce(c);
}

/** An engine's close(): closes its session, then releases its cleanup; later calls do nothing. */
export function closeOnce(session: { close(): Promise<void> }, cleanup: Cleanup): () => Promise<void> {
  let closed = false;
  return async () => {
    if (closed) return;
    closed = true;
    await session.close();
    await release(cleanup);
  };
}

/** Called when a signal arrives, before the cleanups run (a run in progress stops at its next step). */
export function onCancel(fn: () => void): () => void {
  cancelListeners.add(fn);
  return () => cancelListeners.delete(fn);
}

export function isCancelling(): boolean {
  return cancelling;
}

/** Runs every pending cleanup; those still running after `timeoutMs` are left to the exit handler's sync form. */
/** Runs every pending cleanup; those still running after `timeoutMs` are left to the exit handler's sync form. */
export async function runAll(timeoutMs = 10_000): Promise<void> {
  const work = Promise.allSettled([...pending].map(runOnce));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([work, timeout]);
  if (timer) clearTimeout(timer);
}

function onSignal(signal: NodeJS.Signals): void {
  if (cancelling) return;
  cancelling = true;
  for (const fn of cancelListeners) {
    try {
      fn();
    } catch {
      /* a listener never stops the cleanup */
    }
  }
  const code = signal === 'SIGINT' ? 130 : 143;
  void runAll().finally(() => {
    announceCancelled((m) => process.stderr.write(m));
    process.exit(code);
  });
}

let announced = false;

/** Says once that the run was cancelled and its engine removed (from the signal handler or the CLI, whichever first). */
export function announceCancelled(write: (message: string) => void): void {
  if (announced) return;
  announced = true;
  write('migration-guard: dry run cancelled; the engine was removed\n');
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.on('exit', () => {
    for (const c of pending) {
      try {
        c.runSync?.();
      } catch {
        /* best effort */
      }
    }
    pending.clear();
  });
}
