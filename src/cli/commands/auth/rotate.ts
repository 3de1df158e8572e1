import { tokenAgeDays } from '../../../credentials/rotation.js';
import { unlockVault } from '../../../credentials/vault.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { refuseTokenFlags, TOKEN_FLAG_OPTIONS } from './token-flags.js';
import { TOKEN_SOURCE_TEXT, passphraseFor, tokenFor, vaultConfigOf } from './secrets.js';

interface RotateArgs {
  name: string;
  tokenStdin?: boolean;
  token?: unknown;
  appToken?: unknown;
}

export const authRotateCommand = defineCommand<RotateArgs>({
  command: 'rotate <name>',
  describe: "Replace a profile's app token with a renewed one and record the date",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true, describe: 'Profile name' })
      .option('token-stdin', { type: 'boolean', describe: 'Read the new token from stdin (a hidden prompt on a terminal)' })
      .options(TOKEN_FLAG_OPTIONS)
      .example('$0 auth rotate acme-prod', 'Asks for the new token (hidden)'),
  run: async (args, context) => {
    refuseTokenFlags(args);
    const vaultConfig = vaultConfigOf(context);
    const vault = await unlockVault(vaultConfig.vaultFile, await passphraseFor(context, vaultConfig, false));
    const before = vault.profile(args.name);
    const now = new Date();
    const { token, source } = await tokenFor(context, args.tokenStdin === true);
    const rotated = await vault.rotate(args.name, token, now);
    const previousAgeDays = tokenAgeDays(before.rotatedAt, now);
    context.output.result({ profile: rotated.name, rotatedAt: rotated.rotatedAt, previousAgeDays, tokenSource: source }, () =>
      [
        `Stored the new token of profile "${rotated.name}" (from ${TOKEN_SOURCE_TEXT[source]}); the old one was ${previousAgeDays} days old.`,
        `Check it: vtex-migrate auth check --profile ${rotated.name}`,
      ].join('\n'),
    );
    return EXIT.ok;
  },
});
