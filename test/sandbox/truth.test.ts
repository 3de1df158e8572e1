import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, documentHash, ENTITIES, SandboxOptionError, startSandbox } from '../../src/sandbox/index.js';
import type { EntityName, SandboxHandle, SandboxOptions, Truth } from '../../src/sandbox/index.js';
import { call, getJson, NOW } from './helpers.js';

const OPTIONS: SandboxOptions = { now: NOW, seed: 'determinism', products: 120, customers: 200, orders: 400, brands: 12 };
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox(OPTIONS);
});
afterAll(() => sandbox.close());

const asRecord = (truth: Truth) => Object.fromEntries(Object.entries(truth).map(([entity, value]) => [entity, { ids: value.ids, hashes: Object.fromEntries(value.hashes) }]));

describe('documentHash', () => {
  it('is sha256 of JSON with keys sorted recursively and no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], '10': true, '9': false })).toBe('{"10":true,"9":false,"a":[{"c":"x","d":null}],"b":1}');
    expect(documentHash({ b: 1, a: 2 })).toBe(documentHash({ a: 2, b: 1 }));
    expect(documentHash({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });
});

describe('determinism', () => {
  it('gives the same truth for the same seed, and another for another seed', async () => {
    const twin = await startSandbox(OPTIONS);
    const other = await startSandbox({ ...OPTIONS, seed: 'other' });
    try {
      // SKU documents name the sandbox's own origin in their image URLs: the twin listens on another port
      const skuDocs = (s: SandboxHandle) => (s.truth(['skus']).skus?.ids ?? []).map((id) => canonicalJson(s.document('skus', id)).replaceAll(s.url, 'ORIGIN'));
      expect(skuDocs(twin)).toEqual(skuDocs(sandbox));
      const withoutSkus = (s: SandboxHandle) => asRecord(s.truth(ENTITIES.filter((entity) => entity !== 'skus')));
      expect(withoutSkus(twin)).toEqual(withoutSkus(sandbox));
      const stock = ['prices', 'inventory', 'warehouses', 'priceTables'] as const;
      expect(twin.truth(stock)).toEqual(sandbox.truth(stock));
      expect(twin.truth(['images']).images?.hashes).toEqual(sandbox.truth(['images']).images?.hashes);
      expect(twin.keys).toEqual(sandbox.keys);
      expect(other.truth(['customers']).customers?.ids).not.toEqual(sandbox.truth(['customers']).customers?.ids);
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('covers every entity with sorted ids', () => {
    const truth = sandbox.truth();
    expect(Object.keys(truth).sort()).toEqual([...ENTITIES].sort());
    for (const entity of ENTITIES) {
      const ids = truth[entity]?.ids ?? [];
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual([...ids].sort());
      expect(truth[entity]?.hashes.size).toBe(ids.length);
    }
    expect(truth.customers?.ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('hostile, realistic content', () => {
  it('has Unicode, commas, quotes, newlines, formula prefixes and nulls', () => {
    const texts: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    const truth = sandbox.truth(['products', 'customers', 'addresses']);
    for (const entity of ['products', 'customers', 'addresses'] as const) for (const id of truth[entity]?.ids ?? []) collect(sandbox.document(entity, id));
    for (const prefix of ['=', '+', '-', '@']) expect(texts.some((text) => text.startsWith(prefix))).toBe(true);
    expect(texts.some((text) => text.includes('\n'))).toBe(true);
    expect(texts.some((text) => text.includes('"'))).toBe(true);
    expect(texts.some((text) => text.includes(','))).toBe(true);
    expect(texts.some((text) => /[^\u0000-\u007f]/.test(text))).toBe(true);
    const customers = (truth.customers?.ids ?? []).map((id) => sandbox.document('customers', id) as Record<string, unknown>);
    expect(customers.some((doc) => doc.updatedIn === null)).toBe(true);
    expect(customers.some((doc) => doc.updatedIn !== null)).toBe(true);
  });
});

describe('mutations', () => {
  it('changes documents and moves updatedIn / lastChange; truth and served documents follow', async () => {
    const before = sandbox.truth(['orders', 'customers', 'addresses', 'products', 'skus']);
    const at = NOW + 60_000;
    const orderIds = before.orders?.ids.slice(3, 6) ?? [];
    const customerIds = before.customers?.ids.slice(0, 2) ?? [];
    const addressIds = before.addresses?.ids.slice(0, 1) ?? [];
    const productIds = before.products?.ids.slice(0, 1) ?? [];
    sandbox.updateDocuments('orders', orderIds, { at });
    sandbox.updateDocuments('customers', customerIds, { at });
    sandbox.updateDocuments('addresses', addressIds, { at });
    sandbox.updateDocuments('products', productIds, { at });
    const after = sandbox.truth(['orders', 'customers', 'addresses', 'products', 'skus']);
    const changed = (entity: 'orders' | 'customers' | 'addresses' | 'products' | 'skus') =>
      (after[entity]?.ids ?? []).filter((id) => after[entity]?.hashes.get(id) !== before[entity]?.hashes.get(id));
    expect(changed('orders')).toEqual([...orderIds].sort());
    expect(changed('customers')).toEqual([...customerIds].sort());
    expect(changed('addresses')).toEqual(addressIds);
    expect(changed('products')).toEqual(productIds);
    const productSkus = Object.values((await getJson<{ data: Record<string, number[]> }>(sandbox, '/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=1&_to=250')).data[productIds[0] ?? ''] ?? []);
    expect(changed('skus')).toEqual(productSkus.map(String).sort());

    const order = await getJson<{ lastChange: string }>(sandbox, `/api/oms/pvt/orders/${orderIds[0]}`);
    expect(order.lastChange.slice(0, 23)).toBe(new Date(at).toISOString().slice(0, 23));
    expect(documentHash(order)).toBe(after.orders?.hashes.get(orderIds[0] ?? ''));
    const customer = await getJson<{ updatedIn: string }>(sandbox, `/api/dataentities/CL/documents/${customerIds[0]}?_fields=_all`);
    expect(customer.updatedIn.slice(0, 23)).toBe(new Date(at).toISOString().slice(0, 23));
    const since = await call(sandbox, `/api/dataentities/CL/search?_fields=id&_where=${encodeURIComponent(`updatedIn >= ${new Date(at).toISOString()}`)}`);
    expect((since.json as Array<{ id: string }>).map((doc) => doc.id).sort()).toEqual([...customerIds].sort());
    expect(() => sandbox.updateDocuments('orders', ['nope'])).toThrow(/Unknown orders id/);
  });
});

describe('served documents equal document()', () => {
  it('for a sample of every entity', async () => {
    const truth = sandbox.truth();
    const pick = (entity: EntityName) => truth[entity]?.ids[5] ?? '';
    const served: Array<[EntityName, string, string]> = [
      ['products', pick('products'), `/api/catalog/pvt/product/${pick('products')}`],
      ['skus', pick('skus'), `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${pick('skus')}`],
      ['customers', pick('customers'), `/api/dataentities/CL/documents/${pick('customers')}?_fields=_all`],
      ['addresses', pick('addresses'), `/api/dataentities/AD/documents/${pick('addresses')}?_fields=_all`],
      ['orders', pick('orders'), `/api/oms/pvt/orders/${pick('orders')}`],
    ];
    for (const [entity, id, path] of served) {
      const body = await getJson<unknown>(sandbox, path);
      expect(body).toEqual(sandbox.document(entity, id));
      expect([entity, documentHash(body)]).toEqual([entity, truth[entity]?.hashes.get(id)]);
    }
  });
});

describe('options', () => {
  it('refuses a burst day that is not a past day', async () => {
    await expect(startSandbox({ now: NOW, orderBurst: { day: '2026-06-15', count: 10 } })).rejects.toThrow(SandboxOptionError);
    await expect(startSandbox({ now: NOW, customerBurst: { day: '15/06/2026', count: 10 } })).rejects.toThrow(/not a day/);
  });

  it('refuses out-of-range options before starting, naming the option', async () => {
    const refusal = async (options: SandboxOptions) => startSandbox({ now: NOW, ...options }).then(() => 'started', (error: SandboxOptionError) => `${error.option}: ${error.message}`);
    expect(await refusal({ products: -5 })).toBe('products: products must be a whole number from 1 to 1000000 (got -5).');
    expect(await refusal({ faultRates: { serverError: 0.6, reset: 0.6 } })).toBe('faultRates: faultRates add up to 1.2; together they must be at most 1.');
    expect(await refusal({ faultRates: { slow: -0.1 } })).toBe('faultRates.slow: faultRates.slow must be a number from 0 to 1 (got -0.1).');
    expect(await refusal({ account: 'Not An Account' })).toBe('account: account must be lowercase letters, digits and hyphens (got "Not An Account").');
    expect(await refusal({ inventoryMissing: 'maybe' as '404' })).toBe('inventoryMissing: inventoryMissing must be one of empty, 404 (got maybe).');
    expect(await refusal({ now: Number.NaN })).toBe('now: now must be a valid date.');
  });

  it('binds 127.0.0.1 on a free port by default', () => {
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.port).toBeGreaterThan(0);
  });
});
