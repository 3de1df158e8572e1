import { existsSync } from 'node:fs';
import { positiveInteger, familyLimits } from '../../config/rate-overrides.js';
import { runClock, stagingPath } from '../../config/load-config.js';
import { preflight } from '../../credentials/access-check.js';
import type { Entity } from '../../credentials/requirements.js';
import type { Json } from '../../json.js';
import { runExtraction } from '../../runner/run-extraction.js';
import { acquireRunLock } from '../../store/run-lock.js';
import { openStore } from '../../store/sqlite-store.js';
import { DEFAULT_EXTRACT_ENTITIES, EXTRACT_ENTITIES, streamsFor } from '../../streams/index.js';
import type { StreamOptions } from '../../streams/stream.js';
import { checkRange, parseDateFlag, parseDurationFlag } from '../../config/dates.js';
import type { VtexClient } from '../../vtex/client.js';
import type { ImageDownloader } from '../../vtex/image-download.js';
import { Pacer } from '../../vtex/pacing.js';
import { DEFAULT_RETRY } from '../../vtex/retry-policy.js';
import { MigrateError } from '../../errors.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { connect } from '../connect.js';
import { EXIT } from '../exit-codes.js';
import { createProgress } from '../progress.js';
import { dryRun, renderResult } from './extract-report.js';
import { openImageDownloader, priceNotFoundFlag } from './extract-images.js';

export interface ExtractArgs {
  entities: string[];
  fullRefresh?: boolean;
  refresh?: boolean;
  feed?: boolean;
  dryRun?: boolean;
  limit?: number;
  skipCheck?: boolean;
  maxRpm?: string[];
  concurrency?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  since?: string;
  until?: string;
  lookback?: string;
  price404?: string;
  imagesDir?: string;
}

export const extractCommand = defineCommand<ExtractArgs>({
  command: 'extract [entities..]',
  describe: 'Extract products (with SKUs, categories, brands), customers (with addresses), orders, prices and inventory (and, when named, the image files) into the staging database, resumably',
  builder: (yargs) =>
    yargs
      .positional('entities', { describe: `What to extract (default: all but images): ${EXTRACT_ENTITIES.join(', ')}`, type: 'string', array: true, choices: EXTRACT_ENTITIES, default: [] })
      .option('full-refresh', { type: 'boolean', describe: 'Empty the staged tables of these entities and start over' })
      .option('refresh', { type: 'boolean', describe: 'Cutover: list every staged orders window again and fetch only the orders whose status, totals or dates changed (and new ones); customers and addresses changed since the last run. Every change goes to the changes table' })
      .option('feed', { type: 'boolean', describe: 'Orders: use the Orders Feed v3 as the change source (configures a feed for this app key if it has none: needs "Feed v3 and Hook Admin"; a feed is shared by every user of the key). Falls back to --refresh\'s listing when the feed does not reach back to the last run' })
      .option('dry-run', { type: 'boolean', describe: 'Check access and count what would be fetched; write nothing' })
      .option('limit', { type: 'number', describe: 'Sample: stop after N records per stream (the run is marked as a sample)' })
      .option('skip-check', { type: 'boolean', describe: 'Do not probe the key\'s permissions before starting' })
      .option('max-rpm', { type: 'string', array: true, describe: 'Cap requests/min: N for every API family, or FAMILY=N (catalog, masterdata, oms-list, oms-get, pricing, logistics, images)' })
      .option('price-404', { type: 'string', choices: ['no-price', 'error'], describe: 'What a 404 of a SKU\'s price means: no price registered (default; a row with raw NULL), or a failure (a dead letter)' })
      .option('images-dir', { type: 'string', describe: 'Where `extract images` puts the files (default: images/ next to the staging database, output/<account>/images)' })
      .option('concurrency', { type: 'number', describe: 'Cap requests in flight per API family' })
      .option('since', { type: 'string', describe: 'Orders and customers created (or, on later runs, changed) from this date: YYYY-MM-DD or ISO instant. Orders default to two years back, all VTEX keeps' })
      .option('until', { type: 'string', describe: 'Up to this date (default: now; orders: now minus 5 minutes of indexing lag)' })
      .option('lookback', { type: 'string', describe: 'On a follow-up run, look back this far before the last high-water mark (default 2d)' })
      .option('timeout-ms', { type: 'number', describe: 'Per-request timeout before a retry (default 30000)' })
      .option('max-attempts', { type: 'number', describe: 'Attempts per request on failures (5xx, resets, timeouts, bad bodies) before it becomes a dead letter (default 8; 429s have a budget of their own)' })
      .example('$0 extract --profile acme', 'Everything, at VTEX\'s rate ceilings; run again to resume after an interruption')
      .example('$0 extract products --profile acme --limit 100', 'A 100-record sample of the catalog')
      .example('$0 extract --profile acme --dry-run', 'Check the key and count what a run would fetch')
      .example('$0 extract images --profile acme', 'Download every SKU image original once (after products are staged)')
      .example('$0 extract orders --refresh --profile acme', 'At cutover: fetch only the orders that changed since they were staged; `status` lists the changes')
      .example('$0 extract orders --feed --profile acme', 'The same, reading changes from the Orders Feed v3 when it covers the time since the last run')
      .epilogue('Exit codes: 0 complete; 3 credentials rejected; 4 permission missing; 5 incomplete (dead letters or counts short: run again to retry them); 130 interrupted (run again to resume).'),
  run: async (args, context) => runExtract(args, context),
});

const ADDRESS_FILTER_NOTE = 'addresses: --since/--until select addresses by their own creation date (createdIn), as for customers, so an old customer\'s new address comes without its customer and the reverse; `status` counts addresses without a staged customer.';

export async function runExtract(args: ExtractArgs, context: CommandContext): Promise<number> {
  const entities = (args.entities.length === 0 ? [...DEFAULT_EXTRACT_ENTITIES] : [...new Set(args.entities)]) as Entity[];
  const limit = positiveInteger(args.limit, '--limit');
  const now = runClock(context.env);
  const since = parseDateFlag(args.since, '--since');
  const until = parseDateFlag(args.until, '--until');
  const lookbackMs = parseDurationFlag(args.lookback, '--lookback');
  checkRange(since, until, now);
  if (args.refresh && args.fullRefresh) throw new MigrateError('USAGE', '--refresh and --full-refresh cannot be combined.', { hint: 'Use --refresh to fetch what changed, or --full-refresh to start over.' });
  if (args.feed && !entities.includes('orders')) throw new MigrateError('USAGE', '--feed applies to orders only.', { hint: 'Run `extract orders --feed`.' });
  if (args.feed && args.fullRefresh) throw new MigrateError('USAGE', '--feed and --full-refresh cannot be combined.', { hint: 'Drop --full-refresh; --feed fetches what changed.' });
  const streamOptions: StreamOptions = {
    limit, since, until, lookbackMs, now, priceNotFound: priceNotFoundFlag(args.price404), refresh: (args.refresh ?? false) || (args.feed ?? false), feed: args.feed ?? false,
  };
  const timeoutMs = positiveInteger(args.timeoutMs, '--timeout-ms');
  const pacer = new Pacer(familyLimits(args.maxRpm ?? [], positiveInteger(args.concurrency, '--concurrency')));
  const abort = new AbortController();
  const signal = AbortSignal.any([context.signal, abort.signal]);
  const maxAttempts = positiveInteger(args.maxAttempts, '--max-attempts');
  const retry = maxAttempts === undefined ? DEFAULT_RETRY : { ...DEFAULT_RETRY, maxAttempts };
  const { credentials, client } = await connect({ ...context, signal }, { pacer, retry, ...(timeoutMs ? { timeoutMs } : {}) });
  const file = stagingPath(context.config, credentials.account);
  if (!args.dryRun && existsSync(file)) openStore(file, { mode: 'read' }).close(); // a file that is not ours is refused before anything
  const lock = args.dryRun ? undefined : acquireRunLock(file, `extract ${entities.join(' ')}`);
  try {
    if (!args.skipCheck) {
      const report = await preflight(client, entities, { credentials: { appKey: credentials.appKey, appToken: credentials.appToken } });
      for (const warning of report.warnings) context.output.warn(warning);
    }
    const streams = streamsFor(entities);
    const images = entities.includes('images') ? openImageDownloader({ file, imagesDir: args.imagesDir, account: credentials.account, pacer, retry, signal, dryRun: args.dryRun ?? false, baseUrl: credentials.baseUrl }, context) : undefined;
    try {
      if (args.dryRun) return await dryRun({ streams, client, options: streamOptions, file, images }, context);
      return await extractInto(file, { streams, entities, args, streamOptions, limit, client, signal, abort, images, account: credentials.account }, context);
    } finally {
      await images?.close();
    }
  } finally {
    lock?.release();
    await client.close();
  }
}

interface ExtractRun {
  streams: ReturnType<typeof streamsFor>;
  entities: Entity[];
  args: ExtractArgs;
  streamOptions: StreamOptions;
  limit: number | undefined;
  client: VtexClient;
  signal: AbortSignal;
  abort: AbortController;
  images: ImageDownloader | undefined;
  account: string;
}

async function extractInto(file: string, run: ExtractRun, context: CommandContext): Promise<number> {
  const { args, entities, limit, account, images } = run;
  const store = openStore(file, { mode: 'write' });
  const progress = createProgress(context.output);
  try {
    context.output.info(`Extracting ${entities.join(', ')} from ${account} into ${file}`);
    if ((args.since !== undefined || args.until !== undefined) && entities.includes('customers')) context.output.info(ADDRESS_FILTER_NOTE);
    const description = {
      entities, account, fullRefresh: args.fullRefresh ?? false, refresh: args.refresh ?? false, feed: args.feed ?? false, limit: limit ?? null, maxRpm: args.maxRpm ?? [],
      since: args.since ?? null, until: args.until ?? null, lookback: args.lookback ?? null, price404: args.price404 ?? null,
    };
    const result = await runExtraction(
      { streams: run.streams, fullRefresh: args.fullRefresh ?? false, options: run.streamOptions, description },
      { store, client: run.client, signal: run.signal, abort: (reason) => run.abort.abort(reason), observer: progress, ...(images ? { images } : {}) },
    );
    progress.stop();
    const json = { ...result, ...(images ? { images: { dir: images.dir, ...images.stats } } : {}) };
    context.output.result(json as unknown as Json, () => renderResult(result, file, images));
    return result.status === 'complete' ? EXIT.ok : EXIT.incomplete;
  } finally {
    progress.stop();
    store.close();
  }
}
