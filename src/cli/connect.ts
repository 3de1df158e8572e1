import { loadVaultConfig } from '../config/load-config.js';
import { Secret } from '../config/secret.js';
import { resolveCredentials } from '../credentials/resolve-credentials.js';
import type { ResolvedCredentials } from '../credentials/resolve-credentials.js';
import { tokenAgeWarning } from '../credentials/rotation.js';
import { VtexClient } from '../vtex/client.js';
import { familyHost } from '../vtex/hosts.js';
import type { VtexClientOptions } from '../vtex/client.js';
import type { CommandContext } from './command.js';
import { promptHidden } from './hidden-prompt.js';

export interface Connection {
  credentials: ResolvedCredentials;
  client: VtexClient;
}

/**
 * Resolves the command's credentials (--profile or the env trio), warns about an old token, and opens a
 * client to the account's origin. The caller closes the client.
 */
export async function connect(context: CommandContext, clientOptions: Partial<VtexClientOptions> = {}): Promise<Connection> {
  const vault = loadVaultConfig(context.env, context.config.cwd);
  const credentials = await resolveCredentials(context.config, context.env, {
    vaultFile: vault.vaultFile,
    passphrase: async () => vault.passphrase ?? (await askPassphrase(context)),
  });
  const warning = tokenAgeWarning(credentials, new Date(), vault.maxTokenAgeDays);
  if (warning) context.output.warn(warning);
  const client = new VtexClient({
    origin: credentials.origin,
    hostFor: (family) => familyHost(family, credentials.account, credentials.baseUrl),
    credentials: { appKey: credentials.appKey, appToken: credentials.appToken },
    signal: context.signal,
    ...clientOptions,
  });
  return { credentials, client };
}

async function askPassphrase(context: CommandContext): Promise<Secret> {
  return new Secret(await promptHidden(context.stdin, context.output.stderr, 'Vault passphrase: '));
}
