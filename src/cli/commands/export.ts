import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve } from 'node:path';
import { checkRange, parseDateFlag } from '../../config/dates.js';
import { runClock, stagingPath } from '../../config/load-config.js';
import { MigrateError } from '../../errors.js';
import { EXPORT_GROUP_NAMES, tablesOf } from '../../export/export-entities.js';
import type { ExportGroup } from '../../export/export-entities.js';
import type { ExportPlan, ExportResult } from '../../export/exporter.js';
import { EXPORT_FORMATS } from '../../export/formats.js';
import type { ExportFormat } from '../../export/formats.js';
import { FieldSelection } from '../../export/fields.js';
import { prepareOutDir } from '../../export/out-dir.js';
import { PII_MODES } from '../../export/pii.js';
import type { PiiMode, PiiPolicy } from '../../export/pii.js';
import type { Json } from '../../json.js';
import { openStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { accountName } from '../account-name.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../format-table.js';
import { createExportProgress } from '../progress.js';
import { runTargetCommand, targetOptions } from './export-target.js';
import type { TargetArgs } from './export-target.js';

interface ExportArgs extends TargetArgs {
  entities: string[];
  format: string;
  out?: string;
  pii: string;
  piiSalt?: string;
  /** One comma-separated list, or several when the flag is repeated. */
  fields?: string | string[];
  since?: string;
  until?: string;
  rawCells?: boolean;
  excel?: boolean;
  sqlNames?: boolean;
}

export const exportCommand = defineCommand<ExportArgs>({
  command: 'export [entities..]',
  describe: 'Export the staging database to CSV (with child files to join), Parquet, JSON or NDJSON, streaming',
  builder: (yargs) =>
    targetOptions(yargs)
      .positional('entities', { describe: `What to export (default: all): ${EXPORT_GROUP_NAMES.join(', ')}, and changes (what refreshes found changed)`, type: 'string', array: true, choices: [...EXPORT_GROUP_NAMES, 'changes'], default: [] })
      .option('format', { type: 'string', choices: EXPORT_FORMATS, default: 'csv', describe: 'csv: one file per table, arrays of records in child files; parquet: the same tables, typed; json: one array; ndjson: one staged document per line' })
      .option('out', { type: 'string', describe: 'Directory of the files (default output/<account>/, or the staging file\'s directory)' })
      .option('pii', { type: 'string', choices: PII_MODES, default: 'keep', describe: 'Personal fields of customers, addresses and orders: keep, mask (j***@example.com), hash (salted SHA-256), drop' })
      .option('pii-salt', { type: 'string', describe: 'Salt of --pii hash (env VTEX_MIGRATE_PII_SALT; default: random per export). The same salt gives the same hashes across exports' })
      .option('fields', { type: 'string', describe: 'Only these columns / document paths: comma-separated dotted paths (e.g. id,email,clientProfileData); repeatable' })
      .option('since', { type: 'string', describe: 'Orders, customers and addresses created from this date (YYYY-MM-DD or ISO instant); the catalog is exported whole' })
      .option('until', { type: 'string', describe: 'Created before this date' })
      .option('raw-cells', { type: 'boolean', describe: 'CSV: do not neutralize cells starting with = + - @ tab or CR (spreadsheet formula injection)' })
      .option('excel', { type: 'boolean', describe: 'CSV: start each file with a UTF-8 BOM so Excel shows accents right' })
      .option('sql-names', { type: 'boolean', describe: 'Parquet: column names of letters, digits and _ only (clientProfileData.email -> clientProfileData__email), as BigQuery requires' })
      .example('$0 export --account acme', 'Everything as CSV into output/acme/')
      .example('$0 export orders --format ndjson --db staging.sqlite --out dump/', 'Orders, one document per line')
      .example('$0 export --format parquet --profile acme', 'Typed Parquet files for DuckDB, BigQuery, pandas, Power BI')
      .example('$0 export customers --pii hash --pii-salt "$SALT" --excel --account acme', 'Customers with personal fields hashed, for Excel')
      .epilogue('Reads only the staging database: no credentials, no API calls. Exit codes: 0 done; 2 bad flag, staging file or --out; 130 interrupted by Ctrl-C or SIGTERM (nothing written).'),
  run: async (args, context) => runExportCommand(args, context),
});

async function runExportCommand(args: ExportArgs, context: CommandContext): Promise<number> {
  if (args.target !== undefined) return runTargetCommand(args, context);
  const named = new Set(args.entities);
  const groups = (args.entities.length === 0 ? [...EXPORT_GROUP_NAMES] : [...named].filter((name) => name !== 'changes')) as ExportGroup[];
  const planWithoutDir = exportPlanFromArgs(args, groups, context);
  const account = await accountName(context);
  const file = stagingPath(context.config, account);
  const store = openStore(file, { mode: 'read' });
  try {
    const changes = named.has('changes') || (args.entities.length === 0 && store.changeCounts().length > 0);
    const outDir = args.out !== undefined ? resolve(context.config.cwd, args.out) : account ? join(context.config.cwd, 'output', account) : dirname(file);
    await prepareOutDir(outDir);
    const plan = { ...planWithoutDir, outDir, changes };
    context.output.info(`Exporting ${[...groups, ...(changes ? ['changes'] : [])].join(', ')} from ${file} as ${plan.format.toUpperCase()} into ${outDir}${plan.pii.mode === 'keep' ? '' : ` (personal fields: ${plan.pii.mode})`}`);
    const result = await runExportWithProgress(store, plan, context);
    for (const field of plan.fields?.unmatched() ?? []) context.output.warn(`--fields ${field} matched no column or path.`);
    context.output.result(exportResultJson(result, plan, file), () => renderExport(result, outDir, context.config.cwd));
    return EXIT.ok;
  } finally {
    store.close();
  }
}

/** Everything but the directory, validated before any file is opened. */
export function exportPlanFromArgs(args: ExportArgs, groups: readonly ExportGroup[], context: Pick<CommandContext, 'env'>): Omit<ExportPlan, 'outDir'> {
  const format = args.format as ExportFormat;
  if (format !== 'csv' && (args.excel || args.rawCells)) {
    throw new MigrateError('USAGE', `${args.excel ? '--excel' : '--raw-cells'} applies to CSV only.`, { hint: 'Drop it, or use --format csv.' });
  }
  if (format !== 'parquet' && args.sqlNames) throw new MigrateError('USAGE', '--sql-names applies to Parquet only.', { hint: 'Drop it, or use --format parquet.' });
  const since = parseDateFlag(args.since, '--since');
  const until = parseDateFlag(args.until, '--until');
  checkRange(since, until, runClock(context.env));
  return {
    tables: tablesOf(groups),
    format,
    range: { since, until },
    pii: piiPolicy(args.pii as PiiMode, args.piiSalt ?? nonEmpty(context.env.VTEX_MIGRATE_PII_SALT), args.piiSalt !== undefined),
    fields: FieldSelection.parse(args.fields === undefined ? undefined : [args.fields].flat()),
    rawCells: args.rawCells ?? false,
    excel: args.excel ?? false,
    sqlNames: args.sqlNames ?? false,
  };
}

function piiPolicy(mode: PiiMode, salt: string | undefined, saltFlag: boolean): PiiPolicy {
  if (saltFlag && mode !== 'hash') throw new MigrateError('USAGE', '--pii-salt applies to --pii hash only.', { hint: 'Add --pii hash, or drop --pii-salt.' });
  if (salt !== undefined && salt.length < 8) throw new MigrateError('USAGE', 'The --pii-salt is shorter than 8 characters.', { hint: 'Give a salt of 8 or more characters, e.g. from `openssl rand -hex 16`.' });
  return { mode, salt: salt ?? randomBytes(16).toString('hex') };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Runs the export with a progress bar on a terminal (plain lines otherwise), stopped however the export ends. */
export async function runExportWithProgress(store: Store, plan: ExportPlan, context: CommandContext): Promise<ExportResult> {
  const progress = createExportProgress(context.output);
  try {
    // Loaded here, not at start-up: every other command starts without the exporters.
    const { runExport } = await import('../../export/exporter.js');
    return await runExport(store, plan, context.signal, progress);
  } finally {
    progress.stop();
  }
}

export function exportResultJson(result: ExportResult, plan: ExportPlan, staging: string): Json {
  return {
    staging,
    outDir: plan.outDir,
    format: plan.format,
    pii: plan.pii.mode,
    since: plan.range.since === undefined ? null : new Date(plan.range.since).toISOString(),
    until: plan.range.until === undefined ? null : new Date(plan.range.until).toISOString(),
    files: result.files.map((file) => ({ table: file.table, entity: file.entity, file: file.file, rows: file.rows, ...(file.columns === undefined ? {} : { columns: file.columns }) })),
    elapsedMs: result.elapsedMs,
  };
}

export function renderExport(result: ExportResult, outDir: string, cwd: string): string {
  const rows = result.files.map((file) => [relative(outDir, file.file), String(file.rows), file.columns === undefined ? '-' : String(file.columns)]);
  const where = relative(cwd, outDir) || '.';
  return [formatTable(['file', 'rows', 'columns'], rows), '', `${result.files.length} files in ${where.startsWith('..') ? outDir : where}/, in ${(result.elapsedMs / 1000).toFixed(1)} s.`].join('\n');
}
