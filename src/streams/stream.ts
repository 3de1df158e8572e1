import type { Json } from '../json.js';
import type { ChangeRecord, EntityName, EntityWrite, ReconciliationRecord, StagedOrders, StagedRow } from '../store/store.js';
import type { VtexClient } from '../vtex/client.js';
import type { ImageDownloader } from '../vtex/image-download.js';

export type StreamName = 'products' | 'categories' | 'brands' | 'customers' | 'addresses' | 'orders' | 'prices' | 'inventory' | 'images';

/** One request that failed for good: it goes to dead_letters and the run goes on. */
export interface LostRequest {
  entity?: EntityName;
  itemKey?: string;
  request: string;
  status: number | null;
  error: string;
  attempts: number;
}

export interface StreamOptions {
  /** Stop after this many records of the stream's main entity (a sample run). */
  limit?: number | undefined;
  /** Lower bound of creation dates (orders, customers), epoch ms; default per stream. */
  since?: number | undefined;
  /** Upper bound, epoch ms; default per stream (orders: now minus the indexing lag). */
  until?: number | undefined;
  /** How far a follow-up run looks back before the last high-water mark, ms. */
  lookbackMs?: number | undefined;
  /** The run's clock, epoch ms. */
  now: number;
  /** A cutover refresh (orders: list every staged window again and fetch what changed; changes recorded). */
  refresh?: boolean | undefined;
  /** Orders: use the Orders Feed v3 (configured for the app key when missing) as the change source. */
  feed?: boolean | undefined;
  /** What a 404 of /pricing/prices/{skuId} means (undocumented): no price registered (default), or a failure. */
  priceNotFound?: 'no-price' | 'error' | undefined;
}

export interface StreamContext {
  client: VtexClient;
  options: StreamOptions;
  signal: AbortSignal;
  /** Records a request that failed for good; the stream skips the record and goes on. */
  lose(lost: LostRequest): void;
  /** Progress of the stream's main entity: records done, and the total when known. */
  progress(done: number, total?: number): void;
  /** The version (orders: last_change; customers, addresses: updated_in or created_in) of staged records. */
  stagedVersions(entity: EntityName, ids: readonly string[]): Map<string, string | null>;
  /** Says something to the user once (e.g. a fallback taken). */
  notice(message: string): void;
  /** The staged orders, as a refresh compares them with the list. */
  stagedOrders: StagedOrders;
  /** Up to `limit` staged ids of an integer-keyed table after `afterId`, in order (SKUs for prices, inventory). */
  stagedIds(entity: EntityName, afterId: number, limit: number): number[];
  /** Like stagedIds, with the staged rows (the images stream reads each SKU's Images[]). */
  stagedRows(entity: EntityName, afterId: number, limit: number): StagedRow[];
  /** How many rows a table holds, or distinct values of one column (FileIds referenced by sku_image_files). */
  stagedCount(entity: EntityName, distinctColumn?: string): number;
  /** Downloads image files without credentials (only the images stream uses it; absent unless images run). */
  images?: ImageDownloader | undefined;
}

/** What a stream yields: rows for the store and the cursor that is true once they are saved. */
export interface StreamPage {
  writes: EntityWrite[];
  cursor: Json;
  reconciliation?: Array<Omit<ReconciliationRecord, 'runId'>>;
  /** Records of the main entity this page adds. */
  records: number;
  /** On a stream's last page: what the source says it holds, per entity, to reconcile against the staged rows. */
  expected?: Partial<Record<EntityName, number>>;
  /** Distinct records this page stages per entity, when its writes repeat some (a restarted window); default: the rows written. */
  staged?: Partial<Record<EntityName, number>>;
  /** A refresh page: rows replacing staged ones record their changed fields. */
  trackChanges?: boolean;
  /** Changes the stream found itself (an order no longer listed). */
  changes?: ChangeRecord[];
}

export interface Stream {
  name: StreamName;
  /** The tables this stream fills (what --full-refresh empties). */
  entities: readonly EntityName[];
  /** The main entity, counted for progress, --limit and the summary. */
  mainEntity: EntityName;
  /** Streams of the same run that must finish first (prices read the SKUs the products stream stages). */
  after?: readonly StreamName[];
  initialCursor(options: StreamOptions): Json;
  /**
   * The cursor of a new pass after `finished` (the cursor of a completed pass), e.g. an incremental pass from
   * the last high-water mark. Without it a new pass starts from initialCursor.
   */
  nextPass?(finished: Json, options: StreamOptions): Json;
  /** Whether a saved, unfinished cursor may be resumed with these options (same bounds). */
  canResume?(saved: Json, options: StreamOptions): boolean;
  /** Pages from `from` on; the store saves each page's rows and cursor together, in order. */
  pages(context: StreamContext, from: Json): AsyncIterable<StreamPage>;
  /** How many records a run would fetch (for --dry-run), from the cheapest call that tells. */
  count(context: StreamContext): Promise<number | undefined>;
  /** Fetches records again by key (dead letters of an earlier run); returns the rows found. */
  refetch?(context: StreamContext, entity: EntityName, keys: readonly string[]): Promise<EntityWrite[]>;
}
