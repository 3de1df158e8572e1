import type { Json } from '../json.js';
import type { EntityWrite, StagedRow } from '../store/store.js';
import { fetchOrLose } from './fetch-each.js';
import { orderedMap } from './ordered-map.js';
import { expectArray, expectInteger, expectRecord, optionalFlag, optionalInteger, optionalString } from './parse.js';
import type { Stream, StreamContext, StreamPage } from './stream.js';
import type { VtexResponse } from '../vtex/client.js';

/** GetProductAndSkuIds returns at most 250 records per call (FACTS.md "Catalog"). */
export const PRODUCT_WINDOW = 250;
/** Windows whose details are fetched at once, so the rate ceiling is reached across window boundaries. */
const WINDOWS_IN_FLIGHT = 2;

interface ProductsCursor {
  /** 1-based position of the next product to list. */
  from: number;
  /** SKU ids listed so far: the expected SKU count at the end. */
  skusListed: number;
  done?: boolean;
}

interface IdWindow {
  from: number;
  next: number;
  total: number;
  products: Array<{ productId: number; skuIds: number[] }>;
}

export const productsStream: Stream = {
  name: 'products',
  entities: ['products', 'skus'],
  mainEntity: 'products',
  initialCursor: () => ({ from: 1, skusListed: 0 }),

  async *pages(context, from) {
    const start = from as unknown as ProductsCursor;
    if (start.done) return;
    let skusListed = start.skusListed;
    let taken = 0;
    const limit = context.options.limit;
    const windows = listWindows(context, start.from, () => (limit === undefined ? Infinity : limit - taken));
    const detailed = orderedMap(windows, WINDOWS_IN_FLIGHT, async (window) => ({ window, writes: await fetchDetails(context, window) }));
    for await (const { window, writes } of detailed) {
      taken += window.products.length;
      skusListed += window.products.reduce((sum, product) => sum + product.skuIds.length, 0);
      const done = window.next > window.total || (limit !== undefined && taken >= limit);
      const cursor: ProductsCursor = { from: window.next, skusListed, ...(window.next > window.total ? { done: true } : {}) };
      context.progress(window.next - 1, window.total);
      const page: StreamPage = { writes, cursor: cursor as unknown as Json, records: window.products.length };
      if (window.next > window.total && limit === undefined) {
        page.expected = { products: window.total, skus: skusListed };
      }
      yield page;
      if (done) return;
    }
  },

  async count(context) {
    const window = await listWindow(context, 1, 1);
    return window.total;
  },

  async refetch(context, entity, keys) {
    if (entity === 'products') {
      const responses = await Promise.all(keys.map((key) => fetchProduct(context, Number(key))));
      return [{ entity, rows: rowsOf(context, responses, keys, entity, productRow) }];
    }
    const responses = await Promise.all(keys.map((key) => fetchSku(context, Number(key))));
    return [{ entity: 'skus', rows: rowsOf(context, responses, keys, 'skus', skuRow) }];
  },
};

async function* listWindows(context: StreamContext, from: number, remaining: () => number): AsyncGenerator<IdWindow> {
  let position = from;
  while (remaining() > 0) {
    const window = await listWindow(context, position, Math.min(PRODUCT_WINDOW, remaining()));
    if (window.products.length === 0) return;
    yield window;
    if (window.next > window.total) return;
    position = window.next;
  }
}

/** One call of GetProductAndSkuIds; the next position follows what was returned, not what was asked. */
async function listWindow(context: StreamContext, from: number, size: number): Promise<IdWindow> {
  const response = await context.client.request({
    family: 'catalog',
    endpoint: 'GetProductAndSkuIds',
    path: '/api/catalog_system/pvt/products/GetProductAndSkuIds',
    query: { _from: from, _to: from + size - 1 },
  });
  const body = expectRecord(response.body, 'GetProductAndSkuIds');
  const data = expectRecord(body.data ?? {}, 'GetProductAndSkuIds data');
  const range = expectRecord(body.range, 'GetProductAndSkuIds range');
  const total = expectInteger(range.total, 'GetProductAndSkuIds range.total');
  const products = Object.entries(data).map(([productId, skuIds]) => ({
    productId: Number(productId),
    skuIds: expectArray(skuIds, `GetProductAndSkuIds SKUs of product ${productId}`).map((id) => expectInteger(id, 'a SKU id')),
  }));
  return { from, next: from + products.length, total, products };
}

async function fetchDetails(context: StreamContext, window: IdWindow): Promise<EntityWrite[]> {
  const productRequests = window.products.map(({ productId }) => fetchProduct(context, productId));
  const skuIds = window.products.flatMap((product) => product.skuIds);
  const skuRequests = skuIds.map((skuId) => fetchSku(context, skuId));
  const [products, skus] = await Promise.all([Promise.all(productRequests), Promise.all(skuRequests)]);
  return [
    { entity: 'products', rows: rowsOf(context, products, window.products.map((p) => String(p.productId)), 'products', productRow) },
    { entity: 'skus', rows: rowsOf(context, skus, skuIds.map(String), 'skus', skuRow) },
  ];
}

function fetchProduct(context: StreamContext, productId: number): Promise<VtexResponse | undefined> {
  return fetchOrLose(
    context,
    { family: 'catalog', endpoint: 'product', path: `/api/catalog/pvt/product/${productId}` },
    { entity: 'products', itemKey: String(productId) },
  );
}

function fetchSku(context: StreamContext, skuId: number): Promise<VtexResponse | undefined> {
  return fetchOrLose(
    context,
    { family: 'catalog', endpoint: 'stockkeepingunitbyid', path: `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${skuId}` },
    { entity: 'skus', itemKey: String(skuId) },
  );
}

/** Turns responses into rows; a 2xx body of the wrong shape is lost like a failed request. */
function rowsOf(
  context: StreamContext,
  responses: ReadonlyArray<VtexResponse | undefined>,
  keys: readonly string[],
  entity: 'products' | 'skus',
  toRow: (response: VtexResponse) => StagedRow,
): StagedRow[] {
  const rows: StagedRow[] = [];
  responses.forEach((response, index) => {
    if (!response) return;
    try {
      rows.push(toRow(response));
    } catch (error) {
      context.lose({ entity, itemKey: keys[index], request: `GET ${entity} ${keys[index]}`, status: response.status, error: (error as Error).message, attempts: 1 });
    }
  });
  return rows;
}

export function productRow(response: VtexResponse): StagedRow {
  const product = expectRecord(response.body, 'product');
  return {
    id: expectInteger(product.Id, 'product Id'),
    raw: response.json,
    name: optionalString(product.Name),
    ref_id: optionalString(product.RefId),
    category_id: optionalInteger(product.CategoryId),
    brand_id: optionalInteger(product.BrandId),
    is_active: optionalFlag(product.IsActive),
  };
}

export function skuRow(response: VtexResponse): StagedRow {
  const sku = expectRecord(response.body, 'SKU');
  const alternateIds = sku.AlternateIds && typeof sku.AlternateIds === 'object' ? (sku.AlternateIds as Record<string, unknown>) : {};
  return {
    id: expectInteger(sku.Id, 'SKU Id'),
    product_id: expectInteger(sku.ProductId, 'SKU ProductId'),
    raw: response.json,
    name: optionalString(sku.NameComplete) ?? optionalString(sku.SkuName),
    ref_id: optionalString(alternateIds.RefId),
    is_active: optionalFlag(sku.IsActive),
  };
}
