import type { Burst } from './options.js';
import { Rng, hashString, mix32 } from './random.js';
import { DAY_MS, sortedTimes } from './timeline.js';

/** Ids, dates and links of one Master Data entity, computed once; documents are generated on demand. */
export interface EntityIndex {
  readonly ids: readonly string[];
  readonly createdMs: Float64Array;
  /** NaN = never updated (`updatedIn` null). Mutations write here. */
  readonly updatedMs: Float64Array;
  indexOf(id: string): number;
}

class MapIndex implements EntityIndex {
  private byId: Map<string, number> | undefined;

  constructor(
    readonly ids: readonly string[],
    readonly createdMs: Float64Array,
    readonly updatedMs: Float64Array,
  ) {}

  indexOf(id: string): number {
    this.byId ??= new Map(this.ids.map((value, index) => [value, index]));
    return this.byId.get(id) ?? -1;
  }
}

/** A UUID-shaped id unique per (tag, index): the last 8 hex digits are a bijection of the index. */
export function uniqueUuid(seed: number, tag: string, index: number): string {
  const rng = Rng.for(seed, tag, index);
  const unique = mix32((index ^ seed ^ hashString(tag)) >>> 0).toString(16).padStart(8, '0');
  return `${rng.hex(8)}-${rng.hex(4)}-11f0-${rng.hex(4)}-${rng.hex(4)}${unique}`;
}

export interface CustomerSetup {
  seed: number;
  count: number;
  nowMs: number;
  spanDays: number;
  burst: Burst | undefined;
}

/** Customers (CL) and their addresses (AD, 0-3 per customer, `userId` = the customer's id). */
export class CustomerData {
  readonly customers: EntityIndex;
  readonly addresses: EntityIndex;
  /** The customer index of each address. */
  readonly addressCustomer: Int32Array;

  constructor(setup: CustomerSetup) {
    const { seed, count, nowMs } = setup;
    const created = sortedTimes(seed, 'customers', count, nowMs - setup.spanDays * DAY_MS, nowMs, setup.burst);
    this.customers = new MapIndex(Array.from({ length: count }, (_, i) => uniqueUuid(seed, 'customerId', i)), created, updatedTimes(seed, 'customerUpdated', created, nowMs));
    const owners: number[] = [];
    for (let i = 0; i < count; i += 1) for (let n = addressCountOf(seed, i); n > 0; n -= 1) owners.push(i);
    this.addressCustomer = Int32Array.from(owners);
    const addressCreated = Float64Array.from(owners, (owner, j) => Math.min(nowMs - 1, (created[owner] as number) + Rng.for(seed, 'addressCreated', j).int(0, 30 * DAY_MS)));
    this.addresses = new MapIndex(owners.map((_, j) => uniqueUuid(seed, 'addressId', j)), addressCreated, updatedTimes(seed, 'addressUpdated', addressCreated, nowMs));
  }
}

function addressCountOf(seed: number, index: number): number {
  const rng = Rng.for(seed, 'addressCount', index);
  return rng.chance(0.2) ? 0 : rng.int(1, 3);
}

/** About 40% of documents were updated once, between creation and now; the rest never (NaN). */
function updatedTimes(seed: number, tag: string, created: Float64Array, nowMs: number): Float64Array {
  return created.map((createdMs, i) => {
    const rng = Rng.for(seed, tag, i);
    return rng.chance(0.4) ? createdMs + Math.floor(rng.next() * (nowMs - createdMs)) : Number.NaN;
  });
}
