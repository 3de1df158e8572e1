import { FEED_ADMIN, FEED_VIEW, ORDERS_FULL_ACCESS } from '../keys.js';
import type { OrdersFeed } from '../orders-feed.js';
import type { Route, RouteRequest } from '../route.js';

const READ = [FEED_VIEW, FEED_ADMIN, ORDERS_FULL_ACCESS];

/** Orders Feed v3: config (read, configure), retrieve a lot, commit handles. The feed belongs to the calling app key. */
export function ordersFeedRoutes(feed: OrdersFeed): Route[] {
  const appKey = (request: RouteRequest) => request.key?.appKey ?? '';
  const route = (name: string, method: 'GET' | 'POST', pattern: RegExp, resources: readonly string[], handle: Route['handle']): Route => ({
    name: `oms.${name}`, method, pattern, family: 'oms', resources, limits: [], handle,
  });
  return [
    route('feedConfig', 'GET', /^\/api\/orders\/feed\/config$/, READ, (request) => feed.config(appKey(request))),
    route('feedConfigure', 'POST', /^\/api\/orders\/feed\/config$/, [FEED_ADMIN, ORDERS_FULL_ACCESS], (request) => feed.configure(appKey(request), request.body)),
    route('feedRead', 'GET', /^\/api\/orders\/feed$/, READ, (request) => feed.read(appKey(request), request.query.get('maxlot'))),
    route('feedCommit', 'POST', /^\/api\/orders\/feed$/, READ, (request) => feed.commit(appKey(request), request.body)),
  ];
}
