import { isUtf8 } from 'node:buffer';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, undiciErrors } from './undici.js';
import type { Dispatcher } from 'undici';
import type { Secret } from '../config/secret.js';
import { MigrateError } from '../errors.js';
import type { Json } from '../json.js';
import { VtexHttpError } from './http-error.js';
import { Pacer } from './pacing.js';
import type { ApiFamily } from './pacing.js';
import type { FamilyHost } from './hosts.js';
import { InFlightRequests, sendRequest } from './send-request.js';
import type { WholeAnswer } from './send-request.js';
import { rateLimitHoldMs, readRateLimitHeaders } from './rate-limit-headers.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDecision } from './retry-policy.js';
import type { AttemptOutcome, RetrySettings } from './retry-policy.js';

export interface VtexCredentials {
  appKey: string;
  appToken: Secret;
}

export interface VtexClientOptions {
  origin: string;
  /** The host of a family served elsewhere (Pricing: api.vtex.com/{account}); default `origin` and no prefix. */
  hostFor?: (family: ApiFamily) => FamilyHost;
  credentials: VtexCredentials;
  pacer?: Pacer;
  retry?: RetrySettings;
  connectTimeoutMs?: number;
  /** Time to the response headers, and between body chunks: a slower answer is retried. */
  timeoutMs?: number;
  random?: () => number;
  signal?: AbortSignal;
}

export interface VtexRequest {
  family: ApiFamily;
  /** A stable name of the endpoint for pacing and statistics, e.g. 'product'. */
  endpoint: string;
  path: string;
  method?: 'GET' | 'POST';
  query?: Readonly<Record<string, string | number | undefined>>;
  headers?: Readonly<Record<string, string>>;
  body?: Json;
  /** Statuses returned to the caller instead of thrown (e.g. 403 for a permission probe). */
  acceptStatuses?: readonly number[];
  /**
   * Reads a 2xx body in place of JSON.parse (given its UTF-8 bytes): what it returns is the response's `body`;
   * undefined means the body is not JSON, retried like a truncated answer.
   */
  readBody?: (utf8: Buffer) => unknown;
}

export interface VtexResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or what the request's `readBody` made of it (undefined for an empty body). */
  body: unknown;
  /** The body text as received. */
  readonly text: string;
  /**
   * The body as stored: its UTF-8 bytes when they are valid UTF-8 without a byte-order mark (kept off the
   * JavaScript heap until the page is written), else the decoded text.
   */
  readonly json: string | Buffer;
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** Per API family: requests sent, 429s, and when the first and the last were sent (epoch ms). */
  byFamily: Record<string, FamilyStats>;
}

// A type, not an interface, so it fits the Json shape of run summaries.
export type FamilyStats = {
  requests: number;
  rateLimited: number;
  firstMs: number;
  lastMs: number;
};

/** How long a 429 without Retry-After stops the whole API family: about one refill of VTEX's buckets. */
const FAMILY_PAUSE_MS = 1_000;

type AttemptResult = { response: VtexResponse } | { outcome: AttemptOutcome; detail: string; response?: VtexResponse };

/** The one way to talk to VTEX: host, auth headers, pacing, retries and typed errors. */
export class VtexClient {
  readonly #options: VtexClientOptions;
  readonly #agent: Agent;
  readonly #inFlight: InFlightRequests;
  readonly #pacer: Pacer;
  readonly #retry: RetrySettings;
  readonly #stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, byFamily: {} };

  constructor(options: VtexClientOptions) {
    this.#options = options;
    // Requests sleeping before a retry (or through a 429 pause) each listen for the abort: many listeners are expected.
    if (options.signal) setMaxListeners(0, options.signal);
    this.#inFlight = new InFlightRequests(options.signal);
    this.#pacer = options.pacer ?? new Pacer();
    this.#retry = options.retry ?? DEFAULT_RETRY;
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.#agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 10_000,
      connections: 128,
    });
  }

  get stats(): Readonly<ClientStats> {
    return this.#stats;
  }

  /** Sends the request with pacing and retries; returns a 2xx (or accepted) response, else throws VtexHttpError. */
  async request(request: VtexRequest): Promise<VtexResponse> {
    const label = describeRequest(request);
    let rateLimited = 0;
    let failures = 0;
    let rateLimitedWaitMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      this.#throwIfAborted();
      const result = await this.#pacer.schedule(request.family, request.endpoint, () => this.#attempt(request), this.#options.signal).catch((error: unknown) => {
        throw this.#options.signal?.aborted ? interrupted(error) : error;
      });
      if ('response' in result && !('outcome' in result)) {
        this.#pacer.noteSuccess(request.family);
        return result.response;
      }
      const { outcome, detail } = result as Extract<AttemptResult, { outcome: AttemptOutcome }>;
      if (outcome.status === 429) {
        this.#stats.rateLimited += 1;
        this.#familyStats(request.family).rateLimited += 1;
      }
      const tries = outcome.status === 429 ? (rateLimited += 1) : (failures += 1);
      const decision = retryDecision(tries, outcome, this.#retry, this.#options.random ?? Math.random);
      if (outcome.status === 429 && decision.retry) rateLimitedWaitMs += decision.delayMs;
      if (!decision.retry || rateLimitedWaitMs > this.#retry.maxRateLimitedWaitMs) {
        throw new VtexHttpError({ status: outcome.status, failure: outcome.failure, request: label, attempts: attempt, detail: giveUpDetail(detail, outcome, this.#retry) });
      }
      // The family waits for Retry-After, or a moment for the bucket to refill; this request also backs off.
      if (outcome.status === 429) this.#pacer.pauseFamily(request.family, Math.min(outcome.retryAfterMs ?? FAMILY_PAUSE_MS, this.#retry.maxRetryAfterMs));
      this.#stats.retries += 1;
      await this.#sleep(decision.delayMs);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #attempt(request: VtexRequest): Promise<AttemptResult> {
    this.#stats.requests += 1;
    const family = this.#familyStats(request.family);
    family.requests += 1;
    family.lastMs = Date.now();
    let answer: WholeAnswer;
    const host = this.#options.hostFor?.(request.family) ?? { origin: this.#options.origin, pathPrefix: '' };
    try {
      answer = await sendRequest(this.#agent, {
        origin: host.origin,
        path: host.pathPrefix + pathWithQuery(request),
        method: request.method ?? 'GET',
        headers: this.#headers(request),
        body: request.body === undefined ? null : JSON.stringify(request.body),
      }, this.#inFlight);
    } catch (error) {
      if (this.#options.signal?.aborted) throw interrupted(error);
      return { outcome: { failure: classifyFailure(error) }, detail: this.#redact(errorDetail(error)) };
    }
    const headers = flattenHeaders(answer.headers);
    const status = answer.statusCode;
    const bytes = answer.body;
    const holdMs = rateLimitHoldMs(readRateLimitHeaders(headers));
    if (holdMs !== undefined && status !== 429) this.#pacer.holdFamily(request.family, holdMs);
    const ok = (status >= 200 && status < 300) || (request.acceptStatuses ?? []).includes(status);
    if (!ok) {
      const retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
      return {
        outcome: retryAfterMs === undefined ? { status } : { status, retryAfterMs },
        detail: this.#redact(bodyExcerpt(decodeBody(bytes))),
      };
    }
    // Kept as received where that is plain UTF-8; else as undici's text() decodes it (BOM dropped, bad bytes replaced).
    const json = startsWithBom(bytes) || !isUtf8(bytes) ? decodeBody(bytes) : bytes;
    const body = bytes.length === 0 ? undefined : readJson(json, request.readBody);
    if (body === NOT_JSON) {
      const text = decodeBody(bytes);
      return { outcome: { failure: 'truncated' }, detail: this.#redact(`unparseable JSON body (${text.length} bytes): ${bodyExcerpt(text)}`) };
    }
    return { response: bodyResponse(status, headers, body, json) };
  }

  #headers(request: VtexRequest): Record<string, string> {
    return {
      accept: 'application/json',
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
      'x-vtex-api-appkey': this.#options.credentials.appKey,
      'x-vtex-api-apptoken': this.#options.credentials.appToken.reveal(),
    };
  }

  #familyStats(name: string): FamilyStats {
    let family = this.#stats.byFamily[name];
    if (!family) {
      family = { requests: 0, rateLimited: 0, firstMs: Date.now(), lastMs: Date.now() };
      this.#stats.byFamily[name] = family;
    }
    return family;
  }

  /** Error details quote response bodies; a misbehaving proxy could echo the token back. */
  #redact(text: string): string {
    const token = this.#options.credentials.appToken.reveal();
    return token.length >= 4 ? text.split(token).join('***') : text;
  }

  #throwIfAborted(): void {
    if (this.#options.signal?.aborted) throw interrupted(this.#options.signal.reason);
  }

  async #sleep(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.#options.signal });
    } catch (error) {
      throw interrupted(error);
    }
  }
}

/** Why a rate-limited request stops waiting, added to the error's detail. */
function giveUpDetail(detail: string, outcome: AttemptOutcome, retry: RetrySettings): string {
  if (outcome.status !== 429) return detail;
  const seconds = (ms: number) => Math.round(ms / 1000);
  if ((outcome.retryAfterMs ?? 0) > retry.maxRetryAfterMs) return `${detail} (VTEX asked to wait ${seconds(outcome.retryAfterMs ?? 0)} s (Retry-After), more than the ${seconds(retry.maxRetryAfterMs)} s this tool waits; run again later)`;
  return `${detail} (still rate limited; run again later, or lower --max-rpm)`;
}

function interrupted(cause: unknown): MigrateError {
  return new MigrateError('INTERRUPTED', 'Interrupted.', { hint: 'Run the same command again to resume from the last checkpoint.', cause });
}

export function describeRequest(request: Pick<VtexRequest, 'method' | 'path' | 'query'>): string {
  return `${request.method ?? 'GET'} ${pathWithQuery(request)}`;
}

function pathWithQuery(request: Pick<VtexRequest, 'path' | 'query'>): string {
  const entries = Object.entries(request.query ?? {}).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  if (entries.length === 0) return request.path;
  return `${request.path}?${new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)])).toString()}`;
}

/** One string per header; undici's parseHeaders has already lowercased the names. */
function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function classifyFailure(error: unknown): NonNullable<AttemptOutcome['failure']> {
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) {
    return 'timeout';
  }
  if (error instanceof undiciErrors.SocketError) return 'reset';
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  return 'network';
}

function errorDetail(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NOT_JSON = Symbol('not JSON');

function startsWithBom(bytes: Buffer): boolean {
  return bytes.subarray(0, 3).equals(BOM);
}

/** Decodes as undici's `text()` does: UTF-8, a leading byte-order mark dropped, bad sequences replaced. */
function decodeBody(bytes: Buffer): string {
  return (startsWithBom(bytes) ? bytes.subarray(3) : bytes).toString('utf8');
}

function readJson(json: string | Buffer, readBody: VtexRequest['readBody']): unknown {
  if (readBody) return readBody(typeof json === 'string' ? Buffer.from(json, 'utf8') : json) ?? NOT_JSON;
  try {
    return JSON.parse(typeof json === 'string' ? json : json.toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}

/**
 * The response keeps the body's bytes, not its text: a page of orders in flight then holds megabytes off the
 * JavaScript heap, where the garbage collector neither copies nor marks them. The text is decoded when first asked for.
 */
function bodyResponse(status: number, headers: Readonly<Record<string, string>>, body: unknown, json: string | Buffer): VtexResponse {
  let text: string | undefined;
  return {
    status, headers, body, json,
    get text() {
      text ??= typeof json === 'string' ? json : json.toString('utf8');
      return text;
    },
  };
}

function bodyExcerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)';
}
