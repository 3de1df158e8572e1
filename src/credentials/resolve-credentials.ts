import type { Env, GlobalConfig } from '../config/load-config.js';
import type { Secret } from '../config/secret.js';
import { validateAccount, validateBaseUrl } from '../config/validate.js';
import { MigrateError } from '../errors.js';
import { apiOrigin } from '../vtex/hosts.js';
import { validateAppKey } from './app-key.js';
import { validateToken } from './token-input.js';
import { unlockVault } from './vault.js';

export interface ResolvedCredentials {
  account: string;
  appKey: string;
  appToken: Secret;
  /** The origin every API call goes to: --base-url (or VTEX_BASE_URL), else the profile's, else https://{account}.vtexcommercestable.com.br. */
  origin: string;
  /** The --base-url in force (the flag or VTEX_BASE_URL, else the profile's), when one is. */
  baseUrl?: string;
  source: 'profile' | 'env';
  /** The profile name, when source is 'profile'. */
  profile?: string;
  /** When the profile's token was stored last (ISO 8601), when source is 'profile'. */
  rotatedAt?: string;
}

export interface ResolveOptions {
  /** The vault file (loadVaultConfig(env).vaultFile). */
  vaultFile: string;
  /** Called only when a profile must be unlocked: VTEX_MIGRATE_PASSPHRASE or a hidden prompt. */
  passphrase: () => Promise<Secret>;
}

const TRIO = ['VTEX_ACCOUNT', 'VTEX_APP_KEY', 'VTEX_APP_TOKEN'] as const;

/**
 * The credentials of a command that talks to VTEX: `--profile NAME` wins; otherwise the env trio
 * VTEX_ACCOUNT (or --account) / VTEX_APP_KEY / VTEX_APP_TOKEN, all three required. The account is
 * validated before any host is built.
 */
export async function resolveCredentials(config: GlobalConfig, env: Env, options: ResolveOptions): Promise<ResolvedCredentials> {
  if (config.profile !== undefined) return fromProfile(config, config.profile, options);
  return fromEnv(config, env);
}

async function fromProfile(config: GlobalConfig, name: string, options: ResolveOptions): Promise<ResolvedCredentials> {
  const vault = await unlockVault(options.vaultFile, await options.passphrase());
  const profile = vault.profile(name);
  const account = validateAccount(profile.account, `Profile "${name}" account`);
  if (config.account !== undefined && config.account !== account) {
    throw new MigrateError('USAGE', `Profile "${name}" is for account "${account}", but --account (or VTEX_ACCOUNT) says "${config.account}".`, {
      hint: 'Drop --account (and unset VTEX_ACCOUNT) to use the profile\'s account, or pick the profile of that account.',
    });
  }
  const profileBaseUrl = profile.baseUrl === undefined ? undefined : validateBaseUrl(profile.baseUrl, `Profile "${name}" base URL`);
  return {
    account,
    appKey: profile.appKey,
    appToken: profile.appToken,
    origin: apiOrigin(account, config.baseUrl ?? profileBaseUrl),
    ...(config.baseUrl ?? profileBaseUrl ? { baseUrl: config.baseUrl ?? profileBaseUrl } : {}),
    source: 'profile',
    profile: name,
    rotatedAt: profile.rotatedAt,
  };
}

function fromEnv(config: GlobalConfig, env: Env): ResolvedCredentials {
  const appKey = env.VTEX_APP_KEY === undefined || env.VTEX_APP_KEY.trim() === '' ? undefined : env.VTEX_APP_KEY.trim();
  const given: Record<(typeof TRIO)[number], boolean> = {
    VTEX_ACCOUNT: config.account !== undefined,
    VTEX_APP_KEY: appKey !== undefined,
    VTEX_APP_TOKEN: env.VTEX_APP_TOKEN !== undefined,
  };
  const missing = TRIO.filter((name) => !given[name]);
  if (missing.length === TRIO.length) {
    throw new MigrateError('USAGE', 'No VTEX credentials given.', {
      hint: 'Pass --profile NAME (see `vtex-migrate auth add`), or set VTEX_ACCOUNT, VTEX_APP_KEY and VTEX_APP_TOKEN.',
    });
  }
  if (missing.length > 0 || config.account === undefined || appKey === undefined) {
    const present = TRIO.filter((name) => given[name]);
    throw new MigrateError('USAGE', `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set (${present.join(' and ')} ${present.length === 1 ? 'is' : 'are'}).`, {
      hint: 'Set all three of VTEX_ACCOUNT (or --account), VTEX_APP_KEY and VTEX_APP_TOKEN, or use --profile NAME.',
    });
  }
  const account = config.account;
  return {
    account,
    appKey: validateAppKey(appKey, 'VTEX_APP_KEY', config.appKeyFormat).appKey,
    appToken: validateToken(env.VTEX_APP_TOKEN ?? '', 'env'),
    origin: apiOrigin(account, config.baseUrl),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    source: 'env',
  };
}
