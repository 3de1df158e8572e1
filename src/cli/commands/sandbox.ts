import type { Json } from '../../json.js';
import { MigrateError } from '../../errors.js';
import { SandboxOptionError, startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle, SandboxOptions } from '../../sandbox/index.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../format-table.js';

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
}

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
      .example('$0 sandbox', 'Serve the default store and print its URL and keys')
      .example('$0 sandbox --json --port 8080 --orders 200000 --order-burst-day 2026-01-10', 'A large store; prints {"url","keys"} as one JSON line first')
      .example('$0 sandbox --fault-rate 0.05 --rate-limit-scale 0.01', 'A flaky, tightly rate-limited store'),
  run: async (args, { config, output, signal }) => {
    const sandbox = await start(sandboxOptions(args, config.account ?? 'sandbox'));
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

function sandboxOptions(args: SandboxArgs, account: string): SandboxOptions {
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
  };
}

async function start(options: SandboxOptions): Promise<SandboxHandle> {
  try {
    return await startSandbox(options);
  } catch (error) {
    if (error instanceof SandboxOptionError) throw new MigrateError('BAD_INPUT', error.message, { hint: 'Check the sandbox options (`vtex-migrate sandbox --help`).' });
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new MigrateError('USAGE', `Port ${options.port ?? 0} is already in use.`, { hint: 'Pick another --port, or 0 for a free one.', cause: error });
    throw error;
  }
}

function parseNow(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new MigrateError('BAD_INPUT', `--now is not a date: ${text}`, { hint: 'Give an ISO date such as 2026-06-15T12:00:00Z.' });
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
  lines.push(`Try: VTEX_ACCOUNT=${sandbox.options.account} VTEX_BASE_URL=${sandbox.url} VTEX_APP_KEY=${sandbox.key('full-read').appKey} VTEX_APP_TOKEN=... vtex-migrate extract`);
  return lines.join('\n');
}

function abortion(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
