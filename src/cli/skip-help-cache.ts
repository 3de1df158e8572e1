import type { Argv } from 'yargs';

interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders the chosen command's whole help text before running its handler (`cacheHelpMessage`), for a
 * `showHelp()` from inside a handler, which no command of ours calls: 75 ms of CPU at every start of
 * `extract`. Where this yargs has that hook it is made a no-op; `--help` and usage errors render as before.
 */
export function skipHelpCache(parser: Argv): void {
  const usage = (parser as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}
