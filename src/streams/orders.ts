import { JsonFieldReader } from '../json-fields.js';
import type { Json } from '../json.js';
import type { StagedRow } from '../store/store.js';
import type { VtexResponse } from '../vtex/client.js';
import { fetchOrLose } from './fetch-each.js';
import { listFieldsOf } from './order-list-fields.js';
import { changedSinceStaged, noLongerListed } from './order-refresh.js';
import type { ListItem } from './order-refresh.js';
import { drainFeed, ensureFeed, feedCovers } from './orders-feed.js';
import type { FeedState } from './orders-feed.js';
import { orderedMap } from './ordered-map.js';
import { expectArray, expectInteger, expectObjectFields, expectRecord, optionalInteger, optionalString } from './parse.js';
import type { Stream, StreamContext, StreamOptions } from './stream.js';
import { isoInstant, windowKey } from './windows.js';
import type { TimeWindow } from './windows.js';
import { isNewer } from './versions.js';

/** OMS list: `per_page` at most 100 and only 30 pages reachable, so one filter yields at most 3,000 orders. */
export const OMS_PER_PAGE = 100;
export const OMS_MAX_PAGES = 30;
const WINDOW_CAP = OMS_PER_PAGE * OMS_MAX_PAGES;
/** Windows are sized for this many orders, below the cap, so a slightly uneven spread still fits. */
const WINDOW_TARGET = 2_500;
/** New orders show up in the list after about 4 minutes of indexing: a pass ends 5 minutes before now. */
export const INDEXING_LAG_MS = 5 * 60_000;
/** OMS keeps the last two years of orders. */
export const OMS_RETENTION_MS = 730 * 86_400_000;
export const DEFAULT_LOOKBACK_MS = 2 * 86_400_000;
const PAGES_IN_FLIGHT = 2;

interface OrdersCursor {
  pass: TimeWindow;
  /** Everything created in [pass.from, position] is staged, except the window in progress. */
  position: number;
  /** The span the next window is tried with, adapted to the density met so far. */
  span: number;
  window?: { from: number; to: number; expected: number; pagesDone: number; staged: number };
  incremental?: boolean;
  /** A cutover refresh: every staged window listed again, orders whose list fields changed fetched again. */
  refresh?: boolean;
  /** --feed: the Orders Feed v3 is drained after the pass, and replaces the listing when it covers the gap. */
  feedMode?: boolean;
  feed?: FeedState;
  /** When this pass started (epoch ms), and when the pass before it did: what the feed must reach back to. */
  startedAt?: number;
  previousPassStartedAt?: number;
  /** Orders of the whole pass, from the first list call (for progress), and how many are staged so far. */
  estimatedTotal?: number;
  passStaged?: number;
  done?: boolean;
}

interface ListPage {
  window: TimeWindow;
  page: number;
  total: number;
  items: ListItem[];
}

export function defaultOrderBounds(options: StreamOptions): TimeWindow {
  return { from: options.since ?? options.now - OMS_RETENTION_MS, to: options.until ?? options.now - INDEXING_LAG_MS };
}

function newPass(pass: TimeWindow, incremental: boolean, refresh = false): OrdersCursor {
  return { pass, position: pass.from, span: pass.to - pass.from, ...(incremental ? { incremental } : {}), ...(refresh ? { refresh } : {}) };
}

/** What a pass is (incremental, refresh, with the feed) and when it started: kept by every cursor of the pass. */
function passFlags(cursor: OrdersCursor): Partial<OrdersCursor> {
  const { incremental, refresh, feedMode, feed, startedAt, previousPassStartedAt } = cursor;
  return Object.fromEntries(Object.entries({ incremental, refresh, feedMode, feed, startedAt, previousPassStartedAt }).filter(([, value]) => value !== undefined));
}

/** A --feed pass after a finished one: a refresh that knows the feed and when the last pass started. */
function feedPass(last: OrdersCursor, options: StreamOptions): OrdersCursor {
  return {
    ...newPass(defaultOrderBounds(options), false, true), feedMode: true,
    ...(last.feed ? { feed: last.feed } : {}), ...(last.startedAt === undefined ? {} : { previousPassStartedAt: last.startedAt }),
  };
}

/** A refresh lists from the earliest staged order (within OMS's two years) to now, so new orders come too. */
function refreshPass(context: StreamContext, cursor: OrdersCursor): OrdersCursor {
  const earliest = context.stagedOrders.earliestCreation();
  const from = Math.max(cursor.pass.from, earliest ?? cursor.pass.from);
  return { ...cursor, pass: { ...cursor.pass, from }, position: from, span: cursor.pass.to - from };
}

export const ordersStream: Stream = {
  name: 'orders',
  entities: ['orders'],
  mainEntity: 'orders',
  initialCursor: (options) => ({ ...newPass(defaultOrderBounds(options), false), ...(options.feed ? { feedMode: true } : {}) }) as unknown as Json,

  nextPass(finished, options) {
    const last = finished as unknown as OrdersCursor;
    if (options.feed) return feedPass(last, options) as unknown as Json;
    if (options.refresh) return newPass(defaultOrderBounds(options), false, true) as unknown as Json;
    if (options.since !== undefined || options.until !== undefined) return newPass(defaultOrderBounds(options), false) as unknown as Json;
    const from = Math.max(last.pass.to - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS), options.now - OMS_RETENTION_MS);
    return newPass({ from, to: options.now - INDEXING_LAG_MS }, true) as unknown as Json;
  },

  canResume(saved, options) {
    const cursor = saved as unknown as OrdersCursor;
    return (options.since === undefined || options.since === cursor.pass.from) && (options.until === undefined || options.until === cursor.pass.to);
  },

  async *pages(context, from) {
    const saved = from as unknown as OrdersCursor;
    if (saved.done) return;
    const fresh = saved.position === saved.pass.from && !saved.window;
    let start = saved.refresh && fresh ? refreshPass(context, saved) : saved;
    if (start.feedMode && fresh) {
      start = { ...start, feed: await ensureFeed(context, start.feed), startedAt: start.startedAt ?? context.options.now };
      if (start.refresh && start.feed && feedCovers(start.feed, start.previousPassStartedAt, context.options.now)) {
        context.notice('orders: the Orders Feed holds every change since the last run: only the orders it names are fetched (no listing).');
        yield* drainFeed(context, { ...start, position: start.pass.to, done: true }, (id) => fetchOrder(context, id), orderRow);
        return;
      }
    }
    context.notice(`orders created ${isoInstant(start.pass.from)} to ${isoInstant(start.pass.to)}${passNote(start)}; OMS keeps two years.`);
    const listedInWindow = new Set<string>();
    let lastCursor: OrdersCursor | undefined = start.feedMode && start.position >= start.pass.to ? { ...start, done: true } : undefined;
    let taken = 0;
    let passStaged = start.passStaged ?? 0;
    let windowStaged = start.window?.staged ?? 0;
    let currentWindow = start.window ? windowKey(start.window) : undefined;
    for await (const fetched of orderedMap(listPages(context, start), PAGES_IN_FLIGHT, (job) => fetchDetails(context, job, start.refresh === true))) {
      const { job, rows, stagedInPage } = fetched;
      const key = windowKey(job.window);
      if (key !== currentWindow) {
        currentWindow = key;
        windowStaged = 0;
        listedInWindow.clear();
      }
      for (const item of job.listed.items) listedInWindow.add(item.orderId);
      windowStaged += stagedInPage;
      taken += stagedInPage;
      passStaged += stagedInPage;
      const window = { ...job.window, pagesDone: job.page, staged: windowStaged };
      const estimate = job.before.estimatedTotal;
      context.progress(passStaged, estimate === undefined ? undefined : Math.max(estimate, passStaged));
      const unlisted = start.refresh && job.last && !resumedWindow(start, job) ? noLongerListed(context, job.window, listedInWindow) : [];
      yield {
        writes: [{ entity: 'orders', rows }],
        cursor: { ...(job.last ? job.after : { ...job.before, window }), passStaged } as unknown as Json,
        records: stagedInPage,
        ...(start.refresh ? { trackChanges: true, changes: unlisted } : {}),
        ...(job.last ? { reconciliation: [{ stream: 'orders', window: key, expected: window.expected, staged: windowStaged }] } : {}),
      };
      lastCursor = { ...(job.last ? job.after : { ...job.before, window }), passStaged };
      if (limit(context, taken)) return;
    }
    if (start.feedMode && lastCursor?.done) yield* drainFeed(context, lastCursor, (id) => fetchOrder(context, id), orderRow);
  },

  async count(context) {
    const bounds = defaultOrderBounds(context.options);
    return (await listOrders(context, bounds, 1, 1)).total;
  },

  async refetch(context, _entity, keys) {
    const responses = await Promise.all(keys.map((id) => fetchOrder(context, id)));
    return [{ entity: 'orders', rows: responses.flatMap((response, index) => (response ? safeRow(context, response, keys[index] ?? '') : [])) }];
  },
};

interface ListJob {
  window: { from: number; to: number; expected: number };
  page: number;
  last: boolean;
  listed: ListPage;
  /** The cursor while this window is in progress (without `window`), and the one once it is done. */
  before: OrdersCursor;
  after: OrdersCursor;
}

function limit(context: StreamContext, taken: number): boolean {
  return context.options.limit !== undefined && taken >= context.options.limit;
}

/**
 * Walks the pass in ascending windows. Each window's first page tells its total; a window over the cap is
 * narrowed (never losing the orders past page 30) and the next window's span follows the density met.
 */
async function* listPages(context: StreamContext, cursor: OrdersCursor): AsyncGenerator<ListJob> {
  let state: OrdersCursor = { ...cursor };
  let resumed = cursor.window;
  while (resumed || state.position < state.pass.to) {
    let window: ListJob['window'];
    let first: ListPage | undefined;
    if (resumed) {
      window = { from: resumed.from, to: resumed.to, expected: resumed.expected };
    } else {
      const tried: TimeWindow = { from: state.position, to: Math.min(state.pass.to, state.position + Math.max(1, state.span)) };
      first = await listOrders(context, tried, 1, OMS_PER_PAGE);
      if (state.estimatedTotal === undefined && tried.from === state.pass.from && tried.to === state.pass.to) state = { ...state, estimatedTotal: first.total };
      if (first.total > WINDOW_CAP && tried.to - tried.from > 1) {
        state = { ...state, span: Math.max(1, Math.floor(((tried.to - tried.from) * WINDOW_TARGET) / first.total)) };
        continue;
      }
      window = { ...tried, expected: first.total };
    }
    const before: OrdersCursor = {
      ...passFlags(state), pass: state.pass, position: window.from, span: state.span,
      ...(state.estimatedTotal === undefined ? {} : { estimatedTotal: state.estimatedTotal }),
    };
    const grown = window.expected === 0 ? state.span * 4 : Math.floor(((window.to - window.from) * WINDOW_TARGET) / window.expected);
    const after: OrdersCursor = { ...before, position: window.to, span: Math.max(1, Math.min(grown, state.span * 4)), ...(window.to >= state.pass.to ? { done: true } : {}) };
    const pages = Math.max(1, Math.min(OMS_MAX_PAGES, Math.ceil(window.expected / OMS_PER_PAGE)));
    for (let page = (resumed?.pagesDone ?? 0) + 1; page <= pages; page += 1) {
      const listed = page === 1 && first ? first : await listOrders(context, window, page, OMS_PER_PAGE);
      yield { window, page, last: page === pages, listed, before, after };
    }
    resumed = undefined;
    state = after;
  }
}

/**
 * Fetches every listed order that is not staged at its listed version (a refresh: whose list fields changed);
 * a page is done when all are staged. Each row keeps the list fields it was fetched for.
 */
async function fetchDetails(context: StreamContext, job: ListJob, refresh: boolean): Promise<{ job: ListJob; rows: StagedRow[]; stagedInPage: number }> {
  const items = job.listed.items;
  const stale = refresh ? changedSinceStaged(context, items) : notStagedAtVersion(context, items);
  // Each answer becomes its row as it arrives: the page holds the orders' text, not their parsed bodies too.
  const fetched = await Promise.all(stale.map(async (item) => {
    const response = await fetchOrder(context, item.orderId);
    return response ? safeRow(context, response, item.orderId).map((row) => ({ ...row, list_fields: item.fields })) : [];
  }));
  const rows = fetched.flat();
  return { job, rows, stagedInPage: items.length - stale.length + rows.length };
}

function notStagedAtVersion(context: StreamContext, items: readonly ListItem[]): ListItem[] {
  const staged = context.stagedVersions('orders', items.map((item) => item.orderId));
  return items.filter((item) => !staged.has(item.orderId) || isNewer(item.lastChange, staged.get(item.orderId) ?? null));
}

/** A window resumed mid-way has not listed its earlier pages in this run, so its unlisted orders are not known. */
function resumedWindow(start: OrdersCursor, job: ListJob): boolean {
  return start.window !== undefined && start.window.from === job.window.from && start.window.to === job.window.to;
}

function passNote(cursor: OrdersCursor): string {
  if (cursor.refresh) return ' (refresh: every staged window listed again; only orders whose list fields changed are fetched)';
  return cursor.incremental ? ' (incremental: since the last run, with lookback)' : '';
}

async function listOrders(context: StreamContext, window: TimeWindow, page: number, perPage: number): Promise<ListPage> {
  const response = await context.client.request({
    family: 'oms-list',
    endpoint: 'list-orders',
    path: '/api/oms/pvt/orders',
    query: {
      page,
      per_page: perPage,
      orderBy: 'creationDate,asc',
      f_creationDate: `creationDate:[${isoInstant(window.from)} TO ${isoInstant(window.to)}]`,
    },
  });
  const body = expectRecord(response.body, 'the orders list');
  const paging = expectRecord(body.paging, 'the orders list paging');
  const items = expectArray(body.list, 'the orders list').map((value) => {
    const item = expectRecord(value, 'an orders list item');
    const orderId = optionalString(item.orderId);
    if (!orderId) throw new TypeError('an orders list item has no orderId');
    return { orderId, lastChange: optionalString(item.lastChange), fields: JSON.stringify(listFieldsOf(item)) };
  });
  return { window, page, total: expectInteger(paging.total, 'paging.total'), items };
}

function fetchOrder(context: StreamContext, orderId: string): Promise<VtexResponse | undefined> {
  return fetchOrLose(
    context,
    { family: 'oms-get', endpoint: 'get-order', path: `/api/oms/pvt/orders/${encodeURIComponent(orderId)}`, readBody: (utf8) => ORDER_FIELDS.read(utf8) },
    { entity: 'orders', itemKey: orderId },
  );
}

function safeRow(context: StreamContext, response: VtexResponse, orderId: string): StagedRow[] {
  try {
    return [orderRow(response)];
  } catch (error) {
    context.lose({ entity: 'orders', itemKey: orderId, request: `GET order ${orderId}`, status: response.status, error: (error as Error).message, attempts: 1 });
    return [];
  }
}

/** What a staged order's columns come from; the rest of the order is kept as received and never parsed here. */
const ORDER_FIELDS = new JsonFieldReader({
  orderId: '$.orderId', creationDate: '$.creationDate', lastChange: '$.lastChange', status: '$.status',
  customerId: '$.clientProfileData.userProfileId', value: '$.value',
});

/** The row of a Get order answer read with ORDER_FIELDS. */
export function orderRow(response: VtexResponse): StagedRow {
  const fields = expectObjectFields(response.body as ReturnType<typeof ORDER_FIELDS.read>, 'an order');
  const id = optionalString(fields.orderId);
  if (!id) throw new TypeError('the order has no orderId');
  return {
    id,
    raw: response.json,
    creation_date: optionalString(fields.creationDate),
    last_change: optionalString(fields.lastChange),
    status: optionalString(fields.status),
    customer_id: optionalString(fields.customerId),
    total_value: optionalInteger(fields.value),
  };
}
