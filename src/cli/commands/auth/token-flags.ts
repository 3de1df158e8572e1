import type { Options } from 'yargs';
import { MigrateError } from '../../../errors.js';

/** Declared only to refuse them: a token given as a flag value is visible to every user in the process list. */
export const TOKEN_FLAG_OPTIONS: Record<string, Options> = {
  token: { type: 'string', hidden: true },
  'app-token': { type: 'string', hidden: true },
};

export function refuseTokenFlags(args: { token?: unknown; appToken?: unknown }): void {
  if (args.token !== undefined || args.appToken !== undefined) {
    throw new MigrateError('USAGE', 'A token is never accepted as a flag value: the command line is visible to every user of this machine.', {
      hint: 'Set VTEX_APP_TOKEN, pipe it with --token-stdin, or let the command ask for it (hidden). Consider this token exposed if others share this machine.',
    });
  }
}

/** Whether argv names a token flag, on any command (before `--`): refused before parsing, so every command says why. */
export function tokenFlagIn(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => /^--(token|app-token|appToken)(=|$)/.test(arg));
}
