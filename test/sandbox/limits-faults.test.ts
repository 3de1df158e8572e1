import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { SandboxHandle, SandboxOptions } from '../../src/sandbox/index.js';
import { call, NOW } from './helpers.js';

let sandbox: SandboxHandle | undefined;
async function start(options: SandboxOptions): Promise<SandboxHandle> {
  sandbox = await startSandbox({ now: NOW, products: 30, customers: 30, orders: 200, ...options });
  return sandbox;
}
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const TREE = '/api/catalog_system/pub/category/tree/1';
const login = (s: SandboxHandle) => call(s, '/api/vtexid/apptoken/login', { key: null, method: 'POST', body: { appkey: s.key('full-read').appKey, apptoken: s.key('full-read').appToken } });

describe('rate limits (token buckets)', () => {
  it('allows one second\'s worth of burst per endpoint, then 429 with Retry-After', async () => {
    // scale 0.004: Catalog 180/min per account (3/s), 60/min per endpoint (1/s).
    const s = await start({ rateLimitScale: 0.004 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push(await call(s, TREE));
    expect(statuses.map((answer) => answer.status)).toEqual([200, 429, 429]);
    expect(statuses[1]?.headers['retry-after']).toBe('1');
    expect(statuses[1]?.json).toMatchObject({ status: 429 });
    expect(s.stats().rateLimited).toBe(2);
  });

  it('shares the per-account Catalog bucket between endpoints', async () => {
    const s = await start({ rateLimitScale: 0.004 });
    const product = s.truth(['products']).products?.ids[0] ?? '';
    const paths = [TREE, `/api/catalog/pvt/product/${product}`, '/api/catalog_system/pvt/brand/pagedlist?page=1&pageSize=1', '/api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1'];
    const statuses = [];
    for (const path of paths) statuses.push((await call(s, path)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('answers without Retry-After when configured', async () => {
    const s = await start({ rateLimitScale: 0.004, retryAfter: 'never' });
    await call(s, TREE);
    const limited = await call(s, TREE);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeUndefined();
  });

  it('limits Get order at 6,000/min and lets an evenly paced client through', async () => {
    // scale 0.05: 300/min = 5/s, burst 5.
    const s = await start({ rateLimitScale: 0.05 });
    const id = s.truth(['orders']).orders?.ids[0] ?? '';
    const burst = await Promise.all(Array.from({ length: 15 }, () => call(s, `/api/oms/pvt/orders/${id}`)));
    expect(burst.filter((answer) => answer.status === 200).length).toBe(5);
    expect(burst.filter((answer) => answer.status === 429).length).toBe(10);
    await sleep(1100);
    const paced = [];
    for (let i = 0; i < 10; i += 1) {
      paced.push((await call(s, `/api/oms/pvt/orders/${id}`)).status);
      await sleep(200);
    }
    expect(paced.filter((status) => status === 429).length).toBeLessThanOrEqual(1);
  });

  it('can limit List orders (undocumented ceiling, off by default) and mix Retry-After randomly', async () => {
    const s = await start({ listOrdersPerMinute: 60, retryAfter: 'random' });
    const answers = [];
    for (let i = 0; i < 40; i += 1) answers.push(await call(s, '/api/oms/pvt/orders?per_page=1'));
    expect(answers.map((answer) => answer.status)).toEqual([200, ...Array.from({ length: 39 }, () => 429)]);
    const withHeader = answers.filter((answer) => answer.headers['retry-after'] !== undefined).length;
    expect(withHeader).toBeGreaterThan(5);
    expect(withHeader).toBeLessThan(34);
    expect(answers[1]?.json).toEqual({ error: { code: '429', message: 'Too Many Requests', exception: null } });
    const unlimited = await startSandbox({ now: NOW, products: 1, customers: 1, orders: 5 });
    try {
      for (let i = 0; i < 40; i += 1) expect((await call(unlimited, '/api/oms/pvt/orders?per_page=1')).status).toBe(200);
    } finally {
      await unlimited.close();
    }
  });

  it('never limits login unless configured', async () => {
    const s = await start({ rateLimitScale: 0.0001 });
    for (let i = 0; i < 5; i += 1) expect((await login(s)).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('answers 5xx on every endpoint but login', async () => {
    const s = await start({ faultRates: { serverError: 1 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i += 1) statuses.add((await call(s, TREE)).status);
    expect([...statuses].every((status) => [500, 502, 503, 504].includes(status))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    expect((await login(s)).status).toBe(200);
    expect(s.stats().faults.serverError).toBe(20);
  });

  it('resets connections', async () => {
    const s = await start({ faultRates: { reset: 1 } });
    await expect(call(s, TREE)).rejects.toThrow();
    await sleep(20);
    expect(s.stats().byEndpoint['catalog.categoryTree']).toEqual({ reset: 1 });
    expect(s.stats().faults.reset).toBe(1);
  });

  it('truncates JSON bodies, with Content-Length or chunked framing', async () => {
    const s = await start({ faultRates: { truncate: 1 } });
    const framings = new Set<string>();
    for (let i = 0; i < 12; i += 1) {
      const response = await request(`${s.url}${TREE}`, { headers: { 'x-vtex-api-appkey': s.key('full-read').appKey, 'x-vtex-api-apptoken': s.key('full-read').appToken } });
      const text = await response.body.text();
      expect(response.statusCode).toBe(200);
      expect(() => JSON.parse(text)).toThrow();
      framings.add(response.headers['content-length'] === undefined ? 'chunked' : 'length');
      if (response.headers['content-length'] !== undefined) expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(text));
    }
    expect(framings).toEqual(new Set(['chunked', 'length']));
  });

  it('delays slow responses by slowMs', async () => {
    const s = await start({ faultRates: { slow: 1 }, slowMs: 300 });
    const started = performance.now();
    expect((await call(s, TREE)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('limits faults to faultEndpoints, and can hit login when configured', async () => {
    const s = await start({ faultRates: { serverError: 1 }, faultEndpoints: ['oms.getOrder', 'vtexid.login'], faultsOnLogin: true });
    expect((await call(s, TREE)).status).toBe(200);
    const id = s.truth(['orders']).orders?.ids[0] ?? '';
    expect((await call(s, `/api/oms/pvt/orders/${id}`)).status).toBeGreaterThanOrEqual(500);
    expect((await login(s)).status).toBeGreaterThanOrEqual(500);
  });

  it('draws the same faults from the same seed', async () => {
    const run = async () => {
      const s = await startSandbox({ now: NOW, seed: 99, products: 5, customers: 5, orders: 5, faultRates: { serverError: 0.3, truncate: 0.2 } });
      const statuses = [];
      for (let i = 0; i < 40; i += 1) {
        const answer = await call(s, TREE);
        statuses.push(answer.json === undefined ? `${answer.status}!` : String(answer.status));
      }
      await s.close();
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(2);
  });
});

describe('latency and stats', () => {
  it('adds latencyMs and counts requests per endpoint and status, and peak concurrency', async () => {
    const s = await start({ latencyMs: 100 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => call(s, TREE)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    await call(s, TREE, { key: 'catalog-only' });
    await call(s, '/api/dataentities/CL/search', { key: 'catalog-only' });
    await call(s, '/api/nothing/here');
    const stats = s.stats();
    expect(stats.totalRequests).toBe(11);
    expect(stats.byEndpoint).toEqual({ 'catalog.categoryTree': { 200: 9 }, 'masterData.search': { 403: 1 }, unknown: { 404: 1 } });
    expect(stats.peakConcurrency).toBe(8);
    expect(stats.inFlight).toBe(0);
  });
});
