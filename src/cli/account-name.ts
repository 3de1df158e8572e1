import { loadVaultConfig } from '../config/load-config.js';
import { listProfiles } from '../credentials/vault.js';
import { MigrateError } from '../errors.js';
import type { CommandContext } from './command.js';

/**
 * The account a command that reads only the staging file works on: --account (or VTEX_ACCOUNT), else the
 * account of --profile, read from the vault without its passphrase (accounts and app keys are not secret).
 */
export async function accountName(context: Pick<CommandContext, 'config' | 'env'>): Promise<string | undefined> {
  const { config } = context;
  if (config.profile === undefined) return config.account;
  const vault = loadVaultConfig(context.env, config.cwd);
  const profile = (await listProfiles(vault.vaultFile)).find((candidate) => candidate.name === config.profile);
  if (!profile) {
    throw new MigrateError('VAULT', `No profile "${config.profile}" in the credential vault at ${vault.vaultFile}.`, {
      hint: 'Run `vtex-migrate auth list` for the profiles, or pass --account / --db instead.',
    });
  }
  if (config.account !== undefined && config.account !== profile.account) {
    throw new MigrateError('USAGE', `Profile "${config.profile}" is for account "${profile.account}", but --account (or VTEX_ACCOUNT) says "${config.account}".`, {
      hint: 'Drop --account (and unset VTEX_ACCOUNT) to use the profile\'s account, or pick the profile of that account.',
    });
  }
  return profile.account;
}
