import { createHash } from 'node:crypto';
import { ENTITIES } from './dataset.js';
import type { Dataset, EntityName, MutableEntity } from './dataset.js';
import type { StockName, StockTruths } from './stock-truth.js';

/** Sorted keys (with their quoted form) per key list: documents repeat a few shapes many times. */
const sortedKeysCache = new Map<string, ReadonlyArray<readonly [string, string]>>();

function sortedKeys(record: Record<string, unknown>): ReadonlyArray<readonly [string, string]> {
  const keys = Object.keys(record);
  const signature = keys.join('\u0001');
  let sorted = sortedKeysCache.get(signature);
  if (!sorted) {
    sorted = keys.sort().map((key) => [key, `${JSON.stringify(key)}:`] as const);
    if (sortedKeysCache.size < 10_000) sortedKeysCache.set(signature, sorted);
  }
  return sorted;
}

/**
 * JSON with object keys sorted recursively (by UTF-16 code units, so "10" < "9") and no whitespace.
 * Undefined members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i === 0 ? '' : ',') + canonicalJson(value[i] === undefined ? null : value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const [key, quoted] of sortedKeys(record)) {
    const item = record[key];
    if (item === undefined) continue;
    out += (first ? quoted : `,${quoted}`) + canonicalJson(item);
    first = false;
  }
  return `${out}}`;
}

/** sha256 hex of the canonical JSON of a document: hash what you staged and compare with truth(). */
export function documentHash(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

export interface EntityTruth {
  /** Every id, as strings, sorted in JavaScript's default string order. */
  ids: string[];
  /** id -> documentHash of the document the sandbox serves for it. */
  hashes: Map<string, string>;
}

export type EntityTruths = Partial<Record<EntityName, EntityTruth>>;
/** What truth() answers: the document entities asked for, and prices, inventory, warehouses, priceTables, images. */
export type Truth = EntityTruths & StockTruths;
export type TruthName = EntityName | StockName;

/**
 * What an exact extraction must hold: per entity, the ids and a hash per document (orders: visible ones
 * only). Built once per entity and patched on mutations; every call returns fresh copies.
 */
export class TruthBook {
  private readonly cache = new Map<EntityName, EntityTruth>();

  constructor(private readonly dataset: Dataset) {}

  truth(entities: readonly EntityName[] = ENTITIES): EntityTruths {
    const truth: EntityTruths = {};
    for (const entity of entities) {
      const entry = this.cache.get(entity) ?? this.build(entity);
      truth[entity] = { ids: [...entry.ids], hashes: new Map(entry.hashes) };
    }
    return truth;
  }

  /** Re-hashes changed documents (a product change also changes its SKUs' documents). */
  changed(entity: MutableEntity, ids: readonly string[]): void {
    const entry = this.cache.get(entity);
    if (entry) for (const id of ids) entry.hashes.set(id, documentHash(this.dataset.document(entity, id)));
    if (entity === 'products') this.cache.delete('skus');
  }

  private build(entity: EntityName): EntityTruth {
    const ids = this.dataset.ids(entity).sort();
    const entry = { ids, hashes: new Map(ids.map((id) => [id, documentHash(this.dataset.document(entity, id))])) };
    this.cache.set(entity, entry);
    return entry;
  }
}
