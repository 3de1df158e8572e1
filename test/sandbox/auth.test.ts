import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { call, NOW } from './helpers.js';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ now: NOW, seed: 3, products: 50, customers: 50, orders: 100 });
});
afterAll(() => sandbox.close());

const login = (appkey: string, apptoken: string) => call(sandbox, '/api/vtexid/apptoken/login?an=sandbox', { key: null, method: 'POST', body: { appkey, apptoken } });

function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('VTEX ID app-token login', () => {
  it('answers Success with a JWT carrying sub, account and userId', async () => {
    const key = sandbox.key('full-read');
    const answer = await login(key.appKey, key.appToken);
    expect(answer.status).toBe(200);
    const body = answer.json as { authStatus: string; token: string; expires: number };
    expect(body.authStatus).toBe('Success');
    expect(body.expires).toBe(Math.floor(NOW / 1000) + 21_600);
    expect(jwtPayload(body.token)).toMatchObject({ sub: key.appKey, account: 'sandbox', userId: key.userId });
  });

  it('refuses a wrong token with 401 WrongCredentials', async () => {
    const answer = await login(sandbox.key('full-read').appKey, 'WRONG');
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ authStatus: 'WrongCredentials' });
  });

  it('accepts the login token as VtexIdclientAutCookie', async () => {
    const key = sandbox.key('catalog-only');
    const { token } = (await login(key.appKey, key.appToken)).json as { token: string };
    const answer = await call(sandbox, '/api/catalog_system/pub/category/tree/1', { key: null, headers: { VtexIdclientAutCookie: token } });
    expect(answer.status).toBe(200);
  });
});

describe('401: missing or wrong credentials, with each service\'s body shape', () => {
  const wrong = { key: null, headers: { 'x-vtex-api-appkey': 'vtexappkey-sandbox-FULLRD', 'x-vtex-api-apptoken': 'nope' } };
  it.each([
    ['/api/catalog/pvt/product/1', { title: 'Unauthorized', status: 401 }],
    ['/api/dataentities/CL/search?_fields=id', { Message: 'Unauthorized' }],
    ['/api/oms/pvt/orders', { error: { code: '1', message: 'Unauthorized', exception: null } }],
    ['/api/license-manager/users/x/roles', { Message: 'Unauthorized' }],
  ])('%s', async (path, body) => {
    const answer = await call(sandbox, path, wrong);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject(body);
    const none = await call(sandbox, path, { key: null });
    expect(none.status).toBe(401);
  });
});

describe('403: a valid key lacking the License Manager resource', () => {
  const probes = {
    productIds: '/api/catalog_system/pvt/products/GetProductAndSkuIds?_from=1&_to=1',
    product: '/api/catalog/pvt/product/1',
    skus: '/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1',
    category: '/api/catalog_system/pub/category/tree/1',
    brands: '/api/catalog_system/pvt/brand/pagedlist?page=1&pageSize=1',
    customers: '/api/dataentities/CL/search?_fields=id',
    addresses: '/api/dataentities/AD/search?_fields=id',
    listOrders: '/api/oms/pvt/orders?per_page=1',
  };
  async function statuses(key: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, path] of Object.entries(probes)) out[name] = (await call(sandbox, path, { key })).status;
    const orderId = sandbox.truth(['orders']).orders?.ids[0] ?? '';
    out.viewOrder = (await call(sandbox, `/api/oms/pvt/orders/${orderId}`, { key })).status;
    return out;
  }
  const product = () => sandbox.truth(['products']).products?.ids[0] ?? '';

  it('full-read reads everything', async () => {
    probes.product = `/api/catalog/pvt/product/${product()}`;
    expect(Object.values(await statuses('full-read')).every((status) => status === 200)).toBe(true);
  });

  it('catalog-only, no-master-data and list-orders-only get exactly their resources', async () => {
    probes.product = `/api/catalog/pvt/product/${product()}`;
    const catalog = { productIds: 200, product: 200, skus: 200, category: 200, brands: 200 };
    expect(await statuses('catalog-only')).toEqual({ ...catalog, customers: 403, addresses: 403, listOrders: 403, viewOrder: 403 });
    expect(await statuses('no-master-data')).toEqual({ ...catalog, customers: 403, addresses: 403, listOrders: 200, viewOrder: 200 });
    expect(await statuses('list-orders-only')).toEqual({ ...catalog, customers: 200, addresses: 200, listOrders: 200, viewOrder: 403 });
  });

  it('answers 403 bodies shaped per service', async () => {
    const md = await call(sandbox, probes.customers, { key: 'catalog-only' });
    expect(md.json).toMatchObject({ Message: expect.stringContaining('Read only documents') });
    const oms = await call(sandbox, probes.listOrders, { key: 'catalog-only' });
    expect(oms.json).toMatchObject({ error: { code: '1', message: expect.stringContaining('List Orders') } });
  });
});

describe('License Manager roles', () => {
  const roles = (userId: string, key: string) => call(sandbox, `/api/license-manager/users/${userId}/roles`, { key });

  it('answers only keys with "Find user by email"', async () => {
    const answer = await roles(sandbox.key('full-read').userId, 'full-read');
    expect(answer.status).toBe(403);
  });

  it('lets roles-reader read its own roles, which hold no admin role', async () => {
    const answer = await roles(sandbox.key('roles-reader').userId, 'roles-reader');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(sandbox.key('roles-reader').roles);
    expect((answer.json as Array<{ name: string }>).some((role) => role.name.includes('Admin'))).toBe(false);
  });

  it('shows the admin key\'s admin role', async () => {
    const answer = await roles(sandbox.key('admin').userId, 'admin');
    expect(answer.json).toContainEqual({ id: 1, name: 'Owner (Admin Super)' });
  });

  it('answers 404 for an unknown user', async () => {
    expect((await roles('00000000-0000-0000-0000-000000000000', 'admin')).status).toBe(404);
  });
});

describe('revocation', () => {
  it('revokeKey makes requests and logins 401 until restoreKey', async () => {
    const key = sandbox.key('no-master-data');
    const path = '/api/catalog_system/pub/category/tree/1';
    expect((await call(sandbox, path, { key: key.name })).status).toBe(200);
    sandbox.revokeKey(key.appKey);
    expect((await call(sandbox, path, { key: key.name })).status).toBe(401);
    expect((await login(key.appKey, key.appToken)).status).toBe(401);
    expect((await call(sandbox, path, { key: 'full-read' })).status).toBe(200);
    sandbox.restoreKey(key.appKey);
    expect((await call(sandbox, path, { key: key.name })).status).toBe(200);
    expect(() => sandbox.revokeKey('vtexappkey-unknown')).toThrow(/Unknown app key/);
  });

  it('can answer a failed login with 200 when configured', async () => {
    const other = await startSandbox({ now: NOW, products: 5, customers: 5, orders: 5, loginFailureStatus: 200 });
    try {
      const answer = await call(other, '/api/vtexid/apptoken/login', { key: null, method: 'POST', body: { appkey: 'x', apptoken: 'y' } });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ authStatus: 'WrongCredentials' });
    } finally {
      await other.close();
    }
  });
});

it('lists its keys with the resource names of FACTS.md', () => {
  expect(sandbox.keys.map((key) => key.name)).toEqual(['full-read', 'catalog-only', 'no-master-data', 'list-orders-only', 'roles-reader', 'admin', 'no-prices', 'no-logistics', 'no-warehouses']);
  expect(sandbox.key('full-read').resources).toEqual(['Product management', 'Product and SKU Management', 'SKUs', 'Category', 'Brands', 'Read only documents', 'List Orders', 'View order', 'Read prices', 'Logistics viewer', 'Logistics inventory read only']);
  const lacking = (name: string) => sandbox.key('full-read').resources.filter((resource) => !sandbox.key(name).resources.includes(resource));
  expect([lacking('no-master-data'), lacking('list-orders-only'), lacking('no-prices'), lacking('no-logistics'), lacking('no-warehouses')]).toEqual([['Read only documents'], ['View order'], ['Read prices'], ['Logistics viewer', 'Logistics inventory read only'], ['Logistics viewer']]);
  expect(sandbox.keys.map((key) => key.appKey.slice(-6))).toEqual(['FULLRD', 'CATONL', 'NOMDAT', 'LSTORD', 'ROLERD', 'ADMINK', 'NOPRIC', 'NOLOGI', 'NOWHSE']);
  expect(sandbox.key('roles-reader').resources).toContain('Find user by email');
  expect(sandbox.key('full-read').resources).not.toContain('Find user by email');
});
