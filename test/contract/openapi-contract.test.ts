import { existsSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { isKnown } from './known-spec-errors.js';
import { SPEC_DIR, SpecValidator, acceptsTrivialBodies } from './spec-validator.js';
import type { ResponseSchemaRef, SchemaViolation } from './spec-validator.js';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const validator = new SpecValidator();
let sandbox: SandboxHandle;

beforeAll(async () => {
  if (!existsSync(SPEC_DIR)) throw new Error(`The official specs are expected at ${SPEC_DIR}`);
  sandbox = await startSandbox({ now: NOW, seed: 'contract', account: 'contract', products: 300, customers: 300, orders: 1200, brands: 30, rateLimitScale: 100 });
});
afterAll(() => sandbox?.close());

interface Endpoint {
  name: string;
  schema: ResponseSchemaRef;
  /** Request paths whose 200 (or `status`) bodies must validate. */
  paths: () => Promise<string[]> | string[];
  method?: 'GET' | 'POST';
  body?: () => unknown;
  key?: string;
  headers?: Record<string, string>;
  status?: number;
}

const ids = (entity: 'products' | 'skus' | 'customers' | 'addresses' | 'orders', count: number) => {
  const all = sandbox.truth([entity])[entity]?.ids ?? [];
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, index) => index % step === 0).slice(0, count);
};
const pricedSkus = (count: number) => ids('skus', count * 2).filter((id) => sandbox.truth(['prices']).prices?.hashes.get(id) !== null).slice(0, count);
const bigOrders = () => (sandbox.truth(['orders']).orders?.ids ?? []).filter((id) => ((sandbox.document('orders', id) as { items: unknown[] }).items.length > 100)).slice(0, 2);

const ENDPOINTS: Endpoint[] = [
  { name: 'vtexid.login', schema: { spec: 'vtex-id.json', path: '/api/vtexid/apptoken/login', method: 'post', status: '200' }, paths: () => ['/api/vtexid/apptoken/login'], method: 'POST', body: () => ({ appkey: sandbox.key('full-read').appKey, apptoken: sandbox.key('full-read').appToken }), key: '' },
  { name: 'licenseManager.userRoles', schema: { spec: 'license-manager.json', path: '/api/license-manager/users/{userId}/roles', method: 'get', status: '200' }, paths: () => sandbox.keys.map((key) => `/api/license-manager/users/${key.userId}/roles`), key: 'admin' },
  { name: 'catalog.productAndSkuIds', schema: { spec: 'catalog.json', path: '/api/catalog_system/pvt/products/GetProductAndSkuIds', method: 'get', status: '200' }, paths: () => ['?_from=1&_to=250', '?_from=251&_to=500', '?_from=1&_to=1'].map((query) => `/api/catalog_system/pvt/products/GetProductAndSkuIds${query}`) },
  { name: 'catalog.product', schema: { spec: 'catalog.json', path: '/api/catalog/pvt/product/{productId}', method: 'get', status: '200' }, paths: () => ids('products', 150).map((id) => `/api/catalog/pvt/product/${id}`) },
  { name: 'catalog.skuIds', schema: { spec: 'catalog.json', path: '/api/catalog_system/pvt/sku/stockkeepingunitids', method: 'get', status: '200' }, paths: () => ['/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1000'] },
  { name: 'catalog.sku', schema: { spec: 'catalog.json', path: '/api/catalog_system/pvt/sku/stockkeepingunitbyid/{skuId}', method: 'get', status: '200' }, paths: () => ids('skus', 150).map((id) => `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${id}`) },
  { name: 'catalog.categoryTree', schema: { spec: 'catalog.json', path: '/api/catalog_system/pub/category/tree/{categoryLevels}', method: 'get', status: '200' }, paths: () => ['/api/catalog_system/pub/category/tree/1', '/api/catalog_system/pub/category/tree/2', '/api/catalog_system/pub/category/tree/3'] },
  { name: 'catalog.brands', schema: { spec: 'catalog.json', path: '/api/catalog_system/pvt/brand/pagedlist', method: 'get', status: '200' }, paths: () => ['/api/catalog_system/pvt/brand/pagedlist?page=1&pageSize=30'] },
  { name: 'masterData.search', schema: { spec: 'master-data-v1.json', path: '/api/dataentities/{acronym}/search', method: 'get', status: '200' }, paths: () => ['CL', 'AD'].flatMap((entity) => [`/api/dataentities/${entity}/search?_fields=_all`, `/api/dataentities/${entity}/search?_fields=id,createdIn`, `/api/dataentities/${entity}/search`]) },
  { name: 'masterData.scroll', schema: { spec: 'master-data-v1.json', path: '/api/dataentities/{acronym}/scroll', method: 'get', status: '200' }, paths: () => ['/api/dataentities/CL/scroll?_fields=_all&_size=200', '/api/dataentities/AD/scroll?_fields=_all&_size=200'] },
  { name: 'masterData.document', schema: { spec: 'master-data-v1.json', path: '/api/dataentities/{acronym}/documents/{id}', method: 'get', status: '200' }, paths: () => [...ids('customers', 40).map((id) => `/api/dataentities/CL/documents/${id}?_fields=_all`), ...ids('addresses', 40).map((id) => `/api/dataentities/AD/documents/${id}?_fields=_all`), ...ids('customers', 5).map((id) => `/api/dataentities/CL/documents/${id}`), ...ids('customers', 5).map((id) => `/api/dataentities/CL/documents/${id}?_fields=email,firstName`)] },
  { name: 'oms.listOrders', schema: { spec: 'orders.json', path: '/api/oms/pvt/orders', method: 'get', status: '200' }, paths: () => ['/api/oms/pvt/orders?per_page=100', '/api/oms/pvt/orders?per_page=100&page=3&orderBy=creationDate,asc', '/api/oms/pvt/orders?per_page=15'] },
  { name: 'pricing.price', schema: { spec: 'pricing.json', path: '/pricing/prices/{itemId}', method: 'get', status: '200' }, paths: () => pricedSkus(150).map((id) => `/contract/pricing/prices/${id}`) },
  { name: 'pricing.tables', schema: { spec: 'pricing.json', path: '/pricing/tables', method: 'get', status: '200' }, paths: () => ['/contract/pricing/tables'] },
  { name: 'logistics.warehouses', schema: { spec: 'logistics.json', path: '/api/logistics/pvt/configuration/warehouses', method: 'get', status: '200' }, paths: () => ['/api/logistics/pvt/configuration/warehouses'] },
  { name: 'logistics.inventory', schema: { spec: 'logistics.json', path: '/api/logistics/pvt/inventory/skus/{skuId}', method: 'get', status: '200' }, paths: () => ids('skus', 150).map((id) => `/api/logistics/pvt/inventory/skus/${id}`) },
  { name: 'oms.getOrder', schema: { spec: 'orders.json', path: '/api/oms/pvt/orders/{orderId}', method: 'get', status: '200' }, paths: () => [...ids('orders', 150), ...bigOrders()].map((id) => `/api/oms/pvt/orders/${id}`) },
];

async function fetchBody(endpoint: Endpoint, path: string): Promise<{ body: unknown; status: number }> {
  const key = endpoint.key === '' ? undefined : sandbox.key(endpoint.key ?? 'full-read');
  const headers: Record<string, string> = { accept: 'application/json', ...endpoint.headers, ...(key ? { 'x-vtex-api-appkey': key.appKey, 'x-vtex-api-apptoken': key.appToken } : {}) };
  const payload = endpoint.body?.();
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await request(`${sandbox.url}${path}`, { method: endpoint.method ?? 'GET', headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
  return { body: await response.body.json(), status: response.statusCode };
}

describe('sandbox responses validate against the official OpenAPI response schemas', () => {
  it.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))('%s', async (name, endpoint) => {
    const unexpected = new Map<string, SchemaViolation & { example: string }>();
    let checked = 0;
    for (const path of await endpoint.paths()) {
      const { body, status } = await fetchBody(endpoint, path);
      expect(status, path).toBe(endpoint.status ?? 200);
      checked += 1;
      for (const violation of validator.violations(endpoint.schema, body)) {
        if (isKnown(name, violation)) continue;
        const shape = `${violation.instancePath.replace(/\/\d+(?=\/|$)/g, '/*')} ${violation.keyword}: ${violation.message}`;
        if (!unexpected.has(shape)) unexpected.set(shape, { ...violation, example: path });
      }
    }
    if (unexpected.size > 0) console.log(name, JSON.stringify([...unexpected.entries()], null, 1));
    expect(checked).toBeGreaterThan(0);
    expect([...unexpected.keys()]).toEqual([]);
  });
});

describe('spec error bodies', () => {
  it('the 10-scroll limit answers the spec\'s 400 body', async () => {
    const tokens = [];
    for (let i = 0; i < 10; i += 1) tokens.push((await fetchBody({ ...ENDPOINTS[0]!, method: 'GET', body: () => undefined, key: 'full-read' }, '/api/dataentities/CL/scroll?_size=1')).status);
    const { body, status } = await fetchBody({ ...ENDPOINTS[0]!, method: 'GET', body: () => undefined, key: 'full-read' }, '/api/dataentities/CL/scroll?_size=1');
    expect(status).toBe(400);
    expect(validator.violations({ spec: 'master-data-v1.json', path: '/api/dataentities/{acronym}/scroll', method: 'get', status: '400' }, body)).toEqual([]);
  });
});

describe('spec error bodies (private fields)', () => {
  it('a 403 on private fields answers the spec\'s 403 body', async () => {
    const strict = await startSandbox({ now: NOW, customers: 5, orders: 1, products: 1, masterDataPrivateFields: true });
    try {
      const id = strict.truth(['customers']).customers?.ids[0] ?? '';
      const key = strict.key('full-read');
      const response = await request(`${strict.url}/api/dataentities/CL/documents/${id}?_fields=_all`, { headers: { 'x-vtex-api-appkey': key.appKey, 'x-vtex-api-apptoken': key.appToken } });
      expect(response.statusCode).toBe(403);
      expect(validator.violations({ spec: 'master-data-v1.json', path: '/api/dataentities/{acronym}/documents/{id}', method: 'get', status: '403' }, await response.body.json())).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('schema looseness report', () => {
  it('lists the response schemas that accept trivially wrong bodies', () => {
    const loose = ENDPOINTS.map((endpoint) => [endpoint.name, acceptsTrivialBodies(validator.validator(endpoint.schema))] as const).filter(([, accepted]) => accepted.length > 0);
    console.log(`Response schemas that accept trivial bodies:\n${loose.map(([name, accepted]) => `  ${name}: accepts ${accepted.join(', ')}`).join('\n')}`);
    expect(loose.length).toBeGreaterThanOrEqual(0);
  });
});
