import { join, resolve } from 'node:path';
import { MigrateError } from '../errors.js';
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
