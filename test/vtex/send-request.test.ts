import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, errors as undiciErrors } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { InFlightRequests, sendRequest } from '../../src/vtex/send-request.js';

let server: Server | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  await agent?.destroy();
  server?.closeAllConnections();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
  agent = undefined;
});

async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handle);
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function newAgent(timeoutMs = 5_000): Agent {
  agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return agent;
}

describe('sendRequest', () => {
  it('collects a body sent in chunks over time, byte for byte, with the status and lowercased headers', async () => {
    const parts = [Buffer.from('{"a":"é'), Buffer.from([0xf0, 0x9f]), Buffer.from([0x98, 0x80]), Buffer.from('","b":[1,2,3]}')];
    const origin = await serve((_req, res) => {
      res.writeHead(201, { 'X-Custom': 'yes', 'Set-Cookie': ['a=1', 'b=2'] });
      let index = 0;
      const next = (): void => {
        const part = parts[index++];
        if (!part) return void res.end();
        res.write(part);
        setTimeout(next, 15);
      };
      next();
    });
    const answer = await sendRequest(newAgent(), { origin, path: '/x', method: 'GET' }, new InFlightRequests());
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['x-custom']).toBe('yes');
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.body.equals(Buffer.concat(parts))).toBe(true);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ a: 'é😀', b: [1, 2, 3] });
  });

  it('sends the method, headers and body it is given', async () => {
    let seen: { method?: string; header?: string; body: string } = { body: '' };
    const origin = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = { method: req.method, header: req.headers['x-vtex-api-appkey'] as string, body };
        res.end('{}');
      });
    });
    const answer = await sendRequest(newAgent(), { origin, path: '/p', method: 'POST', headers: { 'x-vtex-api-appkey': 'k' }, body: '{"q":1}' }, new InFlightRequests());
    expect(answer.body.toString()).toBe('{}');
    expect(seen).toEqual({ method: 'POST', header: 'k', body: '{"q":1}' });
  });

  it('rejects with undici\'s error when the body ends before its Content-Length', async () => {
    const origin = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"orderId":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await sendRequest(newAgent(), { origin, path: '/short', method: 'GET' }, new InFlightRequests()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(undiciErrors.SocketError);
  });

  it('rejects with a HeadersTimeoutError when no answer comes in time', async () => {
    const origin = await serve(() => undefined);
    const error = await sendRequest(newAgent(200), { origin, path: '/slow', method: 'GET' }, new InFlightRequests()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(undiciErrors.HeadersTimeoutError);
  });

  it('aborts every request in flight from one abort listener, and a request sent after the abort at once', async () => {
    let arrived = 0;
    const origin = await serve(() => {
      arrived += 1;
    });
    const controller = new AbortController();
    const inFlight = new InFlightRequests(controller.signal);
    const dispatcher = newAgent(60_000);
    const pending = Array.from({ length: 20 }, (_, index) => sendRequest(dispatcher, { origin, path: `/wait/${index}`, method: 'GET' }, inFlight).catch((caught: unknown) => caught));
    for (let wait = 0; arrived < 20 && wait < 200; wait += 1) await new Promise((done) => setTimeout(done, 10));
    expect(arrived).toBe(20);
    // undici's request() would add a listener per request in flight; here there is only the one of InFlightRequests.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const reason = new Error('stop');
    controller.abort(reason);
    const errors = await Promise.all(pending);
    expect(errors.every((error) => error === reason)).toBe(true);
    await expect(sendRequest(dispatcher, { origin, path: '/late', method: 'GET' }, inFlight)).rejects.toBe(reason);
    expect(arrived).toBe(20);
  });
});
