import { checkOptions } from './option-checks.js';

/* Options of startSandbox. Every limit VTEX documents has its documented value as default. */

export interface FaultRates {
  /** Share of requests answered 500/502/503/504. */
  serverError: number;
  /** Share of requests whose socket is destroyed before any response. */
  reset: number;
  /** Share of requests answered 200 with a prefix of the JSON body (Content-Length-consistent or chunked). */
  truncate: number;
  /** Share of requests answered only after `slowMs`. */
  slow: number;
}

/** More than a page window's worth of documents on one UTC day (`YYYY-MM-DD`), so clients must split below a day. */
export interface Burst {
  day: string;
  count: number;
}

export type RetryAfterMode = 'always' | 'never' | 'random';
export type OverLimitMode = 'error' | 'truncate';
/** What `GET /api/logistics/pvt/inventory/skus/{skuId}` answers for a SKU without inventory (undocumented). */
export type InventoryMissingMode = 'empty' | '404';

export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Dataset seed: the same seed and counts give the same documents. Default 1. */
  seed?: number | string;
  /** The sandbox's clock for dates and the two-year order window. Default: real time at start. */
  now?: Date | number;
  /** Account name in documents and tokens. Default 'sandbox'. */
  account?: string;
  products?: number;
  brands?: number;
  customers?: number;
  orders?: number;
  /**
   * Share (0-1) of orders with hundreds of items (200-600) and large text fields, for benchmarks.
   * Default: about 1 in 500 orders has 150-400 items and no large text.
   */
  heavyOrderShare?: number;
  /** Put `count` of the orders on one day. Default none. */
  orderBurst?: Burst;
  /** Put `count` of the customers' createdIn on one day. Default none. */
  customerBurst?: Burst;
  /** Orders' creationDate spread over this many days before now. Default 803 (about 2.2 years). */
  orderSpanDays?: number;
  /** Customers' createdIn spread over this many days before now. Default 1825 (5 years). */
  customerSpanDays?: number;
  /** OMS shows only orders created in the last N days (list and get). Default 730. */
  orderVisibleDays?: number;
  /** Added to every response. Default 0. */
  latencyMs?: number;
  /** Delay of a "slow" fault. Default 30,000. */
  slowMs?: number;
  faultRates?: Partial<FaultRates>;
  /** Endpoint names faults may hit. Default: every endpoint except login. */
  faultEndpoints?: readonly string[];
  /** Let faults and rate limits hit the login endpoint too. Default false. */
  faultsOnLogin?: boolean;
  /** Multiplies every documented rate ceiling. Default 1. */
  rateLimitScale?: number;
  /** Token bucket capacity, in milliseconds of the refill rate. Default 1,000 (one second's worth). */
  rateLimitBurstMs?: number;
  /** Whether 429s carry Retry-After. Default 'always'. */
  retryAfter?: RetryAfterMode;
  /** Rate ceiling of List orders per minute (undocumented by VTEX). Default none (0 = unlimited). */
  listOrdersPerMinute?: number;
  /** Orders whose status moves on by itself each minute, spread over the minute (a store that lives on; for refresh demos). Default 0. */
  orderDriftPerMinute?: number;
  /** Pricing reads per minute, one bucket per account (VTEX: "under review"). Default 3,000; 0 = unlimited. */
  pricingPerMinute?: number;
  /** Logistics reads (warehouses, inventory) per minute (undocumented by VTEX). Default 6,000; 0 = unlimited. */
  logisticsPerMinute?: number;
  /** Image file requests per minute (VTEX Img's limits are undocumented). Default 6,000; 0 = unlimited. */
  imagesPerMinute?: number;
  /** Image requests in flight at once; more answer 429. Default 8; 0 = unlimited. */
  imageConcurrency?: number;
  /** A SKU without an inventory record: 200 `{skuId, balance: []}` ('empty', default) or 404. */
  inventoryMissing?: InventoryMissingMode;
  /** Master Data scroll token lifetime without use. Default 20 minutes. */
  scrollIdleMs?: number;
  /** Live scrolls per account. Default 10. */
  maxScrolls?: number;
  /** Scroll `_size` maximum. Default 1,000; larger answers 400. */
  scrollMaxSize?: number;
  /** A first scroll call with `_size` above this answers 408, as VTEX does on huge entities. Default: never. */
  scrollTimeoutAboveSize?: number;
  /** Master Data search documents per request (REST-Range). Default 100; more answers 400. */
  searchMaxRange?: number;
  /** Master Data search reach. Default 10,000; ranges ending beyond answer 400. */
  searchMaxDocuments?: number;
  /** GetProductAndSkuIds records per call. Default 250. */
  productIdsMaxSpan?: number;
  /** GetProductAndSkuIds over the span: 'truncate' (default, silently serve the first 250) or 'error' (400). */
  productIdsOverLimit?: OverLimitMode;
  /** stockkeepingunitids `pagesize` maximum. Default 1,000; larger answers 400. */
  skuIdsMaxPageSize?: number;
  /** OMS list `per_page` maximum. Default 100; larger answers 400. */
  omsMaxPerPage?: number;
  /** OMS list last reachable page. Default 30. */
  omsMaxPage?: number;
  /** Status of a page beyond omsMaxPage. Default 400. */
  omsPageBeyondStatus?: number;
  /** CL fields that `_fields=_all` or naming them refuses with 403. Default none (off). */
  masterDataPrivateFields?: readonly string[] | boolean;
  /** Status of a failed app-token login (body `{"authStatus":"WrongCredentials"}`). Default 401. */
  loginFailureStatus?: number;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, 'heavyOrderShare' | 'orderBurst' | 'customerBurst' | 'faultEndpoints' | 'now' | 'faultRates' | 'seed' | 'masterDataPrivateFields'>> & {
  seed: number | string;
  nowMs: number;
  fixedClock: boolean;
  heavyOrderShare: number | undefined;
  orderBurst: Burst | undefined;
  customerBurst: Burst | undefined;
  faultEndpoints: readonly string[] | undefined;
  faultRates: FaultRates;
  privateFields: readonly string[];
};

/** Private CL fields used when `masterDataPrivateFields: true`. */
export const DEFAULT_PRIVATE_FIELDS = ['document', 'phone', 'homePhone', 'birthDate'] as const;

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const now = options.now === undefined ? undefined : typeof options.now === 'number' ? options.now : options.now.getTime();
  const nowMs = now ?? Date.now();
  checkOptions(options, nowMs);
  return {
    port: options.port ?? 0,
    seed: options.seed ?? 1,
    nowMs,
    fixedClock: now !== undefined,
    account: options.account ?? 'sandbox',
    products: options.products ?? 500,
    brands: options.brands ?? 25,
    customers: options.customers ?? 1000,
    orders: options.orders ?? 2000,
    heavyOrderShare: options.heavyOrderShare,
    orderBurst: options.orderBurst,
    customerBurst: options.customerBurst,
    orderSpanDays: options.orderSpanDays ?? 803,
    customerSpanDays: options.customerSpanDays ?? 1825,
    orderVisibleDays: options.orderVisibleDays ?? 730,
    latencyMs: options.latencyMs ?? 0,
    slowMs: options.slowMs ?? 30_000,
    faultRates: { serverError: 0, reset: 0, truncate: 0, slow: 0, ...options.faultRates },
    faultEndpoints: options.faultEndpoints,
    faultsOnLogin: options.faultsOnLogin ?? false,
    rateLimitScale: options.rateLimitScale ?? 1,
    rateLimitBurstMs: options.rateLimitBurstMs ?? 1000,
    retryAfter: options.retryAfter ?? 'always',
    listOrdersPerMinute: options.listOrdersPerMinute ?? 0,
    orderDriftPerMinute: options.orderDriftPerMinute ?? 0,
    pricingPerMinute: options.pricingPerMinute ?? 3_000,
    logisticsPerMinute: options.logisticsPerMinute ?? 6_000,
    imagesPerMinute: options.imagesPerMinute ?? 6_000,
    imageConcurrency: options.imageConcurrency ?? 8,
    inventoryMissing: options.inventoryMissing ?? 'empty',
    scrollIdleMs: options.scrollIdleMs ?? 20 * 60_000,
    maxScrolls: options.maxScrolls ?? 10,
    scrollMaxSize: options.scrollMaxSize ?? 1000,
    scrollTimeoutAboveSize: options.scrollTimeoutAboveSize ?? Number.POSITIVE_INFINITY,
    searchMaxRange: options.searchMaxRange ?? 100,
    searchMaxDocuments: options.searchMaxDocuments ?? 10_000,
    productIdsMaxSpan: options.productIdsMaxSpan ?? 250,
    productIdsOverLimit: options.productIdsOverLimit ?? 'truncate',
    skuIdsMaxPageSize: options.skuIdsMaxPageSize ?? 1000,
    omsMaxPerPage: options.omsMaxPerPage ?? 100,
    omsMaxPage: options.omsMaxPage ?? 30,
    omsPageBeyondStatus: options.omsPageBeyondStatus ?? 400,
    privateFields: privateFieldsOf(options.masterDataPrivateFields),
    loginFailureStatus: options.loginFailureStatus ?? 401,
  };
}

function privateFieldsOf(setting: SandboxOptions['masterDataPrivateFields']): readonly string[] {
  if (setting === true) return DEFAULT_PRIVATE_FIELDS;
  if (setting === false || setting === undefined) return [];
  return setting;
}
