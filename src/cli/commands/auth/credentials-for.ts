import { resolveCredentials } from '../../../credentials/resolve-credentials.js';
import type { ResolvedCredentials } from '../../../credentials/resolve-credentials.js';
import { tokenAgeWarning } from '../../../credentials/rotation.js';
import type { CommandContext } from '../../command.js';
import { passphraseFor, vaultConfigOf } from './secrets.js';

/**
 * The credentials of any command that talks to VTEX (`auth check`, `extract`): --profile NAME (unlocked with
 * VTEX_MIGRATE_PASSPHRASE or a hidden prompt) or the env trio. Prints the token-age warning when due.
 */
export async function credentialsFor(context: CommandContext, now: Date = new Date()): Promise<ResolvedCredentials> {
  const vault = vaultConfigOf(context);
  const credentials = await resolveCredentials(context.config, context.env, {
    vaultFile: vault.vaultFile,
    passphrase: () => passphraseFor(context, vault, false),
  });
  const warning = tokenAgeWarning(credentials, now, vault.maxTokenAgeDays);
  if (warning) context.output.warn(warning);
  return credentials;
}
