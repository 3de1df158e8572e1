import type { ServerResponse } from 'node:http';
import type { Reply } from './route.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendReply(res: ServerResponse, reply: Reply): void {
  const { data, contentType } = encoded(reply);
  res.writeHead(reply.status, { ...reply.headers, 'Content-Type': contentType, 'Content-Length': String(data.length) });
  res.end(data);
}

export function sendRaw(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * A JSON body cut short in a complete HTTP response: either Content-Length matches the prefix, or the
 * prefix goes out chunked. Either way the client must notice the JSON does not parse. A binary body
 * (an image) is cut the way a dropped connection cuts it: the full Content-Length, half the bytes, then
 * the socket closes.
 */
export function sendTruncated(res: ServerResponse, reply: Reply, chunked: boolean): void {
  const { data, contentType } = encoded(reply);
  const prefix = data.subarray(0, Math.max(0, Math.min(data.length - 1, Math.floor(data.length / 2))));
  if (reply.bytes) {
    res.writeHead(reply.status, { ...reply.headers, 'Content-Type': contentType, 'Content-Length': String(data.length) });
    res.write(prefix, () => res.destroy());
    return;
  }
  const headers: Record<string, string> = { ...reply.headers, 'Content-Type': contentType };
  if (!chunked) headers['Content-Length'] = String(prefix.length);
  res.writeHead(reply.status, headers);
  if (chunked) res.write(prefix);
  res.end(chunked ? undefined : prefix);
}

function encoded(reply: Reply): { data: Buffer; contentType: string } {
  return reply.bytes ?? { data: Buffer.from(JSON.stringify(reply.body)), contentType: JSON_TYPE };
}
