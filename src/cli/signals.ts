/** How long a command may take to stop cleanly after Ctrl-C or SIGTERM before the process ends anyway. */
export const STOP_GRACE_MS = 5_000;
const INTERRUPTED_EXIT_CODE = 130;

/**
 * SIGINT and SIGTERM abort `controller`: commands stop at their next clean checkpoint and exit 130. A second
 * signal, or a command still running STOP_GRACE_MS later, ends the process at once (still exit 130: what is
 * committed stays committed; SQLite's journal keeps the file whole).
 */
export function handleStopSignals(controller: AbortController, stderr: NodeJS.WritableStream, graceMs = STOP_GRACE_MS): void {
  const stopNow = (why: string) => {
    stderr.write(`error: ${why}; stopped at once. Run the same command again to resume from the last checkpoint.\n`);
    process.exit(INTERRUPTED_EXIT_CODE);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) return stopNow(`A second ${signal}`);
      controller.abort(signal);
      setTimeout(() => stopNow(`Still running ${graceMs / 1000} s after ${signal}`), graceMs).unref();
    });
  }
}
