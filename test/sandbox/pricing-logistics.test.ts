import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { call, getJson, NOW } from './helpers.js';

interface FixedPrice {
  tradePolicyId: string;
  value: number;
  listPrice: number | null;
  minQuantity: number;
  dateRange?: { from: string; to: string };
}
interface Price {
  itemId: string;
  listPrice: number;
  costPrice: number;
  markup: number;
  basePrice: number;
  fixedPrices: FixedPrice[];
}
interface Balance {
  warehouseId: string;
  totalQuantity: number;
  reservedQuantity: number;
  hasUnlimitedQuantity: boolean;
}

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ now: NOW, seed: 'stock', products: 60, customers: 5, orders: 5, rateLimitScale: 100 });
});
afterAll(() => sandbox.close());

const skuIds = () => sandbox.truth(['skus']).skus?.ids ?? [];
const pricePath = (skuId: string, account = 'sandbox') => `/${account}/pricing/prices/${skuId}`;

describe('Pricing: GET /{account}/pricing/prices/{skuId}', () => {
  it('serves every SKU\'s price as truth() hashes it, and 404 exactly for the SKUs without a price', async () => {
    const truth = sandbox.truth(['prices']).prices;
    expect(truth?.ids).toEqual(skuIds());
    const prices: Price[] = [];
    const missing: string[] = [];
    for (const id of skuIds()) {
      const answer = await call(sandbox, pricePath(id));
      if (answer.status === 404) missing.push(id);
      else prices.push(answer.json as Price);
      expect([id, answer.status === 200 ? documentHash(answer.json) : null]).toEqual([id, truth?.hashes.get(id)]);
    }
    expect(missing).toEqual([...(truth?.hashes.entries() ?? [])].filter(([, hash]) => hash === null).map(([id]) => id));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length).toBeLessThan(skuIds().length * 0.15);
    expect(prices.every((price) => typeof price.itemId === 'string' && skuIds().includes(price.itemId))).toBe(true);
    const fixed = prices.flatMap((price) => price.fixedPrices);
    expect(prices.some((price) => !Number.isInteger(price.costPrice) || !Number.isInteger(price.basePrice))).toBe(true);
    expect(fixed.some((price) => !/^\d+$/.test(price.tradePolicyId))).toBe(true);
    expect(fixed.some((price) => price.minQuantity > 1)).toBe(true);
    expect(fixed.some((price) => price.dateRange?.from.endsWith('-03:00'))).toBe(true);
    expect(fixed.some((price) => price.listPrice === null) && fixed.some((price) => price.listPrice !== null)).toBe(true);
    const tables = await getJson<string[]>(sandbox, '/sandbox/pricing/tables');
    expect(fixed.every((price) => tables.includes(price.tradePolicyId))).toBe(true);
  });

  it('answers 404 for an unknown SKU and for another account\'s path', async () => {
    expect((await call(sandbox, pricePath('999999999'))).status).toBe(404);
    expect((await call(sandbox, pricePath(skuIds()[0] ?? '', 'other'))).status).toBe(404);
    expect((await call(sandbox, '/other/pricing/tables')).status).toBe(404);
  });

  it('lists the price tables, as truth() does', async () => {
    const tables = await getJson<string[]>(sandbox, '/sandbox/pricing/tables');
    expect(tables).toEqual(['1', '2', 'b2c', 'b2b', 'gold', 'reg-a']);
    expect(sandbox.truth(['priceTables']).priceTables?.ids).toEqual([...tables].sort());
  });

  it('needs "Read prices" (403 without it), and takes the login token as VtexIdclientAutCookie', async () => {
    const refused = await call(sandbox, '/sandbox/pricing/tables', { key: 'no-prices' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Read prices');
    expect((await call(sandbox, pricePath(skuIds()[0] ?? ''), { key: 'no-prices' })).status).toBe(403);
    expect((await call(sandbox, '/sandbox/pricing/tables', { key: null })).status).toBe(401);
    const key = sandbox.key('full-read');
    const login = await call(sandbox, '/api/vtexid/apptoken/login', { key: null, method: 'POST', body: { appkey: key.appKey, apptoken: key.appToken } });
    const token = (login.json as { token: string }).token;
    expect((await call(sandbox, '/sandbox/pricing/tables', { key: null, headers: { VtexIdclientAutCookie: token } })).status).toBe(200);
  });

  it('carries Ratelimit-Limit/Remaining/Reset on every answer, and 429 with Retry-After when the bucket is empty', async () => {
    const tight = await startSandbox({ now: NOW, products: 5, customers: 1, orders: 1, pricingPerMinute: 120 });
    try {
      const first = await call(tight, '/sandbox/pricing/tables');
      expect([first.status, first.headers['ratelimit-limit'], first.headers['ratelimit-remaining'], first.headers['ratelimit-reset']]).toEqual([200, '2', '1', '1']);
      expect((await call(tight, '/sandbox/pricing/prices/999999999')).headers['ratelimit-remaining']).toBe('0');
      const limited = await call(tight, '/sandbox/pricing/tables');
      expect([limited.status, limited.headers['retry-after'], limited.headers['ratelimit-remaining']]).toEqual([429, '1', '0']);
      const refused = await call(tight, '/sandbox/pricing/tables', { key: 'no-prices' });
      expect([refused.status, refused.headers['ratelimit-limit']]).toEqual([403, '2']);
      expect(tight.stats().rateLimited).toBe(1);
    } finally {
      await tight.close();
    }
  });
});

describe('changes', () => {
  it('updateDocuments changes prices and inventory of the named SKUs; truth() and document() follow', async () => {
    const changed = skuIds().slice(0, 6);
    const before = sandbox.truth(['prices', 'inventory']);
    sandbox.updateDocuments('prices', changed);
    sandbox.updateDocuments('inventory', changed.slice(0, 3));
    const after = sandbox.truth(['prices', 'inventory']);
    const moved = (name: 'prices' | 'inventory') => skuIds().filter((id) => before[name]?.hashes.get(id) !== after[name]?.hashes.get(id));
    expect(moved('prices').length).toBeGreaterThanOrEqual(5);
    expect(moved('prices').every((id) => changed.includes(id))).toBe(true);
    expect(moved('inventory')).toEqual(changed.slice(0, 3).filter((id) => before.inventory?.hashes.get(id) !== after.inventory?.hashes.get(id)));
    expect(moved('inventory').length).toBeGreaterThanOrEqual(2);
    for (const id of changed) {
      const answer = await call(sandbox, pricePath(id));
      expect(answer.status === 200 ? documentHash(answer.json) : null).toBe(after.prices?.hashes.get(id));
      expect(answer.status === 200 ? answer.json : undefined).toEqual(sandbox.document('prices', id));
      expect(documentHash(await getJson(sandbox, `/api/logistics/pvt/inventory/skus/${id}`))).toBe(after.inventory?.hashes.get(id));
    }
    expect(() => sandbox.updateDocuments('prices', ['nope'])).toThrow(/Unknown SKU id/);
  });
});

describe('Logistics', () => {
  it('lists the warehouses (one inactive, two ids differing only in case), as truth() does', async () => {
    const warehouses = await getJson<Array<{ id: string; isActive: boolean }>>(sandbox, '/api/logistics/pvt/configuration/warehouses');
    expect(warehouses.map((warehouse) => warehouse.id)).toEqual(['1937054', '140ac66', 'wh-rj', 'WH-RJ']);
    expect(warehouses.filter((warehouse) => !warehouse.isActive).map((warehouse) => warehouse.id)).toEqual(['WH-RJ']);
    const truth = sandbox.truth(['warehouses']).warehouses;
    expect(truth?.ids).toEqual(warehouses.map((warehouse) => warehouse.id).sort());
    for (const warehouse of warehouses) expect(documentHash(warehouse)).toBe(truth?.hashes.get(warehouse.id));
  });

  it('serves every SKU\'s balance in every warehouse as truth() hashes it', async () => {
    const truth = sandbox.truth(['inventory']).inventory;
    const balances: Balance[][] = [];
    for (const id of skuIds()) {
      const body = await getJson<{ skuId: string; balance: Balance[] }>(sandbox, `/api/logistics/pvt/inventory/skus/${id}`);
      expect([body.skuId, documentHash(body)]).toEqual([id, truth?.hashes.get(id)]);
      balances.push(body.balance);
    }
    const stocked = balances.filter((balance) => balance.length > 0);
    expect(stocked.every((balance) => balance.map((entry) => entry.warehouseId).join() === '1937054,140ac66,wh-rj,WH-RJ')).toBe(true);
    expect(balances.length - stocked.length).toBeGreaterThan(0);
    const entries = stocked.flat();
    expect(entries.some((entry) => entry.hasUnlimitedQuantity)).toBe(true);
    expect(entries.some((entry) => entry.reservedQuantity > 0)).toBe(true);
    expect(entries.every((entry) => entry.reservedQuantity <= entry.totalQuantity)).toBe(true);
    expect((await call(sandbox, '/api/logistics/pvt/inventory/skus/999999999')).status).toBe(404);
  });

  it('answers 404 for a SKU without inventory when inventoryMissing is 404; truth() says null', async () => {
    const strict = await startSandbox({ now: NOW, seed: 'stock', products: 60, customers: 1, orders: 1, inventoryMissing: '404' });
    try {
      const truth = strict.truth(['inventory']).inventory;
      const none = [...(truth?.hashes.entries() ?? [])].filter(([, hash]) => hash === null).map(([id]) => id);
      expect(none.length).toBeGreaterThan(0);
      for (const id of none) expect((await call(strict, `/api/logistics/pvt/inventory/skus/${id}`)).status).toBe(404);
    } finally {
      await strict.close();
    }
  });

  it('needs Logistics viewer (or full access) for warehouses, and an inventory resource for balances', async () => {
    const sku = skuIds()[0] ?? '';
    const statuses = async (key: string) => [(await call(sandbox, '/api/logistics/pvt/configuration/warehouses', { key })).status, (await call(sandbox, `/api/logistics/pvt/inventory/skus/${sku}`, { key })).status];
    expect(await statuses('full-read')).toEqual([200, 200]);
    expect(await statuses('no-logistics')).toEqual([403, 403]);
    expect(await statuses('no-warehouses')).toEqual([403, 200]);
    expect(await statuses('catalog-only')).toEqual([403, 403]);
    expect((await call(sandbox, '/api/logistics/pvt/configuration/warehouses', { key: 'no-warehouses' })).text).toContain('Logistics viewer');
  });

  it('rate-limits Logistics in one bucket (429 with Retry-After)', async () => {
    const tight = await startSandbox({ now: NOW, products: 5, customers: 1, orders: 1, logisticsPerMinute: 60 });
    try {
      const sku = tight.truth(['skus']).skus?.ids[0] ?? '';
      expect((await call(tight, '/api/logistics/pvt/configuration/warehouses')).status).toBe(200);
      const limited = await call(tight, `/api/logistics/pvt/inventory/skus/${sku}`);
      expect([limited.status, limited.headers['retry-after']]).toEqual([429, '1']);
    } finally {
      await tight.close();
    }
  });
});
