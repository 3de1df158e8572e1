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
import type { Route, SandboxEnv } from './route.js';
import { catalogRoutes } from './routes/catalog.js';
import { imageRoutes } from './routes/images.js';
import { licenseManagerRoutes } from './routes/license-manager.js';
import { logisticsRoutes } from './routes/logistics.js';
import { masterDataRoutes } from './routes/master-data.js';
import { omsRoutes } from './routes/oms.js';
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
  const routes: Route[] = [
    ...vtexIdRoutes(env, isRevoked),
    ...licenseManagerRoutes(env),
    ...catalogRoutes(env),
    ...masterDataRoutes(env),
    ...omsRoutes(env),
    ...pricingRoutes(env),
    ...logisticsRoutes(env),
    ...imageRoutes(env),
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
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    keys: env.keys,
    key: (name) => {
      const found = env.keys.find((key) => key.name === name);
      if (!found) throw new Error(`Unknown key name: ${name}`);
      return found;
    },
    options,
    close: () => closeServer(server, closing),
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
    updateDocuments: (entity, ids, update = {}) => {
      if (entity === 'prices' || entity === 'inventory') {
        dataset.updateStock(entity, ids);
        return stockTruth.changed(entity, ids);
      }
      const at = update.at === undefined ? env.nowMs() : typeof update.at === 'number' ? update.at : update.at.getTime();
      dataset.update(entity, ids, at);
      truthBook.changed(entity, ids);
    },
  };
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
