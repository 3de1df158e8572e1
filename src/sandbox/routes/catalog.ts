import { categoryTreeJson } from '../category-tree.js';
import { RESOURCES } from '../keys.js';
import { CATALOG_ACCOUNT_PER_MINUTE, CATALOG_ENDPOINT_PER_MINUTE } from '../rate-limit.js';
import type { RateLimit } from '../rate-limit.js';
import { errorReply, intParam, jsonReply } from '../route.js';
import type { Reply, Route, RouteRequest, SandboxEnv } from '../route.js';

type CatalogHandler = (env: SandboxEnv, request: RouteRequest) => Reply;

/** Catalog: 45,000 requests/min per account and 15,000/min per endpoint (FACTS.md). */
export function catalogRoutes(env: SandboxEnv): Route[] {
  const route = (name: string, pattern: RegExp, resource: string, handler: CatalogHandler): Route => ({
    name: `catalog.${name}`,
    method: 'GET',
    pattern,
    family: 'catalog',
    resources: [resource],
    limits: catalogLimits(`catalog.${name}`),
    handle: (request) => handler(env, request),
  });
  return [
    route('productAndSkuIds', /^\/api\/catalog_system\/pvt\/products\/GetProductAndSkuIds$/, RESOURCES.productIds, productAndSkuIds),
    route('product', /^\/api\/catalog\/pvt\/product\/(?<id>[^/]+)$/, RESOURCES.productDetails, product),
    route('skuIds', /^\/api\/catalog_system\/pvt\/sku\/stockkeepingunitids$/, RESOURCES.skus, skuIds),
    route('sku', /^\/api\/catalog_system\/pvt\/sku\/stockkeepingunitbyid\/(?<id>[^/]+)$/, RESOURCES.skus, sku),
    route('categoryTree', /^\/api\/catalog_system\/pub\/category\/tree\/(?<levels>[^/]+)$/, RESOURCES.category, categoryTree),
    route('brands', /^\/api\/catalog_system\/pvt\/brand\/pagedlist$/, RESOURCES.brands, brands),
  ];
}

function catalogLimits(endpoint: string): RateLimit[] {
  return [
    { bucket: 'catalog', perMinute: CATALOG_ACCOUNT_PER_MINUTE },
    { bucket: endpoint, perMinute: CATALOG_ENDPOINT_PER_MINUTE },
  ];
}

/** `_from`/`_to` are 1-based positions over products by id, both included; at most 250 per call. */
function productAndSkuIds(env: SandboxEnv, { query }: RouteRequest): Reply {
  const from = intParam(query, '_from', 1);
  const to = intParam(query, '_to', 10);
  const categoryId = intParam(query, 'categoryId', 0);
  if (!(from >= 1 && to >= from) || Number.isNaN(categoryId)) return errorReply('catalog', 400, '_from and _to must be positive integers with _from <= _to.');
  const max = env.options.productIdsMaxSpan;
  if (to - from + 1 > max && env.options.productIdsOverLimit === 'error') return errorReply('catalog', 400, `The range is limited to ${max} products.`);
  const catalog = env.dataset.catalog;
  const positions = categoryId > 0 ? catalog.productsInCategory(categoryId) : undefined;
  const total = positions ? positions.length : catalog.productIds.length;
  const last = Math.min(to, from + max - 1, total);
  const data: Record<string, number[]> = {};
  for (let position = from; position <= last; position += 1) {
    const index = positions ? (positions[position - 1] as number) : position - 1;
    data[String(catalog.productIds[index])] = catalog.skuIdsOfProduct(index);
  }
  return jsonReply({ data, range: { total, from, to } });
}

function product(env: SandboxEnv, { params }: RouteRequest): Reply {
  const index = env.dataset.indexOf('products', params.id ?? '');
  return index < 0 ? errorReply('catalog', 404, 'Product not found.') : jsonReply(env.dataset.productByIndex(index));
}

/** Plain array of SKU ids by id; `pagesize` at most 1,000; no total. */
function skuIds(env: SandboxEnv, { query }: RouteRequest): Reply {
  const page = intParam(query, 'page', 1);
  const pageSize = intParam(query, 'pagesize', 10);
  if (!(page >= 1 && pageSize >= 1)) return errorReply('catalog', 400, 'page and pagesize must be positive integers.');
  if (pageSize > env.options.skuIdsMaxPageSize) return errorReply('catalog', 400, `pagesize is limited to ${env.options.skuIdsMaxPageSize}.`);
  const start = (page - 1) * pageSize;
  return jsonReply(Array.from(env.dataset.catalog.skuIds.subarray(start, start + pageSize)));
}

function sku(env: SandboxEnv, { params }: RouteRequest): Reply {
  const index = env.dataset.indexOf('skus', params.id ?? '');
  return index < 0 ? errorReply('catalog', 404, 'SKU not found.') : jsonReply(env.dataset.skuByIndex(index));
}

function categoryTree(env: SandboxEnv, { params }: RouteRequest): Reply {
  const levels = /^\d+$/.test(params.levels ?? '') ? Number(params.levels) : Number.NaN;
  if (!(levels >= 1)) return errorReply('catalog', 400, 'categoryLevels must be a positive integer.');
  return jsonReply(categoryTreeJson(env.dataset.catalog.categories, levels));
}

/** `{items, paging: {page, perPage, total, pages}}`, brands by id. */
function brands(env: SandboxEnv, { query }: RouteRequest): Reply {
  const page = intParam(query, 'page', 1);
  const perPage = intParam(query, 'pageSize', 20);
  if (!(page >= 1 && perPage >= 1)) return errorReply('catalog', 400, 'page and pageSize must be positive integers.');
  const all = env.dataset.catalog.brands;
  const items = all.slice((page - 1) * perPage, page * perPage).map((brand) => ({ ...brand }));
  return jsonReply({ items, paging: { page, perPage, total: all.length, pages: Math.ceil(all.length / perPage) } });
}
