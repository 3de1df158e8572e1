import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadGlobalConfig, runClock, stagingPath } from '../../config/load-config.js';
import type { Env } from '../../config/load-config.js';
import { MigrateError } from '../../errors.js';
import { tablesOf } from '../../export/export-entities.js';
import type { ExportPlan, ExportResult } from '../../export/exporter.js';
import { prepareOutDir } from '../../export/out-dir.js';
import type { Json } from '../../json.js';
import type { SandboxHandle } from '../../sandbox/server.js';
import type { SandboxOptions } from '../../sandbox/options.js';
import { openStore } from '../../store/sqlite-store.js';
import { DEFAULT_EXTRACT_ENTITIES } from '../../streams/index.js';
import { INDEXING_LAG_MS } from '../../streams/orders.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { Output } from '../output.js';
import { exportResultJson, renderExport, runExportWithProgress } from './export.js';
import { runExtract } from './extract.js';

/** The demo store: small enough to finish in seconds, big enough to show windows, scrolls and child files. */
export const DEMO_SANDBOX = { account: 'demo', seed: 1, products: 200, customers: 1_000, orders: 2_000, rateLimitScale: 10 } as const satisfies SandboxOptions;

/**
 * The sandbox's ceilings are 10x VTEX's, so the pacing is raised to match (catalog 45,000/min, OMS 5,000 and
 * 6,000/min on a real store; Pricing 1,800/min and Logistics 3,000/min are this tool's stated defaults).
 */
export const DEMO_MAX_RPM = ['catalog=450000', 'oms-list=50000', 'oms-get=60000', 'pricing=18000', 'logistics=30000'];

export const demoCommand = defineCommand({
  command: 'demo',
  describe: 'Try everything without a VTEX account: start the built-in sandbox, check, extract, export CSV to output/demo/',
  builder: (yargs) =>
    yargs
      .option('images', { type: 'boolean', describe: 'Also download the SKU image files (into output/demo/images/)' })
      .example('$0 demo', 'Under 10 seconds; the files land in output/demo/')
      .epilogue('Writes output/demo/: staging.sqlite and the CSV files (with --images, images/ too). Each demo first deletes the previous demo\'s staging file and every .csv, .json, .ndjson and .parquet file in output/demo/ (other files stay); no credential is stored.'),
  run: async (args: { images?: boolean }, context) => runDemo(context, args.images ?? false),
});

async function runDemo(context: CommandContext, images: boolean): Promise<number> {
  const { config, output } = context;
  if (config.profile !== undefined || config.db !== undefined) {
    throw new MigrateError('USAGE', 'demo uses its own sandbox key and output/demo/; it takes no --profile or --db.', { hint: 'Run `vtex-migrate demo` alone.' });
  }
  const started = Date.now();
  const now = runClock(context.env);
  const outDir = join(config.cwd, 'output', DEMO_SANDBOX.account);
  const removed = clearDemoFiles(outDir);
  if (removed > 0) output.info(`Removed the ${removed} files of the previous demo from ${outDir} (the staging file and the exports); other files there are kept.`);
  output.info('Starting the VTEX sandbox (a local fake of the VTEX APIs) ...');
  const { startSandbox } = await import('../../sandbox/server.js');
  const sandbox = await startSandbox({ ...DEMO_SANDBOX, now: now - INDEXING_LAG_MS - 1_000 });
  try {
    output.info(`Sandbox at ${sandbox.url}: account "demo", ${DEMO_SANDBOX.products} products, ${DEMO_SANDBOX.customers} customers, ${DEMO_SANDBOX.orders} orders.`);
    output.info(`Its rate limits are raised ${DEMO_SANDBOX.rateLimitScale}x and so is the pacing (--max-rpm ${DEMO_MAX_RPM.join(' ')}); against a real store vtex-migrate keeps to VTEX's documented limits.`);
    const demo = demoContext(context, sandbox);
    const extractOutput = new CapturingOutput(output);
    const entities = images ? [...DEFAULT_EXTRACT_ENTITIES, 'images'] : [];
    const extractCode = await runExtract({ entities, fullRefresh: true, maxRpm: DEMO_MAX_RPM }, { ...demo, output: extractOutput });
    const staging = stagingPath(demo.config, DEMO_SANDBOX.account);
    const visibleOrders = sandbox.truth(['orders']).orders?.ids.length ?? 0;
    output.info(`orders: the sandbox made ${DEMO_SANDBOX.orders} orders over the last 2.2 years; OMS lists only the last two years, so ${visibleOrders} can be extracted and exported.`);
    const exported = await exportDemo(staging, outDir, context, images);
    const result = { sandbox: { url: sandbox.url, ...DEMO_SANDBOX }, extract: extractOutput.captured ?? null, export: exported.json, elapsedMs: Date.now() - started };
    output.result(result as Json, () => renderDemo(sandbox, exported.result, staging, outDir, config.cwd, Date.now() - started));
    return extractCode;
  } finally {
    await sandbox.close();
  }
}

/** Files the demo writes into its folder: the staging file (with its WAL, shared memory and lock) and the exports. */
const DEMO_FILE = /^(staging\.sqlite(-wal|-shm|\.lock)?|[^/]+\.(csv|json|ndjson|parquet))$/;

/** Every demo starts clean: the previous demo's files go; anything else a user put in the folder stays. */
function clearDemoFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  const files = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile() && DEMO_FILE.test(entry.name));
  for (const file of files) rmSync(join(dir, file.name), { force: true });
  return files.length;
}

/** The demo's own config and env: the sandbox's full-read key in memory, nothing read from or written to the vault. */
function demoContext(context: CommandContext, sandbox: SandboxHandle): CommandContext {
  const key = sandbox.key('full-read');
  const env: Env = { ...context.env, VTEX_ACCOUNT: DEMO_SANDBOX.account, VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken, VTEX_BASE_URL: sandbox.url };
  const { json, quiet, verbose, cwd } = context.config;
  return { ...context, env, config: loadGlobalConfig({ json, quiet, verbose }, env, cwd) };
}

async function exportDemo(staging: string, outDir: string, context: CommandContext, images: boolean): Promise<{ result: ExportResult; json: Json }> {
  const plan: ExportPlan = {
    tables: tablesOf(['products', 'customers', 'orders', 'prices', 'inventory', ...(images ? (['images'] as const) : [])]), format: 'csv', outDir, range: {}, pii: { mode: 'keep', salt: '' }, fields: undefined, rawCells: false, excel: false,
  };
  const store = openStore(staging, { mode: 'read' });
  try {
    await prepareOutDir(outDir);
    context.output.info(`Exporting CSV into ${outDir} ...`);
    const result = await runExportWithProgress(store, plan, context);
    return { result, json: exportResultJson(result, plan, staging) };
  } finally {
    store.close();
  }
}

function renderDemo(sandbox: SandboxHandle, exported: ExportResult, staging: string, outDir: string, cwd: string, elapsedMs: number): string {
  const show = (path: string) => (relative(cwd, path).startsWith('..') ? path : relative(cwd, path));
  return [
    '',
    renderExport(exported, outDir, cwd),
    '',
    `Demo done in ${(elapsedMs / 1000).toFixed(1)} s:`,
    `  1. started the VTEX sandbox at ${sandbox.url} (stopped again; no credential was stored: its key stayed in memory),`,
    '  2. checked the key\'s permissions, then extracted the catalog, customers, orders, prices and inventory with paced, checkpointed requests,',
    `  3. staged everything in ${show(staging)} (query it with SQLite or DuckDB; \`vtex-migrate status --db ${show(staging)}\`),`,
    `  4. exported ${exported.files.length} CSV files to ${show(outDir)}/ (child files such as order_items.csv join on order_id).`,
    `Shopify or WooCommerce: \`vtex-migrate export --target shopify --db ${show(staging)}\` writes import files and left-behind.csv into ${show(join(dirname(staging), 'shopify'))}/ (see "Migrating to Shopify" in README.md).`,
    'Next: a real store. See "Using it on a real store" in README.md (auth add, auth check, extract, export).',
  ].join('\n');
}

/** Prints a result's human text like Output does, but keeps the data, so `demo --json` prints one document. */
class CapturingOutput extends Output {
  captured: Json | undefined;

  constructor(output: Output) {
    super(output.stdout, output.stderr, output.mode);
  }

  override result(data: Json, human: () => string): void {
    this.captured = data;
    if (!this.mode.json) this.stdout.write(`${human()}\n`);
  }
}
