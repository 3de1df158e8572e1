import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppKeyFormat } from '../credentials/app-key.js';
import { MigrateError } from '../errors.js';
import { Secret } from './secret.js';
import { validateAccount, validateBaseUrl } from './validate.js';

/** The global flags every command takes (DESIGN.md "CLI contract"). */
export interface GlobalFlags {
  profile?: string | undefined;
  account?: string | undefined;
  baseUrl?: string | undefined;
  db?: string | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface GlobalConfig {
  readonly profile: string | undefined;
  readonly account: string | undefined;
  readonly baseUrl: string | undefined;
  readonly db: string | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly cwd: string;
  /** VTEX_MIGRATE_APP_KEY_FORMAT: how strictly app keys are checked (credentials/app-key.ts). */
  readonly appKeyFormat: AppKeyFormat;
}

/** The one reader of env and flags: validates everything at once and returns a frozen config. */
export function loadGlobalConfig(flags: GlobalFlags, env: Env, cwd: string): GlobalConfig {
  const account = flags.account ?? nonEmpty(env.VTEX_ACCOUNT);
  const baseUrl = flags.baseUrl ?? nonEmpty(env.VTEX_BASE_URL);
  return Object.freeze({
    profile: flags.profile,
    account: account === undefined ? undefined : validateAccount(account, flags.account ? '--account' : 'VTEX_ACCOUNT'),
    baseUrl: baseUrl === undefined ? undefined : validateBaseUrl(baseUrl, flags.baseUrl ? '--base-url' : 'VTEX_BASE_URL'),
    db: flags.db === undefined ? undefined : resolve(cwd, flags.db),
    json: flags.json ?? false,
    quiet: flags.quiet ?? false,
    verbose: flags.verbose ?? false,
    cwd,
    appKeyFormat: parseAppKeyFormat(nonEmpty(env.VTEX_MIGRATE_APP_KEY_FORMAT)),
  });
}

function parseAppKeyFormat(value: string | undefined): AppKeyFormat {
  if (value === undefined || value === 'strict' || value === 'loose') return value ?? 'strict';
  throw new MigrateError('BAD_INPUT', `VTEX_MIGRATE_APP_KEY_FORMAT "${value.slice(0, 20)}" is neither strict nor loose.`, {
    hint: 'Unset it (strict, the default), or set it to loose to accept app keys with a suffix other than 6 characters.',
  });
}

/** `--db`, or `output/<account>/staging.sqlite` under the working directory. */
export function stagingPath(config: GlobalConfig, account: string | undefined): string {
  if (config.db) return config.db;
  if (!account) {
    throw new MigrateError('USAGE', 'No staging database given.', {
      hint: 'Pass --db FILE, or --account / --profile so the default output/<account>/staging.sqlite is used.',
    });
  }
  return join(config.cwd, 'output', account, 'staging.sqlite');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Where the credential vault lives and how it is unlocked (docs/credentials.md). */
export interface VaultConfig {
  /** VTEX_MIGRATE_HOME, or the user's config dir + /vtex-migrate. */
  readonly home: string;
  readonly vaultFile: string;
  /** VTEX_MIGRATE_PASSPHRASE; undefined means ask on the terminal. */
  readonly passphrase: Secret | undefined;
  /** VTEX_MIGRATE_MAX_TOKEN_AGE_DAYS (default 90: VTEX recommends rotating about every three months). */
  readonly maxTokenAgeDays: number;
}

export const DEFAULT_MAX_TOKEN_AGE_DAYS = 90;
export const VAULT_FILE_NAME = 'vault.json';

/** Reads the vault settings from env; `cwd` and `platform` are parameters so tests can pin them. */
export function loadVaultConfig(env: Env, cwd: string = process.cwd(), platform: NodeJS.Platform = process.platform): VaultConfig {
  const home = resolve(cwd, nonEmpty(env.VTEX_MIGRATE_HOME) ?? defaultVaultHome(env, platform));
  const passphrase = nonEmpty(env.VTEX_MIGRATE_PASSPHRASE);
  return Object.freeze({
    home,
    vaultFile: join(home, VAULT_FILE_NAME),
    passphrase: passphrase === undefined ? undefined : new Secret(passphrase),
    maxTokenAgeDays: parseMaxAge(nonEmpty(env.VTEX_MIGRATE_MAX_TOKEN_AGE_DAYS)),
  });
}

function defaultVaultHome(env: Env, platform: NodeJS.Platform): string {
  if (platform === 'win32') return join(nonEmpty(env.APPDATA) ?? join(homedir(), 'AppData', 'Roaming'), 'vtex-migrate');
  return join(nonEmpty(env.XDG_CONFIG_HOME) ?? join(nonEmpty(env.HOME) ?? homedir(), '.config'), 'vtex-migrate');
}

function parseMaxAge(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_TOKEN_AGE_DAYS;
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1) {
    throw new MigrateError('BAD_INPUT', `VTEX_MIGRATE_MAX_TOKEN_AGE_DAYS "${value.slice(0, 20)}" is not a whole number of days.`, {
      hint: 'Set it to a number of days from 1, e.g. 90 (the default), or unset it.',
    });
  }
  return Number(value);
}

/**
 * The run's clock: real time, or VTEX_MIGRATE_NOW (an ISO instant) to reproduce a run's date bounds exactly,
 * e.g. against a sandbox started with a fixed clock.
 */
export function runClock(env: Env): number {
  const fixed = nonEmpty(env.VTEX_MIGRATE_NOW);
  if (fixed === undefined) return Date.now();
  const ms = Date.parse(fixed);
  if (Number.isNaN(ms)) {
    throw new MigrateError('BAD_INPUT', `VTEX_MIGRATE_NOW "${fixed.slice(0, 40)}" is not an ISO instant.`, { hint: 'Unset it, or give e.g. 2026-01-31T12:00:00Z.' });
  }
  return ms;
}
