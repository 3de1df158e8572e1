import type { Json } from '../json.js';
import type { EntityName, EntityWrite, StagedRow } from '../store/store.js';
import { orderedMap } from './ordered-map.js';
import type { Stream, StreamContext, StreamName, StreamPage } from './stream.js';

/** SKUs per saved page: a crash loses at most this many fetched answers. */
export const SKU_PAGE = 100;
/** Pages fetched at once, so the family's ceiling is reached across page boundaries. */
const PAGES_IN_FLIGHT = 2;

/** A pass over the staged SKUs: the once-per-pass lists are saved first, then SKU pages in id order. */
interface SkuPassCursor {
  /** The last SKU id whose row is saved in this pass. */
  after: number;
  /** SKUs handled in this pass (for --limit). */
  seen: number;
  /** The once-per-pass lists (price tables, warehouses) are saved. */
  listed?: boolean;
  done?: boolean;
}

export interface SkuPassSpec {
  name: StreamName;
  entity: EntityName;
  entities: readonly EntityName[];
  /** The once-per-pass lists (GET /pricing/tables, the warehouses). */
  listOnce(context: StreamContext): Promise<EntityWrite[]>;
  /** One SKU's row, or undefined when the request was lost (recorded by the caller's fetchOrLose). */
  fetchRow(context: StreamContext, skuId: number): Promise<StagedRow | undefined>;
}

/**
 * A stream that reads one detail per staged SKU. Every run makes a new pass (prices and stock change daily);
 * an interrupted pass resumes after its last saved SKU. Runs after the products stream of the same run.
 */
export function skuPassStream(spec: SkuPassSpec): Stream {
  return {
    name: spec.name,
    entities: spec.entities,
    mainEntity: spec.entity,
    after: ['products'],
    initialCursor: () => ({ after: 0, seen: 0 }),
    pages: (context, from) => passPages(spec, context, parseCursor(from)),
    count: async (context) => context.stagedCount('skus'),
    refetch: async (context, entity, keys) => {
      const rows = await Promise.all(keys.map((key) => spec.fetchRow(context, Number(key))));
      return [{ entity, rows: rows.filter((row): row is StagedRow => row !== undefined) }];
    },
  };
}

async function* passPages(spec: SkuPassSpec, context: StreamContext, start: SkuPassCursor): AsyncGenerator<StreamPage> {
  if (start.done) return;
  let cursor = start;
  if (!cursor.listed) {
    cursor = { ...cursor, listed: true };
    yield { writes: await spec.listOnce(context), cursor: cursor as unknown as Json, records: 0 };
  }
  const limit = context.options.limit;
  const total = context.stagedCount('skus');
  const pages = orderedMap(idPages(context, cursor, limit), PAGES_IN_FLIGHT, async (ids) => ({
    ids,
    rows: (await Promise.all(ids.map((id) => spec.fetchRow(context, id)))).filter((row): row is StagedRow => row !== undefined),
  }));
  for await (const { ids, rows } of pages) {
    cursor = { ...cursor, after: ids[ids.length - 1] ?? cursor.after, seen: cursor.seen + ids.length };
    context.progress(cursor.seen, limit === undefined ? total : Math.min(limit, total));
    yield { writes: [{ entity: spec.entity, rows }], cursor: cursor as unknown as Json, records: rows.length };
  }
  const done: SkuPassCursor = { ...cursor, done: true };
  yield { writes: [], cursor: done as unknown as Json, records: 0, ...(limit === undefined ? { expected: { [spec.entity]: context.stagedCount('skus') } } : {}) };
}

async function* idPages(context: StreamContext, from: SkuPassCursor, limit: number | undefined): AsyncGenerator<number[]> {
  let after = from.after;
  let seen = from.seen;
  for (;;) {
    const size = limit === undefined ? SKU_PAGE : Math.min(SKU_PAGE, limit - seen);
    if (size <= 0) return;
    const ids = context.stagedIds('skus', after, size);
    if (ids.length === 0) return;
    yield ids;
    after = ids[ids.length - 1] ?? after;
    seen += ids.length;
  }
}

function parseCursor(value: Json): SkuPassCursor {
  const record = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Readonly<Record<string, Json>>;
  const after = record.after;
  const seen = record.seen;
  return {
    after: typeof after === 'number' && Number.isSafeInteger(after) ? after : 0,
    seen: typeof seen === 'number' && Number.isSafeInteger(seen) ? seen : 0,
    ...(record.listed === true ? { listed: true } : {}),
    ...(record.done === true ? { done: true } : {}),
  };
}
