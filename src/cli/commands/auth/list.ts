import type { VaultConfig } from '../../../config/load-config.js';
import { maskAppKey } from '../../../credentials/mask-app-key.js';
import { rotationDue, tokenAgeDays, tokenAgeWarning } from '../../../credentials/rotation.js';
import { listProfiles, unlockVault, vaultPermissionWarning } from '../../../credentials/vault.js';
import type { ProfileInfo } from '../../../credentials/vault.js';
import type { CommandContext } from '../../command.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { formatTable } from '../../format-table.js';
import { passphraseFor, vaultConfigOf } from './secrets.js';

interface ListArgs {
  verify?: boolean;
}

/** One row of `auth list` (and of its JSON): never a token; `verified` is null without --verify. */
type ListedProfile = Omit<ProfileInfo, 'baseUrl'> & { baseUrl: string | null; tokenAgeDays: number; rotationDue: boolean; verified: boolean | null };

/** The fields are sealed with the passphrase-derived key: without it, nothing can be checked. */
const UNVERIFIED_NOTE = 'Not verified: a hand-edited field is detected when the profile is used, or now with `vtex-migrate auth list --verify` (it asks for the passphrase).';
const VERIFIED_NOTE = 'Verified with the passphrase: every profile marked "verified" is as `auth add` or `auth rotate` wrote it.';

export const authListCommand = defineCommand<ListArgs>({
  command: 'list',
  describe: 'List the stored profiles: account, app key (masked), base URL, token age; warns about tokens due for rotation. Needs no passphrase, except with --verify',
  builder: (yargs) =>
    yargs
      .option('verify', { type: 'boolean', describe: "Ask for the passphrase and check every profile's fields against its sealed token (exit 2 when one was changed)" })
      .example('$0 auth list --json', 'The same as data (never tokens)')
      .example('$0 auth list --verify', 'Detect a hand-edited account, app key, base URL or date'),
  run: async (args, context) => {
    const vault = vaultConfigOf(context);
    const verify = args.verify === true;
    const now = new Date();
    const profiles = (await readProfiles(context, vault, verify)).map((profile) => listed(profile, now, vault.maxTokenAgeDays));
    await warn(context, vault, profiles, now);
    context.output.result({ vault: vault.vaultFile, maxTokenAgeDays: vault.maxTokenAgeDays, verified: verify, profiles }, () => render(profiles, vault, verify));
    return profiles.some((profile) => profile.verified === false) ? EXIT.usage : EXIT.ok;
  },
});

async function readProfiles(context: CommandContext, vault: VaultConfig, verify: boolean): Promise<Array<ProfileInfo & { verified?: boolean }>> {
  if (!verify) return listProfiles(vault.vaultFile);
  return (await unlockVault(vault.vaultFile, await passphraseFor(context, vault, false))).verifiedProfiles();
}

function listed(profile: ProfileInfo & { verified?: boolean }, now: Date, maxTokenAgeDays: number): ListedProfile {
  return {
    name: profile.name,
    account: profile.account,
    appKey: maskAppKey(profile.appKey),
    baseUrl: profile.baseUrl ?? null,
    createdAt: profile.createdAt,
    rotatedAt: profile.rotatedAt,
    tokenAgeDays: tokenAgeDays(profile.rotatedAt, now),
    rotationDue: rotationDue(profile.rotatedAt, now, maxTokenAgeDays),
    verified: profile.verified ?? null,
  };
}

async function warn(context: CommandContext, vault: VaultConfig, profiles: readonly ListedProfile[], now: Date): Promise<void> {
  const permissionWarning = await vaultPermissionWarning(vault.vaultFile);
  if (permissionWarning) context.output.warn(permissionWarning);
  for (const profile of profiles) {
    if (profile.verified === false) {
      context.output.warn(`Profile "${profile.name}" was changed after it was written: its fields do not match its sealed token. Remove it (\`vtex-migrate auth remove ${profile.name}\`) and add it again.`);
    }
    const warning = tokenAgeWarning({ profile: profile.name, rotatedAt: profile.rotatedAt }, now, vault.maxTokenAgeDays);
    if (warning) context.output.warn(warning);
  }
}

function render(profiles: readonly ListedProfile[], vault: VaultConfig, verify: boolean): string {
  if (profiles.length === 0) return `No profiles in ${vault.vaultFile}. Add one with \`vtex-migrate auth add NAME --account ACCOUNT --app-key KEY\`.`;
  const headers = ['profile', 'account', 'app key', 'base URL', 'created', 'token stored', 'token age', ...(verify ? ['fields'] : [])];
  const rows = profiles.map((profile) => [
    profile.name,
    profile.account,
    profile.appKey,
    profile.baseUrl ?? '-',
    profile.createdAt.slice(0, 10),
    profile.rotatedAt.slice(0, 10),
    `${profile.tokenAgeDays} d${profile.rotationDue ? ' (rotate)' : ''}`,
    ...(profile.verified === null ? [] : [profile.verified ? 'verified' : 'CHANGED']),
  ]);
  return `${formatTable(headers, rows)}\n\n${verify ? VERIFIED_NOTE : UNVERIFIED_NOTE}\nVault: ${vault.vaultFile} (rotate tokens older than ${vault.maxTokenAgeDays} days)`;
}
