import { loadVaultConfig } from '../../../config/load-config.js';
import type { VaultConfig } from '../../../config/load-config.js';
import { Secret } from '../../../config/secret.js';
import { readToken } from '../../../credentials/token-input.js';
import type { TokenSource } from '../../../credentials/token-input.js';
import { MigrateError } from '../../../errors.js';
import type { CommandContext } from '../../command.js';
import { promptHidden } from '../../hidden-prompt.js';
import { readStdinText } from './read-stdin.js';

export function vaultConfigOf(context: CommandContext): VaultConfig {
  return loadVaultConfig(context.env, context.config.cwd);
}

/**
 * The vault passphrase: VTEX_MIGRATE_PASSPHRASE, else a hidden prompt on a terminal (asked twice when it
 * creates a new vault), else a clear error.
 */
export async function passphraseFor(context: CommandContext, vault: VaultConfig, creating: boolean): Promise<Secret> {
  if (vault.passphrase) return vault.passphrase;
  if (!context.stdin.isTTY) {
    throw new MigrateError('USAGE', 'The vault passphrase is needed, and stdin is not a terminal to ask for it.', {
      hint: 'Set VTEX_MIGRATE_PASSPHRASE, or run the command in a terminal.',
    });
  }
  const question = creating ? 'New vault passphrase (input hidden): ' : 'Vault passphrase (input hidden): ';
  const first = await promptHidden(context.stdin, context.output.stderr, question);
  if (creating) {
    const again = await promptHidden(context.stdin, context.output.stderr, 'Repeat the passphrase: ');
    if (again !== first) {
      throw new MigrateError('BAD_INPUT', 'The two passphrases differ.', { hint: 'Run the command again and type the same passphrase twice.' });
    }
  }
  return new Secret(first);
}

/** An app token from VTEX_APP_TOKEN, --token-stdin or a hidden prompt (never a flag value). */
export async function tokenFor(context: CommandContext, tokenStdin: boolean): Promise<{ token: Secret; source: TokenSource }> {
  return readToken({
    envToken: context.env.VTEX_APP_TOKEN,
    tokenStdin,
    stdinIsTty: context.stdin.isTTY === true,
    readStdin: () => readStdinText(context.stdin),
    promptHidden: (question) => promptHidden(context.stdin, context.output.stderr, question),
  });
}

export const TOKEN_SOURCE_TEXT: Record<TokenSource, string> = {
  env: 'VTEX_APP_TOKEN',
  stdin: 'stdin',
  prompt: 'the prompt',
};
