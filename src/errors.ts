/**
 * The one error type of vtex-migrate. Every failure a user can act on is a MigrateError with a code from
 * this closed set, a one-sentence hint that says what to do, and the underlying cause when there is one.
 * The exit code for each code lives in cli/exit-codes.ts.
 */
export const ERROR_CODES = [
  'USAGE', // a flag, argument or command is wrong
  'BAD_INPUT', // a value is malformed: a date, an account name, a URL, a file
  'STORE_INVALID', // the staging file is missing, not SQLite, foreign, or newer than this build
  'STORE_BUSY', // another run is writing the staging file
  'VAULT', // the credential vault cannot be read: wrong passphrase, damaged file, unknown profile
  'CREDENTIALS_REJECTED', // VTEX answered 401: wrong app key or token, or a revoked key
  'PERMISSION_MISSING', // VTEX answered 403: the key lacks a License Manager resource
  'NETWORK', // VTEX (or the base URL) could not be reached
  'SERVER_RESPONSE', // VTEX answered something this tool cannot use
  'RUN_INCOMPLETE', // a run ended with dead letters, a reconciliation gap or an interruption
  'INTERRUPTED', // Ctrl-C after a clean checkpoint
  'INTERNAL', // a bug or a broken installation
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface MigrateErrorOptions {
  hint: string;
  cause?: unknown;
}

export class MigrateError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, options: MigrateErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MigrateError';
    this.code = code;
    this.hint = options.hint;
  }
}

export function isMigrateError(error: unknown): error is MigrateError {
  return error instanceof MigrateError;
}
