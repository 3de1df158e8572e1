import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authorize } from './auth.js';
import { FaultInjector, serverErrorOf } from './faults.js';
import { RateLimiter } from './rate-limit.js';
import { errorReply } from './route.js';
import type { Reply, Route, RouteRequest, SandboxEnv } from './route.js';
import { Rng } from './random.js';
import { sendRaw, sendReply, sendTruncated } from './send.js';
import { StatsRecorder } from './stats.js';

const MAX_BODY_BYTES = 1_000_000;

export interface PipelineDeps {
  env: SandboxEnv;
  routes: readonly Route[];
  stats: StatsRecorder;
  isRevoked: (appKey: string) => boolean;
  /** Aborted on close(): pending delays end. */
  signal: AbortSignal;
}

/**
 * Every request goes: route -> observe -> concurrency cap (429) -> latency -> auth (401/403) -> rate limit
 * (429) -> fault -> handler. Login skips rate limits and faults unless `faultsOnLogin`.
 */
export function createPipeline(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { env, stats } = deps;
  const limiter = new RateLimiter(env.options.rateLimitScale, env.options.rateLimitBurstMs, env.monotonicMs);
  const faults = new FaultInjector({ rates: env.options.faultRates, endpoints: env.options.faultEndpoints, faultsOnLogin: env.options.faultsOnLogin }, env.dataset.seed);
  const retryAfterRng = Rng.for(env.dataset.seed, 'retryAfter', 0);

  const inFlight = new Map<string, number>();
  const limitHeaders = (route: Route) => (route.rateLimitHeaders ? limiter.headers(route.limits[0]) : {});
  const withLimitHeaders = (route: Route, reply: Reply): Reply => (route.rateLimitHeaders ? { ...reply, headers: { ...reply.headers, ...limitHeaders(route) } } : reply);

  const overCap = (route: Route) => Boolean(route.concurrency && (inFlight.get(route.name) ?? 0) > route.concurrency);

  /** 429 when a rate limit refuses the request; undefined when admitted. */
  const refusal = (route: Route): Reply | undefined => {
    const guarded = route.name !== 'vtexid.login' || env.options.faultsOnLogin;
    const waitMs = guarded ? limiter.admit(route.limits) : 0;
    return waitMs > 0 ? tooManyRequests(route, waitMs, env.options.retryAfter, retryAfterRng) : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const request: RouteRequest = { params: route.pattern.exec(url.pathname)?.groups ?? {}, query: url.searchParams, headers: req.headers, body: undefined, key: undefined };
    route.observe?.(request, req.url ?? '/');
    if (overCap(route)) return sendReply(res, tooManyRequests(route, 1000, env.options.retryAfter, retryAfterRng));
    if (req.method === 'POST') request.body = await readJson(req);
    if (env.options.latencyMs > 0) await sleep(env.options.latencyMs, undefined, { signal: deps.signal });
    const auth = route.resources === null ? undefined : authorize(route, req.headers, env, deps.isRevoked);
    if (auth && 'status' in auth) return sendReply(res, withLimitHeaders(route, auth));
    const refused = refusal(route);
    if (refused) return sendReply(res, withLimitHeaders(route, refused));
    const fault = faults.pick(route.name);
    if (fault) stats.fault(fault.kind);
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'serverError') {
      const error = serverErrorOf(fault.variant);
      return sendRaw(res, error.status, error.contentType, error.body, limitHeaders(route));
    }
    if (fault?.kind === 'slow') await sleep(env.options.slowMs, undefined, { signal: deps.signal });
    const reply = withLimitHeaders(route, route.handle({ ...request, key: auth }));
    if (fault?.kind === 'truncate' && reply.status === 200) return sendTruncated(res, reply, fault.variant >= 0.5);
    sendReply(res, reply);
  };

  const track = (route: Route, res: ServerResponse) => {
    inFlight.set(route.name, (inFlight.get(route.name) ?? 0) + 1);
    if (route.family === 'images') stats.imageInFlight(1);
    res.on('close', () => {
      inFlight.set(route.name, (inFlight.get(route.name) ?? 1) - 1);
      if (route.family === 'images') stats.imageInFlight(-1);
    });
  };

  return (req, res) => {
    stats.started();
    const route = matchRoute(deps.routes, req);
    const endpoint = route?.name ?? 'unknown';
    res.on('close', () => stats.finished(endpoint, res.headersSent ? res.statusCode : 'reset'));
    if (!route) return sendReply(res, errorReply('catalog', 404, 'Not found'));
    track(route, res);
    handle(req, res, route).catch((error: unknown) => {
      if (deps.signal.aborted) return void res.destroy();
      if (!res.headersSent) sendReply(res, { status: 500, body: { Message: `Sandbox error: ${String(error)}` } });
    });
  };
}

function matchRoute(routes: readonly Route[], req: IncomingMessage): Route | undefined {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  // VTEX Img answers HEAD as GET without the body (DEPTH.md's probe for image downloads)
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  return routes.find((route) => route.method === method && (req.method !== 'HEAD' || route.family === 'images') && route.pattern.test(path));
}

function tooManyRequests(route: Route, waitMs: number, mode: SandboxEnv['options']['retryAfter'], rng: Rng): Reply {
  const reply = errorReply(route.family, 429, 'Too Many Requests');
  const withHeader = mode === 'always' || (mode === 'random' && rng.chance(0.5));
  return withHeader ? { ...reply, headers: { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) } } : reply;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
