import type { ErrorCode } from '../errors.js';

/** The documented exit codes (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  credentials: 3,
  permissions: 4,
  incomplete: 5,
  busy: 6,
  interrupted: 130,
} as const;

export const EXIT_CODE_OF: Record<ErrorCode, number> = {
  USAGE: EXIT.usage,
  BAD_INPUT: EXIT.usage,
  STORE_INVALID: EXIT.usage,
  STORE_BUSY: EXIT.busy,
  VAULT: EXIT.usage,
  CREDENTIALS_REJECTED: EXIT.credentials,
  PERMISSION_MISSING: EXIT.permissions,
  NETWORK: EXIT.internal,
  SERVER_RESPONSE: EXIT.internal,
  RUN_INCOMPLETE: EXIT.incomplete,
  INTERRUPTED: EXIT.interrupted,
  INTERNAL: EXIT.internal,
};
