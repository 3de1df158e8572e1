import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Dataset } from './dataset.js';
import type { Doc, EntityName, MutableEntity, MutableStock } from './dataset.js';
import { buildKeys } from './keys.js';
import { ScrollRegistry } from './md-scroll.js';
import type { SandboxKey } from './keys.js';
import { SandboxOptionError } from './option-checks.js';
import { resolveOptions } from './options.js';
import { seedNumber } from './random.js';
import type { ResolvedOptions, SandboxOptions } from './options.js';
import { createPipeline } from './pipeline.js';
import { OrdersFeed } from './orders-feed.js';
import type { OrderChange } from './orders-feed.js';
import type { Route, SandboxEnv } from './route.js';
import { catalogRoutes } from './routes/catalog.js';
import { imageRoutes } from './routes/images.js';
import { licenseManagerRoutes } from './routes/license-manager.js';
import { logisticsRoutes } from './routes/logistics.js';
import { masterDataRoutes } from './routes/master-data.js';
import { omsRoutes } from './routes/oms.js';
import { ordersFeedRoutes } from './routes/orders-feed.js';
import { pricingRoutes } from './routes/pricing.js';
import { vtexIdRoutes } from './routes/vtex-id.js';
import { StatsRecorder } from './stats.js';
import type { SandboxStats } from './stats.js';
import { STOCK_NAMES, StockTruthBook } from './stock-truth.js';
import type { StockName } from './stock-truth.js';
import { TruthBook } from './truth.js';
import type { Truth, TruthName } from './truth.js';

export interface UpdateOptions {
  /** lastChange / updatedIn of the changed documents. Default: the sandbox clock's now. */
  at?: Date | number;
  /** Orders: 'status' (default) moves each order's status on; 'total' changes its value (1.00 more shipping). */
  change?: 'status' | 'total';
}

export interface SandboxHandle {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  keys: readonly SandboxKey[];
  /** The key by its short name ('full-read', 'catalog-only', 'no-master-data', 'list-orders-only', 'roles-reader', 'admin'). */
  key(name: string): SandboxKey;
  options: Readonly<ResolvedOptions>;
  close(): Promise<void>;
  stats(): SandboxStats;
  /**
   * Ids and document hashes per entity (the seven document entities when none are named); name 'prices',
   * 'inventory', 'warehouses', 'priceTables' or 'images' for those.
   */
  truth(names?: readonly TruthName[]): Truth;
  /** The document truth() hashes for an id (for 'prices' and 'inventory': a SKU id), or undefined where the answer is 404. */
  document(entity: EntityName | MutableStock, id: string): Doc | undefined;
  /** Expires every live Master Data scroll token now; returns how many. */
  expireScrolls(): number;
  /** From now on the key's requests and logins answer 401. */
  revokeKey(appKey: string): void;
  restoreKey(appKey: string): void;
  /** Orders Feed v3: events waiting in an app key's feed; `duplicates` enqueues every event twice from now on. */
  feed: { pending(appKey: string): number; duplicates: boolean };
  /**
   * Changes the documents' content and moves lastChange / updatedIn; truth() follows. 'prices' and
   * 'inventory' take SKU ids: their answers change (a price may appear or go), `at` does not apply.
   */
  updateDocuments(entity: MutableEntity | MutableStock, ids: readonly string[], options?: UpdateOptions): void;
}

/** The keys a sandbox started with these options has (they derive from the account and seed), without starting one. */
export function sandboxKeys(input: SandboxOptions = {}): SandboxKey[] {
  const options = resolveOptions(input);
  return buildKeys(options.account, seedNumber(options.seed));
}

/** Starts the VTEX sandbox on 127.0.0.1 (never another interface). */
export async function startSandbox(input: SandboxOptions = {}): Promise<SandboxHandle> {
  const options = resolveOptions(input);
  const dataset = new Dataset(options);
  const startedAt = performance.now();
  const stats = new StatsRecorder();
  const env: SandboxEnv = {
    dataset,
    options,
    keys: buildKeys(options.account, dataset.seed),
    nowMs: () => (options.fixedClock ? options.nowMs : Date.now()),
    monotonicMs: () => performance.now() - startedAt,
    sessions: new Map(),
    scrolls: new ScrollRegistry(options.scrollIdleMs, options.maxScrolls, () => performance.now() - startedAt),
    stats,
  };
  const revoked = new Set<string>();
  const isRevoked = (appKey: string) => revoked.has(appKey);
  const feed = new OrdersFeed(env.monotonicMs);
  const routes: Route[] = [
    ...vtexIdRoutes(env, isRevoked),
    ...licenseManagerRoutes(env),
    ...catalogRoutes(env),
    ...masterDataRoutes(env),
    ...omsRoutes(env),
    ...pricingRoutes(env),
    ...logisticsRoutes(env),
    ...imageRoutes(env),
    ...ordersFeedRoutes(feed),
  ];
  checkFaultEndpoints(options.faultEndpoints, routes);
  const truthBook = new TruthBook(dataset);
  const stockTruth = new StockTruthBook(dataset);
  const closing = new AbortController();
  setMaxListeners(0, closing.signal); // every request in flight listens for the close
  const server = createServer(createPipeline({ env, routes, stats, isRevoked, signal: closing.signal }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  dataset.images.origin = `http://127.0.0.1:${port}`;
  const keyOf = (appKey: string) => {
    if (!env.keys.some((key) => key.appKey === appKey)) throw new Error(`Unknown app key: ${appKey}`);
    return appKey;
  };
  const handle: SandboxHandle = {
    url: `http://127.0.0.1:${port}`,
    port,
    keys: env.keys,
    key: (name) => {
      const found = env.keys.find((key) => key.name === name);
      if (!found) throw new Error(`Unknown key name: ${name}`);
      return found;
    },
    options,
    close: () => {
      clearInterval(drift);
      return closeServer(server, closing);
    },
    stats: () => stats.snapshot(),
    truth: (names) => {
      const isStock = (name: TruthName): name is StockName => (STOCK_NAMES as readonly string[]).includes(name);
      const entities = names?.filter((name): name is EntityName => !isStock(name));
      return { ...truthBook.truth(entities), ...stockTruth.truth(names?.filter(isStock) ?? []) };
    },
    document: (entity, id) => {
      if (entity === 'prices') return dataset.priceOf(id) ?? undefined;
      if (entity === 'inventory') return dataset.inventoryOf(id) ?? undefined;
      return dataset.document(entity, id);
    },
    expireScrolls: () => env.scrolls.expireAll(),
    revokeKey: (appKey) => void revoked.add(keyOf(appKey)),
    restoreKey: (appKey) => void revoked.delete(keyOf(appKey)),
    feed,
    updateDocuments: (entity, ids, update = {}) => {
      if (entity === 'prices' || entity === 'inventory') {
        dataset.updateStock(entity, ids);
        return stockTruth.changed(entity, ids);
      }
      const at = update.at === undefined ? env.nowMs() : typeof update.at === 'number' ? update.at : update.at.getTime();
      const before = entity === 'orders' ? ids.map((id) => dataset.document('orders', id)) : [];
      dataset.update(entity, ids, at, update.change);
      if (entity === 'orders') feed.emit(orderChanges(ids, before, (id) => dataset.document('orders', id)), update.change !== 'total');
      truthBook.changed(entity, ids);
    },
  };
  const drift = startOrderDrift(dataset, options.orderDriftPerMinute, (id) => handle.updateDocuments('orders', [id]));
  return handle;
}

/**
 * `orderDriftPerMinute` orders a minute move their status on by themselves, spread evenly, each a visible order
 * picked by a fixed stride (so a run of the same sandbox drifts the same orders). The timer never holds the process.
 */
function startOrderDrift(dataset: Dataset, perMinute: number, change: (orderId: string) => void): ReturnType<typeof setInterval> | undefined {
  const { orders } = dataset;
  const visible = orders.count - orders.firstVisible;
  if (perMinute <= 0 || visible <= 0) return undefined;
  let step = 0;
  const timer = setInterval(() => {
    step += 1;
    change(orders.idOf(orders.firstVisible + ((step * 7_919) % visible)));
  }, Math.max(1, 60_000 / perMinute));
  timer.unref();
  return timer;
}

function orderChanges(ids: readonly string[], before: ReadonlyArray<Doc | undefined>, after: (id: string) => Doc | undefined): OrderChange[] {
  return ids.map((id, index) => {
    const old = (before[index] ?? {}) as Record<string, unknown>;
    const now = (after(id) ?? {}) as Record<string, unknown>;
    return { orderId: id, statusBefore: String(old.status), statusAfter: String(now.status), lastChangeBefore: String(old.lastChange), lastChangeAfter: String(now.lastChange) };
  });
}

function checkFaultEndpoints(names: readonly string[] | undefined, routes: readonly Route[]): void {
  const unknown = names?.filter((name) => !routes.some((route) => route.name === name)) ?? [];
  if (unknown.length > 0) throw new SandboxOptionError('faultEndpoints', `names no endpoint: ${unknown.join(', ')} (endpoints: ${routes.map((route) => route.name).join(', ')}).`);
}

function closeServer(server: ReturnType<typeof createServer>, closing: AbortController): Promise<void> {
  closing.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
