import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { call, getJson, NOW } from './helpers.js';

interface ProductAndSkuIds {
  data: Record<string, number[]>;
  range: { total: number; from: number; to: number };
}

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ now: NOW, seed: 11, products: 620, brands: 45 });
});
afterAll(() => sandbox.close());

const productIds = (from: number, to: number, extra = '') => getJson<ProductAndSkuIds>(sandbox, `/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=${from}&_to=${to}${extra}`);

describe('GetProductAndSkuIds', () => {
  it('pages 250 at a time through every product and SKU, with range.total', async () => {
    const truth = sandbox.truth(['products', 'skus']);
    const products: string[] = [];
    const skus: string[] = [];
    for (let from = 1; from <= 620; from += 250) {
      const page = await productIds(from, from + 249);
      expect(page.range).toEqual({ total: 620, from, to: from + 249 });
      for (const [product, skuIds] of Object.entries(page.data)) {
        products.push(product);
        skus.push(...skuIds.map(String));
      }
    }
    expect(products.length).toBe(620);
    expect(products.sort()).toEqual(truth.products?.ids);
    expect(skus.sort()).toEqual(truth.skus?.ids);
    expect(Object.values((await productIds(1, 620)).data).some((ids) => ids.length === 0)).toBe(true);
  });

  it('uses integer ids with gaps', () => {
    const ids = (sandbox.truth(['products']).products?.ids ?? []).map(Number).sort((a, b) => a - b);
    expect(ids.at(-1)).toBeGreaterThan(ids.length);
  });

  it('silently serves only 250 when asked for more (default), or answers 400 when configured', async () => {
    const page = await productIds(1, 400);
    expect(Object.keys(page.data).length).toBe(250);
    expect(page.range).toEqual({ total: 620, from: 1, to: 400 });
    const strict = await startSandbox({ now: NOW, products: 300, customers: 1, orders: 1, productIdsOverLimit: 'error' });
    try {
      expect((await call(strict, '/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=1&_to=251')).status).toBe(400);
      expect((await call(strict, '/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=1&_to=250')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('answers 400 for a reversed or malformed range', async () => {
    expect((await call(sandbox, '/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=5&_to=4')).status).toBe(400);
    expect((await call(sandbox, '/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=0&_to=4')).status).toBe(400);
    expect((await call(sandbox, '/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=a&_to=4')).status).toBe(400);
  });

  it('filters by categoryId (a department covers its subcategories)', async () => {
    const tree = await getJson<Array<{ id: number }>>(sandbox, '/api/catalog_system/pub/category/tree/1');
    let sum = 0;
    for (const department of tree) {
      const page = await productIds(1, 250, `&categoryId=${department.id}`);
      for (const id of Object.keys(page.data)) expect((sandbox.document('products', id) as { DepartmentId: number }).DepartmentId).toBe(department.id);
      sum += page.range.total;
    }
    expect(sum).toBe(620);
  });
});

describe('product and SKU documents', () => {
  it('serves the documents truth() hashes', async () => {
    const truth = sandbox.truth(['products', 'skus']);
    for (const id of truth.products?.ids.slice(0, 25) ?? []) {
      const body = await getJson<unknown>(sandbox, `/api/catalog/pvt/product/${id}`);
      expect(body).toEqual(sandbox.document('products', id));
      expect(documentHash(body)).toBe(truth.products?.hashes.get(id));
    }
    for (const id of truth.skus?.ids.slice(0, 25) ?? []) {
      const body = await getJson<{ Id: number; ProductId: number }>(sandbox, `/api/catalog_system/pvt/sku/stockkeepingunitbyid/${id}`);
      expect(body.Id).toBe(Number(id));
      expect(documentHash(body)).toBe(truth.skus?.hashes.get(id));
    }
  });

  it('answers 404 for an id in a gap', async () => {
    const ids = new Set(sandbox.truth(['products']).products?.ids);
    let gap = 1;
    while (ids.has(String(gap))) gap += 1;
    expect((await call(sandbox, `/api/catalog/pvt/product/${gap}`)).status).toBe(404);
    expect((await call(sandbox, '/api/catalog_system/pvt/sku/stockkeepingunitbyid/1')).status).toBe(404);
  });
});

describe('stockkeepingunitids', () => {
  it('pages SKU ids by id, up to 1,000 per page, and ends with a short page', async () => {
    const all = sandbox.truth(['skus']).skus?.ids ?? [];
    const seen: number[] = [];
    for (let page = 1; ; page += 1) {
      const ids = await getJson<number[]>(sandbox, `/api/catalog_system/pvt/sku/stockkeepingunitids?page=${page}&pagesize=1000`);
      seen.push(...ids);
      if (ids.length < 1000) break;
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.map(String).sort()).toEqual(all);
  });

  it('answers 400 for pagesize 1001', async () => {
    expect((await call(sandbox, '/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1001')).status).toBe(400);
  });
});

describe('category tree', () => {
  it('serves 1 to 3 levels; nodes without children equal truth()', async () => {
    const one = await getJson<Array<{ children: unknown[]; hasChildren: boolean }>>(sandbox, '/api/catalog_system/pub/category/tree/1');
    expect(one.every((node) => node.children.length === 0)).toBe(true);
    expect(one.some((node) => node.hasChildren)).toBe(true);
    type Node = { id: number; children: Node[] } & Record<string, unknown>;
    const three = await getJson<Node[]>(sandbox, '/api/catalog_system/pub/category/tree/3');
    const nodes: Node[] = [];
    const visit = (node: Node) => {
      nodes.push(node);
      node.children.forEach(visit);
    };
    three.forEach(visit);
    const truth = sandbox.truth(['categories']).categories;
    expect(nodes.map((node) => String(node.id)).sort()).toEqual(truth?.ids);
    for (const { children: _children, ...node } of nodes) expect(documentHash(node)).toBe(truth?.hashes.get(String(node.id)));
    expect(nodes.some((node) => (node.url as string).split('/').length === 6)).toBe(true);
    expect((await call(sandbox, '/api/catalog_system/pub/category/tree/x')).status).toBe(400);
  });
});

describe('brands pagedlist', () => {
  it('pages every brand with paging totals', async () => {
    const truth = sandbox.truth(['brands']).brands;
    const items: Array<Record<string, unknown>> = [];
    for (let page = 1; page <= 3; page += 1) {
      const body = await getJson<{ items: Array<Record<string, unknown>>; paging: unknown }>(sandbox, `/api/catalog_system/pvt/brand/pagedlist?page=${page}&pageSize=20`);
      expect(body.paging).toEqual({ page, perPage: 20, total: 45, pages: 3 });
      items.push(...body.items);
    }
    expect(items.length).toBe(45);
    expect((await call(sandbox, '/api/catalog_system/pvt/brand/pagedlist?page=0&pageSize=20')).status).toBe(400);
    expect((await getJson<{ items: unknown[] }>(sandbox, '/api/catalog_system/pvt/brand/pagedlist?page=4&pageSize=20')).items).toEqual([]);
    expect(items.map((item) => String(item.id)).sort()).toEqual(truth?.ids);
    for (const item of items) expect(documentHash(item)).toBe(truth?.hashes.get(String(item.id)));
  });
});
