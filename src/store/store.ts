import type { Json } from '../json.js';

/** A Buffer is UTF-8 text (a body kept as received), stored as TEXT. */
export type SqlValue = string | number | bigint | null | Buffer;

/** One staged row: `id`, `raw` and the entity's typed columns (see ENTITY_COLUMNS). */
export type StagedRow = Readonly<Record<string, SqlValue>>;

export const ENTITY_COLUMNS = {
  products: ['id', 'raw', 'name', 'ref_id', 'category_id', 'brand_id', 'is_active'],
  skus: ['id', 'product_id', 'raw', 'name', 'ref_id', 'is_active'],
  categories: ['id', 'raw', 'name', 'parent_id'],
  brands: ['id', 'raw', 'name', 'is_active'],
  customers: ['id', 'raw', 'email', 'created_in', 'updated_in'],
  addresses: ['id', 'customer_id', 'raw', 'created_in', 'updated_in'],
  orders: ['id', 'raw', 'creation_date', 'last_change', 'status', 'customer_id', 'total_value'],
  prices: ['sku_id', 'raw', 'base_price', 'list_price', 'cost_price'],
  inventory: ['sku_id', 'raw', 'available', 'unlimited'],
  warehouses: ['id', 'raw'],
  price_tables: ['id'],
  images: ['file_id', 'url', 'path', 'sha256', 'bytes', 'content_type'],
  sku_image_files: ['sku_id', 'file_id', 'position'],
} as const satisfies Record<string, readonly string[]>;

export type EntityName = keyof typeof ENTITY_COLUMNS;
export const ENTITY_NAMES = Object.keys(ENTITY_COLUMNS) as EntityName[];

/** The primary key of each table, where it is not `id` (the staging contract names them after what they key on). */
export const ENTITY_KEYS: Partial<Record<EntityName, readonly string[]>> = {
  prices: ['sku_id'],
  inventory: ['sku_id'],
  images: ['file_id'],
  sku_image_files: ['sku_id', 'position'],
};

/** Tables without a fetched_at column (pure links between staged rows). */
export const UNDATED_ENTITIES: ReadonlySet<EntityName> = new Set(['sku_image_files']);

/**
 * Tables whose rows of one owner are replaced as a whole: a page that writes rows of SKU 5 first removes the
 * staged rows of SKU 5 (an image removed from a SKU no longer links to it).
 */
export const REPLACED_BY: Partial<Record<EntityName, string>> = { sku_image_files: 'sku_id' };

export function keyColumns(entity: EntityName): readonly string[] {
  return ENTITY_KEYS[entity] ?? ['id'];
}

export interface EntityWrite {
  entity: EntityName;
  rows: readonly StagedRow[];
  /** For a REPLACED_BY table: owners whose staged rows are replaced even if `rows` has none of theirs (an emptied gallery). */
  owners?: readonly SqlValue[];
}

/** What a stream hands the store for one page: rows for one or more tables, and the cursor after them. */
export interface PageWrite {
  writes: readonly EntityWrite[];
  cursor: Json;
  /** Reconciliation rows that become true with this page (written in the same transaction). */
  reconciliation?: ReadonlyArray<Omit<ReconciliationRecord, 'runId'>>;
  /** A refresh: each row that replaces a staged one records its changed top-level fields in `changes`. */
  trackChanges?: boolean;
  /** Changes the stream saw itself (an order no longer listed), written with the page. */
  changes?: readonly ChangeRecord[];
}

/** One changed field of a staged record, as `changes` holds it (values as JSON text). */
export interface ChangeRecord {
  entity: EntityName;
  id: string;
  field: string;
  old: string | null;
  new: string | null;
}

/** What a refresh pass needs of the orders already staged. */
export interface StagedOrders {
  /** The List orders item each order was staged from (JSON text), or null when it was staged by id. */
  listFields(ids: readonly string[]): Map<string, string | null>;
  /** The raw document of each id found. */
  raws(ids: readonly string[]): Map<string, string>;
  /** Ids of the orders whose creation_date is in [from, to] (epoch ms, both included). */
  idsCreatedIn(from: number, to: number): string[];
  /** The earliest staged creation_date, epoch ms. */
  earliestCreation(): number | undefined;
}

export interface RunRecord {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  streams: string[];
  sampleLimit: number | null;
  summary: Json | null;
}

export interface CheckpointRecord {
  stream: string;
  cursor: Json;
  runId: number | null;
  updatedAt: string;
}

export interface DeadLetter {
  runId: number | null;
  stream: string;
  entity?: EntityName | undefined;
  itemKey?: string | undefined;
  request: string;
  status: number | null;
  error: string;
  attempts: number;
}

export interface ReconciliationRecord {
  stream: string;
  window: string;
  expected: number | null;
  staged: number;
  runId: number | null;
}

export interface OpenDeadLetter extends DeadLetter {
  id: number;
}

export interface StoreSummary {
  file: string;
  schemaVersion: number;
  counts: Record<EntityName, number>;
  runs: RunRecord[];
  checkpoints: CheckpointRecord[];
  deadLetters: { open: number; total: number };
  reconciliationMismatches: ReconciliationRecord[];
  /** Addresses whose customer (AD.userId) is not staged: a date-filtered run, or a customer deleted in VTEX. */
  orphanAddresses: number;
}

/** The staging store. Synchronous on purpose: a better-sqlite3 transaction cannot span an await. */
export interface Store {
  readonly file: string;
  getCursor(stream: string): Json | undefined;
  savePage(stream: string, page: PageWrite, runId?: number): void;
  clearStream(stream: string, entities: readonly EntityName[]): void;
  rows(entity: EntityName): IterableIterator<StagedRow>;
  /** The staged version of each id found: orders' last_change; customers' and addresses' updated_in, else created_in. */
  versions(entity: EntityName, ids: readonly string[]): Map<string, string | null>;
  /** Up to `limit` staged ids of a table with an integer key, in key order, after `afterId` (memory stays flat). */
  idsAfter(entity: EntityName, afterId: number, limit: number): number[];
  /** Like idsAfter, with the rows themselves. */
  rowsAfter(entity: EntityName, afterId: number, limit: number): StagedRow[];
  counts(): Record<EntityName, number>;
  /** Rows of a table, or distinct non-null values of one of its columns. */
  stagedCount(entity: EntityName, distinctColumn?: string): number;
  startRun(streams: readonly string[], options: Json, sampleLimit: number | null): number;
  finishRun(runId: number, status: string, summary: Json): void;
  recordDeadLetter(letter: DeadLetter): void;
  openDeadLetters(stream: string): OpenDeadLetter[];
  resolveDeadLetters(ids: readonly number[]): void;
  recordReconciliation(record: ReconciliationRecord): void;
  summary(): StoreSummary;
  close(): void;
  /** Rows of a table created in [since, until) (orders.creation_date, customers' and addresses' created_in); other tables whole. */
  rowsInRange(entity: EntityName, range: DateRange): IterableIterator<StagedRow>;
  /** Starts a read transaction: every query until `end()` sees the same snapshot, even while a run writes. */
  beginSnapshot(): { end(): void };
  /** The latest run of each stream, by stream name. */
  lastRuns(): StreamLastRun[];
  /** Dead letters per stream: open, total, and the latest open error. */
  deadLetterGroups(): DeadLetterGroup[];
  /** Staged orders as a refresh pass reads them. */
  readonly stagedOrders: StagedOrders;
  /** Changes recorded per run and entity, latest run first. */
  changeCounts(): ChangeCount[];
  /** Every change row, oldest first (for export). */
  changeRows(): IterableIterator<ChangeRow>;
  /** Prices and inventory rows of the staged SKUs, image files of the FileIds they reference. */
  backupCoverage(): BackupCoverage;
}

export interface ChangeCount {
  runId: number;
  entity: string;
  records: number;
  changes: number;
}

export interface ChangeRow extends ChangeRecord {
  runId: number;
  changedAt: string;
}

export interface BackupCoverage {
  skus: number;
  /** Staged SKUs with a prices row; `noPrice` of them have raw NULL (VTEX has no price for them). */
  prices: number;
  noPrice: number;
  /** Staged SKUs with an inventory row. */
  inventory: number;
  /** Distinct FileIds the staged SKUs reference, and how many of them are downloaded. */
  imageFiles: number;
  imagesStaged: number;
}

/** Epoch ms bounds: `since` inclusive, `until` exclusive; undefined = unbounded. */
export interface DateRange {
  since?: number | undefined;
  until?: number | undefined;
}

export interface StreamLastRun {
  stream: string;
  runId: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  sampleLimit: number | null;
  /** Records and dead letters of this stream in that run, from the run's summary (null while it runs, or when it failed). */
  records: number | null;
  lost: number | null;
}

export interface DeadLetterGroup {
  stream: string;
  open: number;
  total: number;
  lastOpenError: string | null;
}
