import { loadVaultConfig, stagingPath } from '../../config/load-config.js';
import { tokenAgeWarning } from '../../credentials/rotation.js';
import { listProfiles } from '../../credentials/vault.js';
import type { Json } from '../../json.js';
import { openStore } from '../../store/sqlite-store.js';
import { accountName } from '../account-name.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { renderStatus } from './status-report.js';
import type { StatusReport } from './status-report.js';

export const statusCommand = defineCommand({
  command: 'status',
  describe: 'Show what a staging database holds: rows per table, last run per stream, checkpoints, dead letters, reconciliation, token age',
  builder: (yargs) =>
    yargs
      .example('$0 status --db output/acme/staging.sqlite', 'Summarize a staging file')
      .example('$0 status --account acme --json', 'The same for output/acme/staging.sqlite, as JSON')
      .example('$0 status --profile acme', 'The staging file of the profile\'s account, and whether its token is due for rotation'),
  run: async (_args, context) => {
    const account = await accountName(context);
    const file = stagingPath(context.config, account);
    const store = openStore(file, { mode: 'read' });
    let report: StatusReport;
    try {
      report = { ...store.summary(), lastRuns: store.lastRuns(), deadLettersByStream: store.deadLetterGroups(), changes: store.changeCounts(), catalogBackup: store.backupCoverage(), tokenWarnings: [] };
    } finally {
      store.close();
    }
    report.tokenWarnings = await tokenWarnings(context, account);
    context.output.result(report as unknown as Json, () => renderStatus(report));
    return EXIT.ok;
  },
});

/**
 * Token age warnings for the profiles this staging file belongs to: --profile, or every profile of the account.
 * Reads only profile metadata (no passphrase); a missing or unreadable vault gives no warning.
 */
async function tokenWarnings(context: CommandContext, account: string | undefined): Promise<string[]> {
  if (account === undefined && context.config.profile === undefined) return [];
  const vault = loadVaultConfig(context.env, context.config.cwd);
  try {
    const profiles = (await listProfiles(vault.vaultFile)).filter((profile) =>
      context.config.profile === undefined ? profile.account === account : profile.name === context.config.profile);
    return profiles.flatMap((profile) => tokenAgeWarning({ profile: profile.name, rotatedAt: profile.rotatedAt }, new Date(), vault.maxTokenAgeDays) ?? []);
  } catch (error) {
    context.output.debug(`Token age not checked: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
