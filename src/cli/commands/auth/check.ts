import { checkAccess } from '../../../credentials/access-check.js';
import type { AccessReport } from '../../../credentials/access-check.js';
import { ENTITIES } from '../../../credentials/requirements.js';
import type { Entity } from '../../../credentials/requirements.js';
import type { RetrySettings } from '../../../vtex/retry-policy.js';
import { defineCommand } from '../../command.js';
import { EXIT } from '../../exit-codes.js';
import { connect } from '../../connect.js';
import { accessReportJson, renderAccessReport } from './render-access-report.js';

interface CheckArgs {
  entities?: Entity[];
  roles?: boolean;
}

/** A check answers in seconds: a few quick retries, not a run's patience. */
const CHECK_RETRY: RetrySettings = { maxAttempts: 3, maxRateLimitedAttempts: 5, baseDelayMs: 200, maxDelayMs: 2_000, maxRetryAfterMs: 5_000, maxRateLimitedWaitMs: 20_000 };

export const EXIT_OF_VERDICT: Record<AccessReport['verdict'], number> = {
  ok: EXIT.ok,
  rejected: EXIT.credentials,
  missing: EXIT.permissions,
  inconclusive: EXIT.internal,
};

export const authCheckCommand = defineCommand<CheckArgs>({
  command: 'check [entities..]',
  describe: 'Log in and probe one read per capability the entities need: what is granted, what to grant in License Manager',
  builder: (yargs) =>
    yargs
      .positional('entities', { type: 'string', array: true, choices: ENTITIES, describe: 'Entities to check (default: all)' })
      .option('roles', { type: 'boolean', default: true, describe: "Also list the key's roles when it may read them (--no-roles to skip)" })
      .example('$0 auth check --profile acme-prod', 'Everything an extraction of products, customers and orders needs')
      .example('$0 auth check orders --json', 'Orders only, as data (env VTEX_ACCOUNT / VTEX_APP_KEY / VTEX_APP_TOKEN)')
      .epilogue('Exit codes: 0 all granted, 3 credentials rejected, 4 something missing, 1 a probe failed (network or server).'),
  run: async (args, context) => {
    const entities = args.entities && args.entities.length > 0 ? args.entities : [...ENTITIES];
    const { credentials, client } = await connect(context, { retry: CHECK_RETRY, timeoutMs: 15_000 });
    let report: AccessReport;
    try {
      report = await checkAccess(client, entities, { credentials: { appKey: credentials.appKey, appToken: credentials.appToken }, roles: args.roles !== false });
    } finally {
      await client.close();
    }
    const exitCode = EXIT_OF_VERDICT[report.verdict];
    for (const warning of report.warnings) context.output.warn(warning);
    context.output.result(accessReportJson(report, credentials, exitCode), () => renderAccessReport(report, credentials));
    return exitCode;
  },
});
