import type { Json } from '../json.js';
import type { EntityName, EntityWrite, ReconciliationRecord } from '../store/store.js';
import type { VtexClient } from '../vtex/client.js';

export type StreamName = 'products' | 'categories' | 'brands' | 'customers' | 'orders';

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
}

export interface StreamContext {
  client: VtexClient;
  options: StreamOptions;
  signal: AbortSignal;
  /** Records a request that failed for good; the stream skips the record and goes on. */
  lose(lost: LostRequest): void;
  /** Progress of the stream's main entity: records done, and the total when known. */
  progress(done: number, total?: number): void;
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
}

export interface Stream {
  name: StreamName;
  /** The tables this stream fills (what --full-refresh empties). */
  entities: readonly EntityName[];
  /** The main entity, counted for progress, --limit and the summary. */
  mainEntity: EntityName;
  initialCursor(): Json;
  /** Pages from `from` on; the store saves each page's rows and cursor together, in order. */
  pages(context: StreamContext, from: Json): AsyncIterable<StreamPage>;
  /** How many records a run would fetch (for --dry-run), from the cheapest call that tells. */
  count(context: StreamContext): Promise<number | undefined>;
  /** Fetches records again by key (dead letters of an earlier run); returns the rows found. */
  refetch?(context: StreamContext, entity: EntityName, keys: readonly string[]): Promise<EntityWrite[]>;
}
