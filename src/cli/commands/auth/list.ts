import { maskAppKey } from '../../../credentials/mask-app-key.js';
import { rotationDue, tokenAgeDays, tokenAgeWarning } from '../../../credentials/rotation.js';
import { listProfiles, vaultPermissionWarning } from '../../../credentials/vault.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { formatTable } from '../../format-table.js';
import { vaultConfigOf } from './secrets.js';

export const authListCommand = defineCommand({
  command: 'list',
  describe: 'List the stored profiles: account, app key (masked), token age; warns about tokens due for rotation',
  builder: (yargs) => yargs.example('$0 auth list --json', 'The same as data (never tokens)'),
  run: async (_args, context) => {
    const vault = vaultConfigOf(context);
    const now = new Date();
    const profiles = (await listProfiles(vault.vaultFile)).map((profile) => ({
      name: profile.name,
      account: profile.account,
      appKey: maskAppKey(profile.appKey),
      createdAt: profile.createdAt,
      rotatedAt: profile.rotatedAt,
      tokenAgeDays: tokenAgeDays(profile.rotatedAt, now),
      rotationDue: rotationDue(profile.rotatedAt, now, vault.maxTokenAgeDays),
    }));
    const permissionWarning = await vaultPermissionWarning(vault.vaultFile);
    if (permissionWarning) context.output.warn(permissionWarning);
    for (const profile of profiles) {
      const warning = tokenAgeWarning({ profile: profile.name, rotatedAt: profile.rotatedAt }, now, vault.maxTokenAgeDays);
      if (warning) context.output.warn(warning);
    }
    context.output.result({ vault: vault.vaultFile, maxTokenAgeDays: vault.maxTokenAgeDays, profiles }, () => {
      if (profiles.length === 0) return `No profiles in ${vault.vaultFile}. Add one with \`vtex-migrate auth add NAME --account ACCOUNT --app-key KEY\`.`;
      const rows = profiles.map((profile) => [
        profile.name,
        profile.account,
        profile.appKey,
        profile.createdAt.slice(0, 10),
        profile.rotatedAt.slice(0, 10),
        `${profile.tokenAgeDays} d${profile.rotationDue ? ' (rotate)' : ''}`,
      ]);
      return `${formatTable(['profile', 'account', 'app key', 'created', 'token stored', 'token age'], rows)}\n\nVault: ${vault.vaultFile} (rotate tokens older than ${vault.maxTokenAgeDays} days)`;
    });
    return EXIT.ok;
  },
});
