import { dirname, join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { checkRange, parseDateFlag } from '../../config/dates.js';
import { runClock, stagingPath } from '../../config/load-config.js';
import { MigrateError } from '../../errors.js';
import { prepareOutDir } from '../../export/out-dir.js';
import type { Json } from '../../json.js';
import { openStore } from '../../store/sqlite-store.js';
import { SHOPIFY_TEMPLATES } from '../../targets/shopify/product-columns.js';
import type { ShopifyTemplate } from '../../targets/shopify/product-columns.js';
import { TARGET_GROUPS, TARGETS } from '../../targets/target-plan.js';
import type { Target, TargetGroup, TargetPlan, TargetResult } from '../../targets/target-plan.js';
import { accountName } from '../account-name.js';
import type { CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../format-table.js';

export interface TargetArgs {
  entities: string[];
  target?: string;
  format: string;
  out?: string;
  pii: string;
  fields?: string | string[];
  since?: string;
  until?: string;
  excel?: boolean;
  shopifyTemplate: string;
  priceTable: string;
  warehouse?: string;
  imageBaseUrl?: string;
}

/** The flags of `export --target` (a block of its own: the flattened export's flags live in export.ts). */
export function targetOptions(yargs: Argv): Argv {
  return yargs
    .option('target', { type: 'string', choices: TARGETS, describe: 'Write import-ready files for this platform into output/<account>/<target>/ (and left-behind.csv): values exactly as the importer documents them, never formula-quoted, no BOM unless --excel' })
    .option('shopify-template', { type: 'string', choices: SHOPIFY_TEMPLATES, default: 'current', describe: '--target shopify: products.csv with the current 57-column header or the legacy 51-column one (Handle, Body (HTML), ...)' })
    .option('price-table', { type: 'string', default: '1', describe: '--target: the trade policy (price table) whose fixed price is the price; else the base price' })
    .option('warehouse', { type: 'string', describe: '--target: count stock in this warehouse only (default: every active warehouse)' })
    .option('image-base-url', { type: 'string', describe: '--target: image URLs are this URL + the downloaded image\'s path (re-hosted copies of output/<account>/images/); default the VTEX URLs' })
    .example('$0 export --target shopify --account acme', 'products.csv, customers.csv, redirects.csv, orders.csv (Matrixify) and left-behind.csv for Shopify')
    .example('$0 export products --target woocommerce --price-table 2 --account acme', 'products.csv for WooCommerce\'s importer, priced from trade policy 2');
}

export async function runTargetCommand(args: TargetArgs, context: CommandContext): Promise<number> {
  const planWithoutDir = targetPlanFromArgs(args, context);
  const account = await accountName(context);
  const file = stagingPath(context.config, account);
  const store = openStore(file, { mode: 'read' });
  try {
    const base = args.out !== undefined ? resolve(context.config.cwd, args.out) : join(account ? join(context.config.cwd, 'output', account) : dirname(file), planWithoutDir.target);
    await prepareOutDir(base);
    const plan: TargetPlan = { ...planWithoutDir, outDir: base };
    context.output.info(`Exporting ${[...plan.groups].join(', ')} from ${file} for ${plan.target} into ${base}`);
    const source = store.targetSource();
    checkWarehouse(plan.policy.warehouse, source.warehouses().map((warehouse) => warehouse.id));
    const snapshot = store.beginSnapshot();
    const { runTargetExport } = await import('../../targets/run-target.js');
    const result = await runTargetExport(source, plan, context.signal).finally(() => snapshot.end());
    context.output.result(targetResultJson(result, plan, file), () => renderTarget(result, plan, context.config.cwd));
    if (result.missing.length === 0) return EXIT.ok;
    throw new MigrateError('RUN_INCOMPLETE', `The staging file holds no ${result.missing.join(', ')}, which ${plan.target} needs; the files that need them were not written.`, {
      hint: `Run \`vtex-migrate extract ${result.missing.join(' ')}\`, then export again.`,
    });
  } finally {
    store.close();
  }
}

function targetPlanFromArgs(args: TargetArgs, context: Pick<CommandContext, 'env'>): Omit<TargetPlan, 'outDir'> {
  const target = args.target as Target;
  if (args.format !== 'csv') throw new MigrateError('USAGE', '--format applies to the flattened export, not to --target.', { hint: 'Drop --format; target files are CSV.' });
  if (args.pii !== 'keep' || args.fields !== undefined) throw new MigrateError('USAGE', `${args.fields !== undefined ? '--fields' : '--pii'} applies to the flattened export, not to --target.`, { hint: 'Drop it: an import file keeps the fields its platform imports.' });
  const other = args.entities.find((entity) => !TARGET_GROUPS.includes(entity as TargetGroup));
  if (other !== undefined) throw new MigrateError('USAGE', `export --target takes products, customers or orders, not ${other}.`, { hint: 'products brings its prices, inventory and images along; name only products, customers or orders.' });
  const groups = new Set((args.entities.length > 0 ? args.entities : target === 'woocommerce' ? ['products'] : TARGET_GROUPS) as TargetGroup[]);
  if (target === 'woocommerce' && (groups.has('customers') || groups.has('orders'))) {
    throw new MigrateError('USAGE', 'WooCommerce\'s built-in importer takes products only.', { hint: 'Run `export products --target woocommerce`; customers and orders go through WooCommerce\'s REST API or a plugin.' });
  }
  if (target !== 'shopify' && args.shopifyTemplate !== 'current') throw new MigrateError('USAGE', '--shopify-template applies to --target shopify only.', { hint: 'Drop it, or use --target shopify.' });
  const since = parseDateFlag(args.since, '--since');
  const until = parseDateFlag(args.until, '--until');
  checkRange(since, until, runClock(context.env));
  return {
    target,
    groups,
    bom: args.excel ?? false,
    template: args.shopifyTemplate as ShopifyTemplate,
    range: { since, until },
    policy: { priceTable: nonEmptyFlag(args.priceTable, '--price-table'), warehouse: args.warehouse === undefined ? undefined : nonEmptyFlag(args.warehouse, '--warehouse'), imageBaseUrl: imageBaseUrl(args.imageBaseUrl) },
  };
}

function checkWarehouse(warehouse: string | undefined, staged: readonly string[]): void {
  if (warehouse === undefined || staged.includes(warehouse)) return;
  throw new MigrateError('BAD_INPUT', `--warehouse ${JSON.stringify(warehouse)} is not a staged warehouse (${staged.length === 0 ? 'none is staged' : staged.join(', ')}).`, {
    hint: staged.length === 0 ? 'Run `vtex-migrate extract inventory` first, or drop --warehouse.' : 'Pass one of those ids (they are case-sensitive), or drop --warehouse to count every active one.',
  });
}

function nonEmptyFlag(value: string, flag: string): string {
  if (value.trim() === '') throw new MigrateError('USAGE', `${flag} is empty.`, { hint: `Give ${flag} a value, e.g. ${flag} 1.` });
  return value.trim();
}

function imageBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MigrateError('BAD_INPUT', `--image-base-url ${JSON.stringify(value)} is not a URL.`, { hint: 'Give the absolute https URL where the images folder is hosted, e.g. https://cdn.example.com/acme/images.' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MigrateError('BAD_INPUT', `--image-base-url must be an http(s) URL, not ${url.protocol}.`, { hint: 'Give the https URL where the images are hosted.' });
  return value.replace(/\/+$/, '');
}

function targetResultJson(result: TargetResult, plan: TargetPlan, staging: string): Json {
  return {
    staging,
    target: plan.target,
    outDir: plan.outDir,
    files: result.files.map((file) => ({ name: file.name, file: file.file, rows: file.rows })),
    leftBehind: result.reasons.map((reason) => ({ entity: reason.entity, field: reason.field, lines: reason.lines })),
    missing: result.missing,
  };
}

function renderTarget(result: TargetResult, plan: TargetPlan, cwd: string): string {
  const files = formatTable(['file', 'rows'], result.files.map((file) => [file.name, String(file.rows)]));
  const reasons = result.reasons.length === 0 ? 'Nothing was left behind.' : formatTable(['left behind: entity', 'field or reason', 'lines'], result.reasons.map((reason) => [reason.entity, reason.field, String(reason.lines)]));
  const where = relative(cwd, plan.outDir) || '.';
  return [files, '', reasons, '', `${result.files.length} files in ${where.startsWith('..') ? plan.outDir : where}/; every line of left-behind.csv says what did not reach ${plan.target} and why.`].join('\n');
}
