import type { Json } from '../../json.js';
import { MigrateError } from '../../errors.js';
import type { InventoryMissingMode, SandboxHandle, SandboxOptionError, SandboxOptions } from '../../sandbox/index.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../format-table.js';
import type { Output } from '../output.js';

interface SandboxArgs {
  port: number;
  seed: string;
  now?: string;
  products: number;
  brands: number;
  customers: number;
  orders: number;
  heavyOrderShare?: number;
  latencyMs: number;
  faultRate: number;
  serverErrorRate?: number;
  resetRate?: number;
  truncateRate?: number;
  slowRate?: number;
  slowMs: number;
  rateLimitScale: number;
  rateLimitBurstMs: number;
  retryAfter: 'always' | 'never' | 'random';
  scrollIdleMs: number;
  orderBurstDay?: string;
  orderBurstCount: number;
  customerBurstDay?: string;
  customerBurstCount: number;
  privateFields: boolean;
  productIdsOverLimit: 'truncate' | 'error';
  omsPageBeyondStatus: number;
  loginFailureStatus: number;
  pricingPerMinute: number;
  orderDriftPerMinute: number;
  logisticsPerMinute: number;
  imagesPerMinute: number;
  imageConcurrency: number;
  inventoryMissing: InventoryMissingMode;
  faultEndpoints?: string[];
  printEnv: boolean;
  envKey: string;
}

/** The CLI flag of a startSandbox option, for error messages. */
const FLAG_OF: Record<string, string> = {
  'faultRates.serverError': '--server-error-rate',
  'faultRates.reset': '--reset-rate',
  'faultRates.truncate': '--truncate-rate',
  'faultRates.slow': '--slow-rate',
  faultRates: 'The fault rates (--fault-rate, --server-error-rate, --reset-rate, --truncate-rate, --slow-rate)',
  masterDataPrivateFields: '--private-fields',
  account: 'The account (--account or VTEX_ACCOUNT)',
};

export const sandboxCommand = defineCommand<SandboxArgs>({
  command: 'sandbox',
  describe: 'Serve a fake VTEX store on 127.0.0.1 (Catalog, Master Data, OMS, VTEX ID, License Manager) for trying and testing extractions',
  builder: (yargs) =>
    yargs
      .option('port', { type: 'number', default: 0, describe: 'TCP port on 127.0.0.1 (0 picks a free one)' })
      .option('seed', { type: 'string', default: '1', describe: 'Dataset seed: the same seed and counts always give the same store' })
      .option('now', { type: 'string', describe: 'The sandbox clock as an ISO date (default: real time); dates and the two-year order window follow it' })
      .option('products', { type: 'number', default: 500, describe: 'Number of products (each with 0-8 SKUs)' })
      .option('brands', { type: 'number', default: 25, describe: 'Number of brands' })
      .option('customers', { type: 'number', default: 1000, describe: 'Number of CL documents (each with 0-3 AD addresses)' })
      .option('orders', { type: 'number', default: 2000, describe: 'Number of orders over ~2.2 years (those older than two years are invisible)' })
      .option('heavy-order-share', { type: 'number', describe: 'Share (0-1) of orders with 200-600 items and large text fields (default: about 1 in 500 with 150-400 items)' })
      .option('latency-ms', { type: 'number', default: 0, describe: 'Delay added to every response' })
      .option('fault-rate', { type: 'number', default: 0, describe: 'Share of requests (0-1) that fail, split evenly between 5xx, connection resets and truncated JSON bodies' })
      .option('server-error-rate', { type: 'number', describe: 'Share of requests answered 500/502/503/504 (overrides --fault-rate for this kind)' })
      .option('reset-rate', { type: 'number', describe: 'Share of requests whose connection is reset (overrides --fault-rate for this kind)' })
      .option('truncate-rate', { type: 'number', describe: 'Share of requests answered with a cut JSON body (overrides --fault-rate for this kind)' })
      .option('slow-rate', { type: 'number', describe: 'Share of requests answered only after --slow-ms (default 0)' })
      .option('slow-ms', { type: 'number', default: 30_000, describe: 'Delay of a slow response' })
      .option('rate-limit-scale', { type: 'number', default: 1, describe: 'Multiplies VTEX\'s documented rate ceilings (Catalog 45,000/min per account and 15,000/min per endpoint, Get order 6,000/min)' })
      .option('rate-limit-burst-ms', { type: 'number', default: 1000, describe: 'Token bucket capacity, in milliseconds of the ceiling rate' })
      .option('retry-after', { choices: ['always', 'never', 'random'] as const, default: 'always' as const, describe: 'Whether 429 answers carry Retry-After' })
      .option('scroll-idle-ms', { type: 'number', default: 1_200_000, describe: 'Master Data scroll token lifetime without use (VTEX: 20 minutes)' })
      .option('order-burst-day', { type: 'string', describe: 'Put --order-burst-count orders on this UTC day (YYYY-MM-DD), so clients must split below a day' })
      .option('order-burst-count', { type: 'number', default: 3500, describe: 'Orders on --order-burst-day' })
      .option('customer-burst-day', { type: 'string', describe: 'Put --customer-burst-count customers\' createdIn on this UTC day (YYYY-MM-DD)' })
      .option('customer-burst-count', { type: 'number', default: 12_000, describe: 'Customers on --customer-burst-day' })
      .option('private-fields', { type: 'boolean', default: false, describe: 'Make CL document, phone, homePhone and birthDate private: _fields=_all or naming them answers 403' })
      .option('product-ids-over-limit', { choices: ['truncate', 'error'] as const, default: 'truncate' as const, describe: 'GetProductAndSkuIds asked for more than 250: serve the first 250 silently, or answer 400' })
      .option('oms-page-beyond-status', { type: 'number', default: 400, describe: 'Status of an OMS list page beyond 30' })
      .option('login-failure-status', { type: 'number', default: 401, describe: 'Status of a failed app-token login' })
      .option('order-drift-per-minute', { type: 'number', default: 0, describe: 'Orders whose status moves on by themselves each minute (lastChange too), to try `extract orders --refresh` against a store that changes' })
      .option('pricing-per-minute', { type: 'number', default: 3_000, describe: 'Pricing reads per minute (VTEX: "under review"; 0 = unlimited); every Pricing answer carries Ratelimit-* headers' })
      .option('logistics-per-minute', { type: 'number', default: 6_000, describe: 'Logistics reads per minute (undocumented by VTEX; 0 = unlimited)' })
      .option('images-per-minute', { type: 'number', default: 6_000, describe: 'Image file requests per minute (0 = unlimited)' })
      .option('image-concurrency', { type: 'number', default: 8, describe: 'Image requests in flight at once; more answer 429 (0 = unlimited)' })
      .option('inventory-missing', { choices: ['empty', '404'] as const, default: 'empty' as const, describe: 'A SKU without inventory answers 200 {"balance": []} or 404 (undocumented by VTEX)' })
      .option('fault-endpoints', { type: 'string', array: true, describe: 'Only these endpoints fail (names as in the README, e.g. images.file pricing.price)' })
      .option('print-env', { type: 'boolean', default: false, describe: 'Print export lines (VTEX_ACCOUNT, VTEX_BASE_URL, VTEX_APP_KEY, VTEX_APP_TOKEN) for the sandbox on --port with these options, for eval, and exit' })
      .option('env-key', { type: 'string', default: 'full-read', describe: 'The key --print-env exports' })
      .example('$0 sandbox', 'Serve the default store and print its URL and keys')
      .example('$0 sandbox --json --port 8080 --orders 200000 --order-burst-day 2026-01-10', 'A large store; prints {"url","keys"} as one JSON line first')
      .example('$0 sandbox --fault-rate 0.05 --rate-limit-scale 0.01', 'A flaky, tightly rate-limited store')
      .example('$0 sandbox --port 8080 & eval "$($0 sandbox --port 8080 --print-env)"', 'Serve in the background and put its URL and full-read key into the environment'),
  run: async (args, { config, output, signal }) => {
    // Loaded here, not at the top: no other command pays for the sandbox's modules at its start.
    const sandboxModule = await import('../../sandbox/index.js');
    const options = sandboxOptions(sandboxModule, args, config.account ?? 'sandbox');
    if (args.printEnv) return printEnv(sandboxModule, args, options, output);
    const sandbox = await start(sandboxModule, options);
    try {
      output.result(summaryJson(sandbox), () => renderSummary(sandbox));
      output.info('Serving until Ctrl-C (or SIGTERM).');
      await abortion(signal);
    } finally {
      await sandbox.close();
    }
    return EXIT.ok;
  },
});

type SandboxModule = typeof import('../../sandbox/index.js');

function sandboxOptions(sandboxModule: SandboxModule, args: SandboxArgs, account: string): SandboxOptions {
  checked(sandboxModule, () => sandboxModule.checkNumber('--fault-rate', args.faultRate, { min: 0, max: 1 }));
  const split = args.faultRate / 3;
  return {
    port: args.port,
    seed: /^\d+$/.test(args.seed) ? Number(args.seed) : args.seed,
    now: args.now === undefined ? undefined : parseNow(args.now),
    account,
    products: args.products,
    brands: args.brands,
    customers: args.customers,
    orders: args.orders,
    heavyOrderShare: args.heavyOrderShare,
    latencyMs: args.latencyMs,
    faultRates: { serverError: args.serverErrorRate ?? split, reset: args.resetRate ?? split, truncate: args.truncateRate ?? split, slow: args.slowRate ?? 0 },
    slowMs: args.slowMs,
    rateLimitScale: args.rateLimitScale,
    rateLimitBurstMs: args.rateLimitBurstMs,
    retryAfter: args.retryAfter,
    scrollIdleMs: args.scrollIdleMs,
    orderBurst: args.orderBurstDay === undefined ? undefined : { day: args.orderBurstDay, count: args.orderBurstCount },
    customerBurst: args.customerBurstDay === undefined ? undefined : { day: args.customerBurstDay, count: args.customerBurstCount },
    masterDataPrivateFields: args.privateFields,
    productIdsOverLimit: args.productIdsOverLimit,
    omsPageBeyondStatus: args.omsPageBeyondStatus,
    loginFailureStatus: args.loginFailureStatus,
    pricingPerMinute: args.pricingPerMinute,
    orderDriftPerMinute: args.orderDriftPerMinute,
    logisticsPerMinute: args.logisticsPerMinute,
    imagesPerMinute: args.imagesPerMinute,
    imageConcurrency: args.imageConcurrency,
    inventoryMissing: args.inventoryMissing,
    faultEndpoints: args.faultEndpoints,
  };
}

async function start(sandboxModule: SandboxModule, options: SandboxOptions): Promise<SandboxHandle> {
  try {
    return await sandboxModule.startSandbox(options);
  } catch (error) {
    if (error instanceof sandboxModule.SandboxOptionError) throw flagError(error);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new MigrateError('USAGE', `Port ${options.port ?? 0} is already in use.`, { hint: 'Pick another --port, or 0 for a free one.', cause: error });
    if (code === 'EACCES') throw new MigrateError('USAGE', `Port ${options.port ?? 0} needs more privileges than this user has.`, { hint: 'Pick a port above 1023, or 0 for a free one.', cause: error });
    throw error;
  }
}

/** Runs `action`, turning a SandboxOptionError into one line that names the CLI flag (exit 2). */
function checked<T>(sandboxModule: SandboxModule, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw error instanceof sandboxModule.SandboxOptionError ? flagError(error) : error;
  }
}

function flagError(error: SandboxOptionError): MigrateError {
  const flag = FLAG_OF[error.option] ?? (error.option.startsWith('--') ? error.option : `--${error.option.replace(/\./g, '-').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
  return new MigrateError('BAD_INPUT', `${flag} ${error.detail}`, { hint: 'Check the sandbox options (`vtex-migrate sandbox --help`).' });
}

/**
 * The environment for the sandbox that serves on --port with the same options: keys are derived from the
 * account and seed, so this needs no running sandbox (and so can be eval'ed while one serves).
 */
function printEnv(sandboxModule: SandboxModule, args: SandboxArgs, options: SandboxOptions, output: Output): number {
  if (args.port === 0) throw new MigrateError('USAGE', '--print-env needs the --port the sandbox serves on.', { hint: 'Start the sandbox with --port N and pass the same --port (and --seed, --account) with --print-env.' });
  const keys = checked(sandboxModule, () => sandboxModule.sandboxKeys(options));
  const key = keys.find((candidate) => candidate.name === args.envKey);
  if (!key) throw new MigrateError('USAGE', `--env-key ${args.envKey} is not a sandbox key.`, { hint: `Name one of: ${keys.map((candidate) => candidate.name).join(', ')}.` });
  const env = { VTEX_ACCOUNT: options.account ?? 'sandbox', VTEX_BASE_URL: `http://127.0.0.1:${args.port}`, VTEX_APP_KEY: key.appKey, VTEX_APP_TOKEN: key.appToken };
  output.stdout.write(Object.entries(env).map(([name, value]) => `export ${name}='${value}'\n`).join(''));
  return EXIT.ok;
}

function parseNow(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new MigrateError('BAD_INPUT', `--now is not a date (got ${text}).`, { hint: 'Give an ISO date such as 2026-06-15T12:00:00Z.' });
  return ms;
}

function summaryJson(sandbox: SandboxHandle): Json {
  return { url: sandbox.url, keys: sandbox.keys.map((key) => ({ name: key.name, appKey: key.appKey, appToken: key.appToken, resources: [...key.resources] })) };
}

function renderSummary(sandbox: SandboxHandle): string {
  const lines = [`VTEX sandbox at ${sandbox.url} (account ${sandbox.options.account}, seed ${sandbox.options.seed})`, ''];
  lines.push(formatTable(['key', 'app key', 'app token'], sandbox.keys.map((key) => [key.name, key.appKey, key.appToken])), '', 'License Manager resources:');
  for (const key of sandbox.keys) lines.push(`  ${key.name}: ${key.resources.join(', ')}`);
  lines.push('');
  const { account, seed } = sandbox.options;
  lines.push(`Its environment (URL and full-read key), for another shell: eval "$(npx vtex-migrate sandbox --port ${sandbox.port} --seed ${shellWord(String(seed))} --account ${account} --print-env)"`);
  return lines.join('\n');
}

/** A word for a POSIX shell: as is when plain, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w.-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function abortion(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
