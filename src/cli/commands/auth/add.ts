import { validateAppKey } from '../../../credentials/app-key.js';
import { maskAppKey } from '../../../credentials/mask-app-key.js';
import { unlockVault, validateProfileName, vaultExists } from '../../../credentials/vault.js';
import { MigrateError } from '../../../errors.js';
import type { CommandContext } from '../../command.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { refuseTokenFlags, TOKEN_FLAG_OPTIONS } from './token-flags.js';
import { TOKEN_SOURCE_TEXT, passphraseFor, tokenFor, vaultConfigOf } from './secrets.js';

interface AddArgs {
  name: string;
  appKey?: string;
  baseUrl?: string;
  tokenStdin?: boolean;
  token?: unknown;
  appToken?: unknown;
}

export const authAddCommand = defineCommand<AddArgs>({
  command: 'add <name>',
  describe: 'Store a profile: account, app key, optional --base-url, and the app token encrypted in the vault',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true, describe: 'Profile name, e.g. acme-prod' })
      .option('app-key', { type: 'string', requiresArg: true, describe: 'The app key, vtexappkey-{account}-XXXXXX (env VTEX_APP_KEY)' })
      .option('token-stdin', { type: 'boolean', describe: 'Read the app token from stdin (a hidden prompt on a terminal)' })
      .options(TOKEN_FLAG_OPTIONS)
      .example('$0 auth add acme-prod --account acme --app-key vtexappkey-acme-ABCDEF', 'Asks for the token (hidden) and the vault passphrase')
      .example('pass show vtex/acme | $0 auth add acme-prod --account acme --app-key vtexappkey-acme-ABCDEF --token-stdin', 'Token from a password manager')
      .example('$0 auth add sbx --account sandbox --app-key vtexappkey-sandbox-FULLRD --base-url http://127.0.0.1:4010', 'A profile for the sandbox or a proxy: --base-url is stored with it'),
  run: async (args, context) => {
    refuseTokenFlags(args);
    const { name, account, appKey, keyAccount, baseUrl } = newProfileFields(args, context);
    const vaultConfig = vaultConfigOf(context);
    const creating = !(await vaultExists(vaultConfig.vaultFile));
    const vault = await unlockVault(vaultConfig.vaultFile, await passphraseFor(context, vaultConfig, creating), { create: true });
    if (vault.profiles().some((profile) => profile.name === name)) {
      throw new MigrateError('USAGE', `Profile "${name}" already exists.`, {
        hint: `Use \`vtex-migrate auth rotate ${name}\` to replace its token, or \`vtex-migrate auth remove ${name}\` first.`,
      });
    }
    const { token, source } = await tokenFor(context, args.tokenStdin === true);
    const stored = await vault.add({ name, account, appKey, appToken: token, ...(baseUrl === undefined ? {} : { baseUrl }) }, new Date());
    const profile = { ...stored, appKey: maskAppKey(stored.appKey) };
    const details = [`account ${account}`, `app key ${profile.appKey}`, ...(keyAccount === account ? [] : [`a key of account ${keyAccount}`]), ...(baseUrl ? [`base URL ${baseUrl}`] : [])];
    context.output.result({ profile, vault: vaultConfig.vaultFile, tokenSource: source }, () =>
      [
        `Stored profile "${name}" (${details.join(', ')}) in ${vaultConfig.vaultFile}; the token (from ${TOKEN_SOURCE_TEXT[source]}) is encrypted.`,
        `Check what the key may read: vtex-migrate auth check --profile ${name}`,
      ].join('\n'),
    );
    return EXIT.ok;
  },
});

/** Everything `auth add` stores but the token, checked before the vault is opened or a token is read. */
function newProfileFields(args: AddArgs, context: CommandContext): { name: string; account: string; appKey: string; keyAccount: string; baseUrl: string | undefined } {
  const name = validateProfileName(args.name);
  const account = context.config.account;
  if (account === undefined) {
    throw new MigrateError('USAGE', 'No account given for the new profile.', { hint: 'Pass --account ACCOUNT (or set VTEX_ACCOUNT), e.g. --account acme for acme.myvtex.com.' });
  }
  const { appKey, keyAccount } = validateAppKey(args.appKey ?? context.env.VTEX_APP_KEY, args.appKey === undefined ? 'VTEX_APP_KEY' : '--app-key', context.config.appKeyFormat);
  // Only a --base-url given to this command is stored; VTEX_BASE_URL stays a per-shell setting.
  const baseUrl = args.baseUrl === undefined ? undefined : context.config.baseUrl;
  return { name, account, appKey, keyAccount, baseUrl };
}
