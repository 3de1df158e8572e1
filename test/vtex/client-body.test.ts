import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import { JsonFieldReader } from '../../src/json-fields.js';
import { VtexClient } from '../../src/vtex/client.js';
import { Pacer, VTEX_LIMITS } from '../../src/vtex/pacing.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

/** A real server that answers the n-th request with the n-th body, as bytes, with a matching Content-Length. */
async function serve(bodies: readonly Buffer[]): Promise<{ origin: string; requests: () => number }> {
  let served = 0;
  server = createServer((_req, res) => {
    const body = bodies[Math.min(served, bodies.length - 1)] ?? Buffer.alloc(0);
    served += 1;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => served };
}

function client(origin: string): VtexClient {
  return new VtexClient({
    origin, pacer: new Pacer(VTEX_LIMITS), retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, maxRateLimitedAttempts: 3, maxRateLimitedWaitMs: 10, maxRetryAfterMs: 10 },
    credentials: { appKey: 'vtexappkey-acme-X', appToken: new Secret('T'.repeat(40)) },
  });
}

const fields = new JsonFieldReader({ id: '$.orderId' });
const order = Buffer.from(JSON.stringify({ orderId: '1-01', note: 'é "x"\n😀', items: [{ id: 1 }] }), 'utf8');

describe('VtexClient bodies', () => {
  it('keeps a UTF-8 body as the bytes received and gives readBody\'s reading as the body', async () => {
    const { origin } = await serve([order]);
    const vtex = client(origin);
    const response = await vtex.request({ family: 'oms-get', endpoint: 'get-order', path: '/o/1', readBody: (utf8) => fields.read(utf8) });
    await vtex.close();
    expect(Buffer.isBuffer(response.json) && response.json.equals(order)).toBe(true);
    expect(response.body).toEqual({ type: 'object', fields: { id: '1-01' } });
    expect(response.text).toBe(order.toString('utf8'));
  });

  it('retries a body that readBody finds is not JSON (cut short with a matching Content-Length), like JSON.parse does', async () => {
    const { origin, requests } = await serve([order.subarray(0, order.length - 5), order]);
    const vtex = client(origin);
    const response = await vtex.request({ family: 'oms-get', endpoint: 'get-order', path: '/o/1', readBody: (utf8) => fields.read(utf8) });
    expect(requests()).toBe(2);
    expect(response.body).toEqual({ type: 'object', fields: { id: '1-01' } });
    const parsed = await vtex.request({ family: 'oms-get', endpoint: 'get-order', path: '/o/1' });
    await vtex.close();
    expect(parsed.body).toEqual(JSON.parse(order.toString('utf8')));
  });

  it('gives up on a body that is never JSON, naming it unparseable', async () => {
    const { origin, requests } = await serve([Buffer.from('{"orderId":"1-01",')]);
    const vtex = client(origin);
    await expect(vtex.request({ family: 'oms-get', endpoint: 'get-order', path: '/o/1', readBody: (utf8) => fields.read(utf8) })).rejects.toThrow(/unparseable JSON body/);
    await vtex.close();
    expect(requests()).toBe(3);
  });

  it('decodes a body with a byte-order mark or bytes that are not UTF-8 as text() would: BOM dropped, bad bytes replaced', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), order]);
    const latin1 = Buffer.concat([Buffer.from('{"orderId":"1-01","note":"'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const { origin } = await serve([bom, latin1]);
    const vtex = client(origin);
    const first = await vtex.request({ family: 'oms-get', endpoint: 'get-order', path: '/o/1', readBody: (utf8) => fields.read(utf8) });
    const second = await vtex.request({ family: 'oms-get', endpoint: 'get-order', path: '/o/1', readBody: (utf8) => fields.read(utf8) });
    await vtex.close();
    expect(first.json).toBe(order.toString('utf8'));
    expect(first.body).toEqual({ type: 'object', fields: { id: '1-01' } });
    expect(second.json).toBe('{"orderId":"1-01","note":"\uFFFD"}');
    expect(second.body).toEqual({ type: 'object', fields: { id: '1-01' } });
  });
});
