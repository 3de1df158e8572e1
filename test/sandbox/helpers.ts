import { request } from 'undici';
import type { SandboxHandle } from '../../src/sandbox/index.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface CallOptions {
  /** Short key name (default 'full-read'), or null for no credentials. */
  key?: string | null;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: unknown;
}

/** One real HTTP request to the sandbox. */
export async function call(sandbox: SandboxHandle, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const keyName = options.key === undefined ? 'full-read' : options.key;
  if (keyName !== null) {
    const key = sandbox.key(keyName);
    headers['x-vtex-api-appkey'] = key.appKey;
    headers['x-vtex-api-apptoken'] = key.appToken;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await request(`${sandbox.url}${path}`, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** GET that must answer 200; returns the parsed body. */
export async function getJson<T>(sandbox: SandboxHandle, path: string, options: CallOptions = {}): Promise<T> {
  const answer = await call(sandbox, path, options);
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer.json as T;
}

export const NOW = Date.parse('2026-06-15T12:00:00.000Z');
