import { inspect } from 'node:util';
import { isMigrateError } from '../errors.js';
import { errorLine, oneLine } from './error-line.js';
import { EXIT, EXIT_CODE_OF } from './exit-codes.js';
import type { Output } from './output.js';

/**
 * The one error reporter: a user error is one line (what is wrong, then what to do) and its exit code;
 * a stack trace only with --verbose or for an internal error.
 */
export function reportError(error: unknown, output: Output): number {
  if (isMigrateError(error)) {
    const exitCode = EXIT_CODE_OF[error.code];
    output.stderr.write(`${errorLine(error.message, error.hint)}\n`);
    if (output.mode.json) {
      output.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint, exitCode } })}\n`);
    }
    if (output.mode.verbose || error.code === 'INTERNAL') output.stderr.write(`${inspect(error)}\n`);
    return exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.stderr.write(`${errorLine(`internal error: ${oneLine(message)}`, 'This is a bug in vtex-migrate; please report it with the output of --verbose.')}\n`);
  output.stderr.write(`${inspect(error)}\n`);
  if (output.mode.json) {
    output.stdout.write(`${JSON.stringify({ error: { code: 'INTERNAL', message, hint: 'Report this bug.', exitCode: EXIT.internal } })}\n`);
  }
  return EXIT.internal;
}
