import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { VtexClient } from '../../src/vtex/client.js';
import { familyHost } from '../../src/vtex/hosts.js';
import { Pacer, VTEX_LIMITS } from '../../src/vtex/pacing.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

/** A real server on port 0 that records each request's path and arrival time, and answers with `headers`. */
async function serve(headers: (n: number) => Record<string, string>): Promise<{ origin: string; seen: Array<{ path: string; atMs: number }> }> {
  const seen: Array<{ path: string; atMs: number }> = [];
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', atMs: performance.now() });
    res.writeHead(200, { 'content-type': 'application/json', ...headers(seen.length) });
    res.end('["1","b2c"]');
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function client(origin: string): VtexClient {
  return new VtexClient({
    origin, hostFor: (family) => familyHost(family, 'acme', origin), pacer: new Pacer(VTEX_LIMITS),
    credentials: { appKey: 'vtexappkey-acme-X', appToken: new Secret('T'.repeat(40)) },
  });
}

describe('VtexClient with Pricing', () => {
  it('sends Pricing to {origin}/{account}/pricing/..., other families to the path as given', async () => {
    const { origin, seen } = await serve(() => ({}));
    const vtex = client(origin);
    await vtex.request({ family: 'pricing', endpoint: 'tables', path: '/pricing/tables' });
    await vtex.request({ family: 'logistics', endpoint: 'warehouses', path: '/api/logistics/pvt/configuration/warehouses' });
    await vtex.close();
    expect(seen.map((request) => request.path)).toEqual(['/acme/pricing/tables', '/api/logistics/pvt/configuration/warehouses']);
  });

  it('holds the family until Ratelimit-Reset when Ratelimit-Remaining is 0, without a 429', async () => {
    const { origin, seen } = await serve((n) => (n === 1 ? { 'ratelimit-limit': '50', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' } : { 'ratelimit-limit': '50', 'ratelimit-remaining': '49', 'ratelimit-reset': '0' }));
    const vtex = client(origin);
    await vtex.request({ family: 'pricing', endpoint: 'prices', path: '/pricing/prices/1' });
    await vtex.request({ family: 'pricing', endpoint: 'prices', path: '/pricing/prices/2' });
    await vtex.request({ family: 'pricing', endpoint: 'prices', path: '/pricing/prices/3' });
    await vtex.close();
    // Only a lower bound (a hold can make a request late, never early), so a loaded machine cannot fail it.
    const [first, second] = seen;
    expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(950);
    expect(seen.length).toBe(3);
    expect(vtex.stats.rateLimited).toBe(0);
  });
});
