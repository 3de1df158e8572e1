import { ORDERS_FULL_ACCESS, RESOURCES } from '../keys.js';
import { GET_ORDER_PER_MINUTE } from '../rate-limit.js';
import { errorReply, intParam, jsonReply } from '../route.js';
import type { Reply, Route, RouteRequest, SandboxEnv } from '../route.js';
import { lowerBound, upperBound } from '../timeline.js';

/** OMS list default page size (spec: "the default value is 15"). */
const DEFAULT_PER_PAGE = 15;

/** OMS list and get order. Only orders of the last two years (orderVisibleDays) exist for either. */
export function omsRoutes(env: SandboxEnv): Route[] {
  return [
    {
      name: 'oms.listOrders',
      method: 'GET',
      pattern: /^\/api\/oms\/pvt\/orders$/,
      family: 'oms',
      resources: [RESOURCES.listOrders, ORDERS_FULL_ACCESS],
      limits: [{ bucket: 'oms.listOrders', perMinute: env.options.listOrdersPerMinute }],
      handle: (request) => listOrders(env, request),
    },
    {
      name: 'oms.getOrder',
      method: 'GET',
      pattern: /^\/api\/oms\/pvt\/orders\/(?<orderId>[^/]+)$/,
      family: 'oms',
      resources: [RESOURCES.viewOrder, ORDERS_FULL_ACCESS],
      limits: [{ bucket: 'oms.getOrder', perMinute: GET_ORDER_PER_MINUTE }],
      handle: ({ params }) => {
        const index = env.dataset.indexOf('orders', params.orderId ?? '');
        return index < 0 ? errorReply('oms', 404, 'Order not found') : jsonReply(env.dataset.orderByIndex(index));
      },
    },
  ];
}

/**
 * `per_page` at most 100, pages beyond 30 refused, `paging.total` counts every match (so a client can
 * see a window must be split), `f_creationDate=creationDate:[A TO B]` (both included), `orderBy=creationDate,asc|desc`.
 */
function listOrders(env: SandboxEnv, { query }: RouteRequest): Reply {
  const { options } = env;
  const page = intParam(query, 'page', 1);
  const perPage = intParam(query, 'per_page', DEFAULT_PER_PAGE);
  if (!(page >= 1 && perPage >= 1)) return errorReply('oms', 400, 'page and per_page must be positive integers.');
  if (perPage > options.omsMaxPerPage) return errorReply('oms', 400, `per_page is limited to ${options.omsMaxPerPage}.`);
  if (page > options.omsMaxPage) return errorReply('oms', options.omsPageBeyondStatus, `Only ${options.omsMaxPage} pages can be retrieved: narrow the filter.`);
  const descending = parseOrderBy(query.get('orderBy'));
  if (descending === undefined) return errorReply('oms', 400, 'orderBy must be creationDate,asc or creationDate,desc in the sandbox.');
  const window = parseCreationDate(query.get('f_creationDate'));
  if (!window) return errorReply('oms', 400, 'f_creationDate must be creationDate:[{ISO date} TO {ISO date}].');
  const orders = env.dataset.orders;
  const first = Math.max(orders.firstVisible, lowerBound(orders.createdMs, window.from));
  const end = Math.max(first, upperBound(orders.createdMs, window.to));
  const total = end - first;
  const list = [];
  for (let n = (page - 1) * perPage; n < Math.min(total, page * perPage); n += 1) list.push(env.dataset.orderListItemByIndex(descending ? end - 1 - n : first + n));
  return jsonReply({ list, facets: [], paging: { total, pages: Math.ceil(total / perPage), currentPage: page, perPage }, stats: statsOf(total) });
}

/** undefined = unsupported; default (absent) is creationDate,desc. */
function parseOrderBy(orderBy: string | null): boolean | undefined {
  if (orderBy === null || orderBy === '') return true;
  const match = /^creationDate,(asc|desc)$/i.exec(orderBy);
  return match ? (match[1] as string).toLowerCase() === 'desc' : undefined;
}

function parseCreationDate(filter: string | null): { from: number; to: number } | undefined {
  if (filter === null || filter === '') return { from: -Infinity, to: Infinity };
  const match = /^creationDate:\[(\S+) TO (\S+)\]$/.exec(filter);
  if (!match) return undefined;
  const from = match[1] === '*' ? -Infinity : Date.parse(match[1] as string);
  const to = match[2] === '*' ? Infinity : Date.parse(match[2] as string);
  return Number.isNaN(from) || Number.isNaN(to) ? undefined : { from, to };
}

/** The `stats` block: counts only (the sandbox does not aggregate values). */
function statsOf(total: number): Record<string, unknown> {
  const empty = (count: number) => ({ Count: count, Max: 0, Mean: 0, Min: 0, Missing: 0, StdDev: 0, Sum: 0, SumOfSquares: 0, Facets: {} });
  return { stats: { totalValue: empty(total), totalItems: empty(total) } };
}
