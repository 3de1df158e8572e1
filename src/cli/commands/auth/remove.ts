import { removeProfile } from '../../../credentials/vault.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { vaultConfigOf } from './secrets.js';

interface RemoveArgs {
  name: string;
}

/**
 * Needs no passphrase, and reads none (not even VTEX_MIGRATE_PASSPHRASE): the vault seals each profile's
 * fields, not the list of profiles, so whoever can write the file can delete an entry undetected anyway.
 * Asking would only suggest a protection that does not exist.
 */
export const authRemoveCommand = defineCommand<RemoveArgs>({
  command: 'remove <name>',
  describe: 'Delete a profile from the vault. Needs no passphrase (anyone who can write the vault file can delete from it); the key stays valid in VTEX',
  builder: (yargs) => yargs.positional('name', { type: 'string', demandOption: true, describe: 'Profile name' }),
  run: async (args, context) => {
    const vault = vaultConfigOf(context);
    const removed = await removeProfile(vault.vaultFile, args.name);
    context.output.result({ removed: removed.name, account: removed.account, vault: vault.vaultFile }, () =>
      `Removed profile "${removed.name}" (account ${removed.account}). The key still works in VTEX: if nothing else uses it, deactivate it in VTEX Admin > Account Settings > API Keys.`,
    );
    return EXIT.ok;
  },
});
