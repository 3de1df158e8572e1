import type { ServerResponse } from 'node:http';
import type { Reply } from './route.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export function sendReply(res: ServerResponse, reply: Reply): void {
  const body = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, { ...reply.headers, 'Content-Type': JSON_TYPE, 'Content-Length': String(body.length) });
  res.end(body);
}

export function sendRaw(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * A complete HTTP response whose JSON body is cut short: either Content-Length matches the prefix,
 * or the prefix goes out chunked. Either way the client must notice the JSON does not parse.
 */
export function sendTruncated(res: ServerResponse, reply: Reply, chunked: boolean): void {
  const body = Buffer.from(JSON.stringify(reply.body));
  const prefix = body.subarray(0, Math.max(0, Math.min(body.length - 1, Math.floor(body.length / 2))));
  const headers: Record<string, string> = { ...reply.headers, 'Content-Type': JSON_TYPE };
  if (!chunked) headers['Content-Length'] = String(prefix.length);
  res.writeHead(reply.status, headers);
  if (chunked) res.write(prefix);
  res.end(chunked ? undefined : prefix);
}
