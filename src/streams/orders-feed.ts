import type { StagedRow } from '../store/store.js';
import type { VtexResponse } from '../vtex/client.js';
import { VtexHttpError } from '../vtex/http-error.js';
import { listFieldsFromOrder } from './order-list-fields.js';
import { expectArray, expectRecord, optionalString } from './parse.js';
import type { Json } from '../json.js';
import type { StreamContext, StreamPage } from './stream.js';
import { isNewer } from './versions.js';

/** GET /api/orders/feed returns at most 10 items a call (orders.json `maxlot`). */
const FEED_LOT = 10;
/** The longest queue retention VTEX allows, 14 days (DEPTH.md section 8), so a feed covers the longest gap. */
export const FEED_RETENTION_S = 1_209_600;
/** How long a delivered, uncommitted event stays hidden before it is delivered again. */
const FEED_VISIBILITY_S = 300;
/**
 * Every change of an order, every time (FromOrders with disableSingleFire; FromWorkflow sees only status
 * changes). VTEX documents no always-true JSONata expression (DEPTH.md section 8, U): this one holds for
 * every order document.
 */
const FEED_FILTER = { type: 'FromOrders', expression: '$exists(orderId)', disableSingleFire: true } as const;

/** What the orders cursor keeps of the feed. */
export interface FeedState {
  /** When this tool found or made the feed configuration (epoch ms). */
  configuredAt: number;
  /** The last time the feed was drained to empty. */
  drainedAt?: number;
  retentionMs: number;
}

interface FeedItem {
  handle: string;
  orderId: string;
  currentChange: string | null;
}

/**
 * Reads the app key's feed configuration, and configures one (FromOrders, every change, 14-day retention) when
 * there is none. The feed is shared by every user of the app key: a notice says so when it is created.
 */
export async function ensureFeed(context: StreamContext, known: FeedState | undefined): Promise<FeedState> {
  const config = await context.client.request({ family: 'oms-list', endpoint: 'feed-config', path: '/api/orders/feed/config', acceptStatuses: [404] });
  if (config.status === 200) {
    const queue = expectRecord(expectRecord(config.body, 'the feed configuration').queue ?? {}, 'the feed queue');
    const retentionS = Number(queue.messageRetentionPeriodInSeconds ?? queue.MessageRetentionPeriodInSeconds ?? FEED_RETENTION_S);
    return { configuredAt: known?.configuredAt ?? context.options.now, ...(known?.drainedAt === undefined ? {} : { drainedAt: known.drainedAt }), retentionMs: retentionS * 1000 };
  }
  await context.client.request({
    family: 'oms-list', endpoint: 'feed-configure', path: '/api/orders/feed/config', method: 'POST',
    body: { filter: FEED_FILTER, queue: { visibilityTimeoutInSeconds: FEED_VISIBILITY_S, MessageRetentionPeriodInSeconds: FEED_RETENTION_S, messageRetentionPeriodInSeconds: FEED_RETENTION_S } },
  });
  context.notice('configured the Orders Feed v3 of this app key (every order change, kept 14 days). A feed is shared by every user of the app key: another tool reading it with this key takes events from this one. It reaches back only from now: this run lists every staged window instead.');
  return { configuredAt: context.options.now, retentionMs: FEED_RETENTION_S * 1000 };
}

/**
 * Whether the feed holds every change since the last complete pass: it was configured before that pass started,
 * and it was drained (or made) within its retention, so no event was dropped unread.
 */
export function feedCovers(feed: FeedState, lastPassStartedAt: number | undefined, now: number): boolean {
  if (lastPassStartedAt === undefined || feed.configuredAt > lastPassStartedAt) return false;
  return now - (feed.drainedAt ?? feed.configuredAt) < feed.retentionMs;
}

/** One lot of the feed: its distinct orders fetched and staged, handles to commit once the page is saved. */
export interface FeedLot {
  rows: StagedRow[];
  /** Handles of the events whose order is staged (or already was, at that change or later). */
  handles: string[];
  /** Orders named by the lot. */
  orders: number;
}

/** Reads feed lots until one comes back empty. Orders that failed keep their events uncommitted (delivered again later). */
export async function* feedLots(context: StreamContext, fetchOrder: (orderId: string) => Promise<VtexResponse | undefined>, toRow: (response: VtexResponse) => StagedRow): AsyncGenerator<FeedLot> {
  for (;;) {
    const response = await context.client.request({ family: 'oms-list', endpoint: 'feed-read', path: '/api/orders/feed', query: { maxlot: FEED_LOT } });
    const items = expectArray(response.body, 'the orders feed').map(feedItem);
    if (items.length === 0) return;
    // At-least-once delivery: the same change may come twice; an order staged at this change or later is not fetched.
    const latest = new Map<string, string | null>();
    for (const item of items) if (!latest.has(item.orderId) || isNewer(item.currentChange, latest.get(item.orderId) ?? null)) latest.set(item.orderId, item.currentChange);
    const staged = context.stagedVersions('orders', [...latest.keys()]);
    const stale = [...latest].filter(([id, change]) => !staged.has(id) || isNewer(change, staged.get(id) ?? null)).map(([id]) => id);
    const fetched = new Set<string>();
    const rows: StagedRow[] = [];
    for (const [index, answer] of (await Promise.all(stale.map((id) => fetchOrder(id)))).entries()) {
      const id = stale[index] as string;
      if (!answer) continue;
      const row = toRow(answer);
      rows.push({ ...row, list_fields: JSON.stringify(listFieldsFromOrder(expectRecord(answer.body, 'an order'))) });
      fetched.add(id);
    }
    const handles = items.filter((item) => !stale.includes(item.orderId) || fetched.has(item.orderId)).map((item) => item.handle);
    yield { rows, handles, orders: latest.size };
  }
}

/** Commits handles; a commit lost for good is not an error: those events come back after the visibility timeout. */
export async function commitHandles(context: StreamContext, handles: readonly string[]): Promise<void> {
  if (handles.length === 0) return;
  try {
    await context.client.request({ family: 'oms-list', endpoint: 'feed-commit', path: '/api/orders/feed', method: 'POST', body: { handles: [...handles] } });
  } catch (error) {
    if (!(error instanceof VtexHttpError) || error.status === 401 || error.status === 403) throw error;
    context.notice(`${handles.length} feed events could not be committed (${error.message}); VTEX delivers them again, and the next run fetches those orders again.`);
  }
}

function feedItem(value: unknown): FeedItem {
  const item = expectRecord(value, 'an orders feed item');
  const handle = optionalString(item.handle);
  const orderId = optionalString(item.orderId);
  if (!handle || !orderId) throw new TypeError('an orders feed item has no handle or orderId');
  return { handle, orderId, currentChange: optionalString(item.currentChange) };
}

/** Stages the orders the feed names, lot by lot, committing each lot's events once its page is saved. */
export async function* drainFeed<C extends { feed?: FeedState }>(
  context: StreamContext, finished: C, fetchOrder: (orderId: string) => Promise<VtexResponse | undefined>, toRow: (response: VtexResponse) => StagedRow,
): AsyncGenerator<StreamPage> {
  let staged = 0;
  for await (const lot of feedLots(context, fetchOrder, toRow)) {
    staged += lot.rows.length;
    yield { writes: [{ entity: 'orders', rows: lot.rows }], cursor: finished as unknown as Json, records: lot.rows.length, trackChanges: true };
    await commitHandles(context, lot.handles);
  }
  context.notice(`orders: the Orders Feed named ${staged} order${staged === 1 ? '' : 's'} to fetch again; its events are committed.`);
  const feed = finished.feed ? { ...finished.feed, drainedAt: context.options.now } : undefined;
  yield { writes: [], cursor: { ...finished, ...(feed ? { feed } : {}) } as unknown as Json, records: 0 };
}
