import { maskAppKey } from '../../../credentials/mask-app-key.js';
import { unlockVault, validateProfileName, vaultExists } from '../../../credentials/vault.js';
import { MigrateError } from '../../../errors.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { refuseTokenFlags, TOKEN_FLAG_OPTIONS } from './token-flags.js';
import { TOKEN_SOURCE_TEXT, passphraseFor, tokenFor, vaultConfigOf } from './secrets.js';
import { validateAppKey } from './validate-app-key.js';

interface AddArgs {
  name: string;
  appKey?: string;
  tokenStdin?: boolean;
  token?: unknown;
  appToken?: unknown;
}

export const authAddCommand = defineCommand<AddArgs>({
  command: 'add <name>',
  describe: 'Store a profile: account, app key, and the app token encrypted in the vault',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true, describe: 'Profile name, e.g. acme-prod' })
      .option('app-key', { type: 'string', describe: 'The app key, vtexappkey-... (env VTEX_APP_KEY)' })
      .option('token-stdin', { type: 'boolean', describe: 'Read the app token from stdin (a hidden prompt on a terminal)' })
      .options(TOKEN_FLAG_OPTIONS)
      .example('$0 auth add acme-prod --account acme --app-key vtexappkey-acme-ABCDEF', 'Asks for the token (hidden) and the vault passphrase')
      .example('pass show vtex/acme | $0 auth add acme-prod --account acme --app-key vtexappkey-acme-ABCDEF --token-stdin', 'Token from a password manager'),
  run: async (args, context) => {
    refuseTokenFlags(args);
    const name = validateProfileName(args.name);
    const account = context.config.account;
    if (account === undefined) {
      throw new MigrateError('USAGE', 'No account given for the new profile.', { hint: 'Pass --account ACCOUNT (or set VTEX_ACCOUNT), e.g. --account acme for acme.myvtex.com.' });
    }
    const appKey = validateAppKey(args.appKey ?? context.env.VTEX_APP_KEY);
    const vaultConfig = vaultConfigOf(context);
    const creating = !(await vaultExists(vaultConfig.vaultFile));
    const vault = await unlockVault(vaultConfig.vaultFile, await passphraseFor(context, vaultConfig, creating), { create: true });
    if (vault.profiles().some((profile) => profile.name === name)) {
      throw new MigrateError('USAGE', `Profile "${name}" already exists.`, {
        hint: `Use \`vtex-migrate auth rotate ${name}\` to replace its token, or \`vtex-migrate auth remove ${name}\` first.`,
      });
    }
    const { token, source } = await tokenFor(context, args.tokenStdin === true);
    const stored = await vault.add({ name, account, appKey, appToken: token }, new Date());
    const profile = { ...stored, appKey: maskAppKey(stored.appKey) };
    context.output.result({ profile, vault: vaultConfig.vaultFile, tokenSource: source }, () =>
      [
        `Stored profile "${name}" (account ${account}, app key ${profile.appKey}) in ${vaultConfig.vaultFile}; the token (from ${TOKEN_SOURCE_TEXT[source]}) is encrypted.`,
        `Check what the key may read: vtex-migrate auth check --profile ${name}`,
      ].join('\n'),
    );
    return EXIT.ok;
  },
});
