import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { checkAccess, preflight } from '../../src/credentials/access-check.js';
import type { AccessClient } from '../../src/credentials/access-check.js';
import type { Entity } from '../../src/credentials/requirements.js';
import type { VtexRequest, VtexResponse } from '../../src/vtex/client.js';
import { describeRequest } from '../../src/vtex/client.js';
import { VtexHttpError } from '../../src/vtex/http-error.js';

const CREDENTIALS = { appKey: 'vtexappkey-acme-ABCDEF', appToken: new Secret('THETOKENTHETOKEN') };
const JWT = `h.${Buffer.from(JSON.stringify({ sub: 'vtexappkey-acme-ABCDEF', account: 'acme', userId: 'user-1' })).toString('base64url')}.s`;

type Answer = { status: number; body?: unknown } | 'fail' | 'down';

/** A fake VtexClient: answers by "METHOD path" prefix; 403 for anything not listed. */
function fakeClient(answers: Record<string, Answer>): AccessClient & { calls: VtexRequest[] } {
  const calls: VtexRequest[] = [];
  return {
    calls,
    request: async (request: VtexRequest): Promise<VtexResponse> => {
      calls.push(request);
      const label = describeRequest(request);
      const key = Object.keys(answers).find((prefix) => label.startsWith(prefix));
      const answer: Answer = key === undefined ? { status: 403 } : (answers[key] as Answer);
      if (answer === 'fail') throw new VtexHttpError({ status: 503, request: label, attempts: 3, detail: 'Service Unavailable' });
      if (answer === 'down') throw new VtexHttpError({ failure: 'network', request: label, attempts: 3, detail: 'ECONNREFUSED' });
      const ok = (answer.status >= 200 && answer.status < 300) || (request.acceptStatuses ?? []).includes(answer.status);
      if (!ok) throw new VtexHttpError({ status: answer.status, request: label, attempts: 1, detail: '' });
      const text = JSON.stringify(answer.body ?? '');
      return { status: answer.status, headers: {}, body: answer.body, text, json: text };
    },
  };
}

const LOGIN_OK: Record<string, Answer> = { 'POST /api/vtexid/apptoken/login': { status: 200, body: { authStatus: 'Success', token: JWT, expires: 1 } } };
const CATALOG_OK: Record<string, Answer> = {
  'GET /api/catalog_system/pvt/products/GetProductAndSkuIds': { status: 200, body: { data: { '7': [70] }, range: { total: 1, from: 1, to: 1 } } },
  'GET /api/catalog/pvt/product/7': { status: 200, body: { Id: 7 } },
  'GET /api/catalog_system/pvt/sku/stockkeepingunitids': { status: 200, body: [70] },
  'GET /api/catalog_system/pub/category/tree/1': { status: 200, body: [] },
  'GET /api/catalog_system/pvt/brand/pagedlist': { status: 200, body: { items: [] } },
};
const MD_OK: Record<string, Answer> = { 'GET /api/dataentities/CL/search': { status: 200, body: [] }, 'GET /api/dataentities/AD/search': { status: 200, body: [] } };
const ORDERS_OK: Record<string, Answer> = {
  'GET /api/oms/pvt/orders?': { status: 200, body: { list: [{ orderId: 'v5-01' }] } },
  'GET /api/oms/pvt/orders/v5-01': { status: 200, body: { orderId: 'v5-01' } },
};
const ALL: Entity[] = ['products', 'customers', 'orders'];
const statuses = (report: Awaited<ReturnType<typeof checkAccess>>) => report.capabilities.map((row) => `${row.id}:${row.status}:${row.httpStatus ?? '-'}`);

describe('checkAccess', () => {
  it('all granted: login body carries the key pair, every probe 200, roles read with the JWT userId', async () => {
    const client = fakeClient({ ...LOGIN_OK, ...CATALOG_OK, ...MD_OK, ...ORDERS_OK, 'GET /api/license-manager/users/user-1/roles': { status: 200, body: [{ id: 1, name: 'Migration - Catalog read' }, { id: 3, name: 'OMS - Full access' }] } });
    const report = await checkAccess(client, ALL, { credentials: CREDENTIALS });
    expect(statuses(report)).toEqual([
      'product-sku-ids:granted:200', 'product-details:granted:200', 'sku-ids:granted:200', 'category-tree:granted:200', 'brands:granted:200',
      'customers:granted:200', 'addresses:granted:200', 'list-orders:granted:200', 'order-details:granted:200',
    ]);
    expect([report.login, report.verdict, report.roles, report.warnings]).toEqual(['ok', 'ok', ['Migration - Catalog read', 'OMS - Full access'], []]);
    expect(client.calls[0]).toMatchObject({ method: 'POST', body: { appkey: 'vtexappkey-acme-ABCDEF', apptoken: 'THETOKENTHETOKEN' } });
    expect(client.calls.find((call) => call.path.includes('dataentities/CL'))?.headers).toEqual({ 'REST-Range': 'resources=0-1' });
    expect(JSON.stringify(report)).not.toContain(JWT);
  });

  it.each<[string, Answer]>([
    ['401', { status: 401, body: { authStatus: 'WrongCredentials' } }],
    ['200 without Success', { status: 200, body: { authStatus: 'WrongCredentials' } }],
    ['200 without a token', { status: 200, body: { authStatus: 'Success' } }],
    ['403', { status: 403 }],
  ])('a login answering %s is rejected and nothing is probed', async (_what, answer) => {
    const client = fakeClient({ 'POST /api/vtexid/apptoken/login': answer });
    const report = await checkAccess(client, ALL, { credentials: CREDENTIALS });
    expect([report.login, report.verdict, report.capabilities]).toEqual(['rejected', 'rejected', []]);
    expect(client.calls).toHaveLength(1);
  });

  it('a login that cannot be reached is a NETWORK error; one the server keeps failing is SERVER_RESPONSE', async () => {
    await expect(checkAccess(fakeClient({ 'POST /api/vtexid/apptoken/login': 'down' }), ALL, { credentials: CREDENTIALS })).rejects.toMatchObject({ code: 'NETWORK' });
    await expect(checkAccess(fakeClient({ 'POST /api/vtexid/apptoken/login': 'fail' }), ALL, { credentials: CREDENTIALS })).rejects.toMatchObject({
      code: 'SERVER_RESPONSE', message: 'Could not log in to VTEX: POST /api/vtexid/apptoken/login failed with HTTP 503 after 3 attempts: Service Unavailable',
    });
  });

  it('403s are missing; the detail probe behind a refused or empty list is not probed, with the reason', async () => {
    const refused = await checkAccess(fakeClient({ ...LOGIN_OK, ...CATALOG_OK, 'GET /api/catalog_system/pvt/brand/pagedlist': { status: 403 } }), ALL, { credentials: CREDENTIALS });
    expect(statuses(refused)).toEqual([
      'product-sku-ids:granted:200', 'product-details:granted:200', 'sku-ids:granted:200', 'category-tree:granted:200', 'brands:missing:403',
      'customers:missing:403', 'addresses:missing:403', 'list-orders:missing:403', 'order-details:not-probed:-',
    ]);
    expect(refused.capabilities.at(-1)?.note).toBe('needs a record from "list orders", which is not granted (HTTP 403)');
    expect([refused.verdict, refused.roles]).toEqual(['missing', 'unavailable']);

    const empty = await checkAccess(fakeClient({ ...LOGIN_OK, 'GET /api/oms/pvt/orders?': { status: 200, body: { list: [] } } }), ['orders'], { credentials: CREDENTIALS });
    expect(statuses(empty)).toEqual(['list-orders:granted:200', 'order-details:not-probed:-']);
    expect([empty.verdict, empty.warnings]).toEqual(['ok', ['order details: not probed, because it needs a record from "list orders", which returned no record to read.']]);
  });

  it.each<[string, Answer, string, string]>([
    ['a 503 after retries', 'fail', 'needs a record from "list orders", whose probe failed (HTTP 503 after retries)', 'inconclusive'],
    ['no answer at all', 'down', 'needs a record from "list orders", whose probe failed (no answer after retries)', 'inconclusive'],
    ['a 404', { status: 404 }, 'needs a record from "list orders", which answered HTTP 404', 'inconclusive'],
  ])('a list probe that ends in %s: order details not probed, and the reason names the real cause', async (_what, answer, note, verdict) => {
    const report = await checkAccess(fakeClient({ ...LOGIN_OK, 'GET /api/oms/pvt/orders?': answer }), ['orders'], { credentials: CREDENTIALS });
    expect(report.capabilities.map((row) => [row.id, row.status, row.note ?? ''])).toEqual([
      ['list-orders', 'unknown', expect.any(String)],
      ['order-details', 'not-probed', note],
    ]);
    expect(report.verdict).toBe(verdict);
    expect(report.warnings.at(-1)).toBe(`order details: not probed, because it ${note}.`);
    expect(report.warnings.join('\n')).not.toContain('not granted');
  });

  it('the detail probes use the listed ids', async () => {
    const client = fakeClient({ ...LOGIN_OK, ...CATALOG_OK, ...ORDERS_OK });
    await checkAccess(client, ['products', 'orders'], { credentials: CREDENTIALS, roles: false });
    const paths = client.calls.map((call) => call.path);
    expect(paths).toContain('/api/catalog/pvt/product/7');
    expect(paths).toContain('/api/oms/pvt/orders/v5-01');
    expect(paths.some((path) => path.includes('license-manager'))).toBe(false);
  });

  it('a probe that fails after retries is unknown and makes the verdict inconclusive', async () => {
    const report = await checkAccess(fakeClient({ ...LOGIN_OK, ...MD_OK, 'GET /api/dataentities/AD/search': 'fail' }), ['customers'], { credentials: CREDENTIALS });
    expect(statuses(report)).toEqual(['customers:granted:200', 'addresses:unknown:503']);
    expect(report.verdict).toBe('inconclusive');
  });

  it('an admin role draws a least-privilege warning', async () => {
    const client = fakeClient({ ...LOGIN_OK, ...CATALOG_OK, 'GET /api/license-manager/users/user-1/roles': { status: 200, body: [{ id: 1, name: 'Owner (Admin Super)' }] } });
    const report = await checkAccess(client, ['products'], { credentials: CREDENTIALS });
    expect(report.warnings).toEqual([expect.stringMatching(/^Role "Owner \(Admin Super\)" grants far more than reading products needs\./)]);
    expect(report.verdict).toBe('ok');
  });
});

describe('preflight', () => {
  it('returns the report when nothing is missing', async () => {
    const report = await preflight(fakeClient({ ...LOGIN_OK, ...CATALOG_OK }), ['products'], { credentials: CREDENTIALS });
    expect(report.verdict).toBe('ok');
  });

  it('throws CREDENTIALS_REJECTED on a rejected login', async () => {
    await expect(preflight(fakeClient({ 'POST /api/vtexid/apptoken/login': { status: 401 } }), ['products'], { credentials: CREDENTIALS })).rejects.toMatchObject({
      code: 'CREDENTIALS_REJECTED', message: 'VTEX rejected the app key and token (login answered HTTP 401).',
    });
  });

  it('throws PERMISSION_MISSING naming each missing resource once', async () => {
    const client = fakeClient({ ...LOGIN_OK, ...CATALOG_OK, 'GET /api/catalog_system/pvt/brand/pagedlist': { status: 403 }, 'GET /api/oms/pvt/orders?': { status: 200, body: { list: [{ orderId: 'v5-01' }] } } });
    await expect(preflight(client, ALL, { credentials: CREDENTIALS })).rejects.toMatchObject({
      code: 'PERMISSION_MISSING',
      message:
        'The key lacks 3 License Manager resources this run needs: Catalog / Content / Brands (for brands); Dynamic Storage / Dynamic storage generic resources / Read only documents (for customers (CL), addresses (AD)); OMS / OMS access / View order (for order details).',
    });
  });
});
