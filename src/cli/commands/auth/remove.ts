import { removeProfile } from '../../../credentials/vault.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { vaultConfigOf } from './secrets.js';

interface RemoveArgs {
  name: string;
}

export const authRemoveCommand = defineCommand<RemoveArgs>({
  command: 'remove <name>',
  describe: 'Delete a profile from the vault (the key itself stays valid in VTEX)',
  builder: (yargs) => yargs.positional('name', { type: 'string', demandOption: true, describe: 'Profile name' }),
  run: async (args, context) => {
    const vault = vaultConfigOf(context);
    const removed = await removeProfile(vault.vaultFile, args.name);
    context.output.result({ removed: removed.name, account: removed.account, vault: vault.vaultFile }, () =>
      `Removed profile "${removed.name}" (account ${removed.account}). The key still works in VTEX: if nothing else uses it, deactivate it in Account settings > Account management > Application keys.`,
    );
    return EXIT.ok;
  },
});
