import type { ScrollRegistry } from './md-scroll.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dataset } from './dataset.js';
import type { SandboxKey } from './keys.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimit } from './rate-limit.js';
import type { StatsRecorder } from './stats.js';

/** The VTEX service a route belongs to: decides error body shapes. */
export type Family = 'vtexid' | 'license-manager' | 'catalog' | 'master-data' | 'oms' | 'pricing' | 'logistics' | 'images';

export interface Reply {
  status: number;
  /** Sent as JSON, unless `bytes` is given. */
  body: unknown;
  headers?: Record<string, string>;
  /** A binary body (image files), sent with `contentType`. */
  bytes?: { data: Buffer; contentType: string };
}

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body of a POST (undefined when absent or not JSON). */
  body: unknown;
  /** The authenticated key (undefined only on routes without auth). */
  key: SandboxKey | undefined;
}

export interface Route {
  /** Stable endpoint name used in stats() and faultEndpoints, e.g. 'oms.getOrder'. */
  name: string;
  method: 'GET' | 'POST';
  pattern: RegExp;
  family: Family;
  /** Any one of these License Manager resources grants access; null = no credentials needed. */
  resources: readonly string[] | null;
  limits: readonly RateLimit[];
  /** Every answer carries `Ratelimit-Limit/Remaining/Reset` of the first limit's bucket (Pricing does). */
  rateLimitHeaders?: boolean;
  /** Requests of this route in flight at once; more answer 429. 0 or absent = no cap. */
  concurrency?: number;
  /** Sees every request before auth, limits and faults (what the stats must count even when refused). */
  observe?(request: RouteRequest, rawUrl: string): void;
  handle(request: RouteRequest): Reply;
}

/** What route factories need from the sandbox. */
export interface SandboxEnv {
  dataset: Dataset;
  options: ResolvedOptions;
  keys: readonly SandboxKey[];
  /** The sandbox clock (fixed `now` or real time), for dates. */
  nowMs(): number;
  /** Real monotonic time, for idle timeouts. */
  monotonicMs(): number;
  /** Tokens issued by the login endpoint -> app key. */
  sessions: Map<string, string>;
  /** Live Master Data scrolls of the account. */
  scrolls: ScrollRegistry;
  stats: StatsRecorder;
}

/** An error answer shaped the way the family's service shapes them (FACTS.md: branch on status, not body). */
export function errorReply(family: Family, status: number, message: string): Reply {
  switch (family) {
    case 'oms':
      return { status, body: { error: { code: status === 401 || status === 403 ? '1' : String(status), message, exception: null } } };
    case 'catalog':
      return { status, body: { type: `https://tools.ietf.org/html/rfc9110#section-15.5.${status - 399}`, title: message, status, traceId: `00-${status}${'0'.repeat(29)}-0000000000000000-00` } };
    case 'vtexid':
      return { status, body: { authStatus: status === 401 ? 'WrongCredentials' : 'Error', message } };
    default:
      return { status, body: { Message: message } };
  }
}

export function jsonReply(body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

/** A positive integer query parameter, its default when absent, or NaN when malformed. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
}
