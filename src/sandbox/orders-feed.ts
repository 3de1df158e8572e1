import { errorReply, jsonReply } from './route.js';
import type { Reply } from './route.js';

/** Queue retention bounds of a feed, seconds (orders.json POST /api/orders/feed/config). */
const MIN_RETENTION_S = 345_600;
const MAX_RETENTION_S = 1_209_600;
const DEFAULT_VISIBILITY_S = 240;
/** `maxlot` of GET /api/orders/feed: at most 10 (orders.json). */
const MAX_LOT = 10;

interface FeedQueue {
  visibilityTimeoutInSeconds: number;
  messageRetentionPeriodInSeconds: number;
}

interface FeedFilter {
  type: 'FromWorkflow' | 'FromOrders';
  status?: string[];
  expression?: string;
  disableSingleFire?: boolean;
}

interface FeedEvent {
  eventId: string;
  handle: string;
  orderId: string;
  state: string;
  lastState: string;
  lastChange: string;
  currentChange: string;
  enqueuedMs: number;
  visibleAtMs: number;
}

interface Feed {
  filter: FeedFilter;
  queue: FeedQueue;
  events: FeedEvent[];
  /** FromOrders without disableSingleFire: each order appears once. */
  fired: Set<string>;
}

/** One order change as the feed sees it. */
export interface OrderChange {
  orderId: string;
  statusBefore: string;
  statusAfter: string;
  lastChangeBefore: string;
  lastChangeAfter: string;
}

/**
 * Orders Feed v3, one feed per app key (DEPTH.md section 8): configured by POST /config, filled by order
 * changes (FromWorkflow: status changes, optionally of some statuses; FromOrders: any change, once per order
 * unless disableSingleFire), read in lots of at most 10 that stay invisible for the visibility timeout, and
 * emptied by commits of their handles. Events older than the retention are dropped. Time is real time
 * (`monotonicMs`), so visibility timeouts pass while a test runs.
 */
export class OrdersFeed {
  readonly #feeds = new Map<string, Feed>();
  #sequence = 0;
  /** Every event enqueued twice (VTEX delivers at least once and "does not ensure all events are unique"). */
  duplicates = false;

  constructor(private readonly monotonicMs: () => number) {}

  config(appKey: string): Reply {
    const feed = this.#feeds.get(appKey);
    if (!feed) return errorReply('oms', 404, 'No feed configuration was found for this app key.');
    const oldest = feed.events[0];
    return jsonReply({
      filter: feed.filter, queue: feed.queue, quantity: feed.events.length,
      approximateAgeOfOldestMessageInSeconds: oldest ? Math.floor((this.monotonicMs() - oldest.enqueuedMs) / 1000) : 0,
    });
  }

  configure(appKey: string, body: unknown): Reply {
    const input = (body ?? {}) as { filter?: Partial<FeedFilter>; queue?: Record<string, unknown> };
    const filter = input.filter ?? { type: 'FromWorkflow' };
    if (filter.type !== 'FromWorkflow' && filter.type !== 'FromOrders') return errorReply('oms', 400, 'filter.type must be FromWorkflow or FromOrders.');
    if ((filter.type === 'FromWorkflow' && filter.expression !== undefined) || (filter.type === 'FromOrders' && filter.status !== undefined)) {
      return errorReply('oms', 409, 'FromWorkflow and FromOrders filters cannot be mixed.');
    }
    const retention = Number(input.queue?.MessageRetentionPeriodInSeconds ?? input.queue?.messageRetentionPeriodInSeconds ?? MIN_RETENTION_S);
    if (!(retention >= MIN_RETENTION_S && retention <= MAX_RETENTION_S)) return errorReply('oms', 400, `MessageRetentionPeriodInSeconds must be between ${MIN_RETENTION_S} and ${MAX_RETENTION_S}.`);
    const visibility = Number(input.queue?.visibilityTimeoutInSeconds ?? DEFAULT_VISIBILITY_S);
    if (!(visibility >= 0)) return errorReply('oms', 400, 'visibilityTimeoutInSeconds must be a number of seconds.');
    const existing = this.#feeds.get(appKey);
    this.#feeds.set(appKey, {
      filter: filter as FeedFilter, queue: { visibilityTimeoutInSeconds: visibility, messageRetentionPeriodInSeconds: retention },
      events: existing?.events ?? [], fired: existing?.fired ?? new Set(),
    });
    return jsonReply(null);
  }

  /** Enqueues the events each configured feed's filter lets through. */
  emit(changes: readonly OrderChange[], statusChanged: boolean): void {
    for (const [appKey, feed] of this.#feeds) {
      for (const change of changes) {
        if (!this.#matches(feed, change, statusChanged)) continue;
        const copies = this.duplicates ? 2 : 1;
        for (let copy = 0; copy < copies; copy += 1) feed.events.push(this.#event(appKey, change));
      }
    }
  }

  read(appKey: string, maxlotParam: string | null): Reply {
    const feed = this.#feeds.get(appKey);
    if (!feed) return errorReply('oms', 404, 'No feed configuration was found for this app key.');
    const maxlot = maxlotParam === null ? 1 : Number(maxlotParam);
    if (!(Number.isInteger(maxlot) && maxlot >= 1 && maxlot <= MAX_LOT)) return errorReply('oms', 400, `maxlot must be an integer from 1 to ${MAX_LOT}.`);
    const now = this.monotonicMs();
    feed.events = feed.events.filter((event) => now - event.enqueuedMs < feed.queue.messageRetentionPeriodInSeconds * 1000);
    const lot = feed.events.filter((event) => event.visibleAtMs <= now).slice(0, maxlot);
    for (const event of lot) event.visibleAtMs = now + feed.queue.visibilityTimeoutInSeconds * 1000;
    return jsonReply(lot.map(({ eventId, handle, orderId, state, lastState, lastChange, currentChange }) => ({
      eventId, handle, domain: 'Fulfillment', state, lastState, orderId, lastChange, currentChange,
    })));
  }

  commit(appKey: string, body: unknown): Reply {
    const feed = this.#feeds.get(appKey);
    if (!feed) return errorReply('oms', 404, 'No feed configuration was found for this app key.');
    const handles = (body as { handles?: unknown } | undefined)?.handles;
    if (!Array.isArray(handles) || !handles.every((handle) => typeof handle === 'string')) return errorReply('oms', 400, 'The body must be {"handles": [...]}.');
    const committed = new Set(handles as string[]);
    feed.events = feed.events.filter((event) => !committed.has(event.handle));
    return jsonReply(null);
  }

  /** Events waiting in an app key's feed (delivered or not), for tests. */
  pending(appKey: string): number {
    return this.#feeds.get(appKey)?.events.length ?? 0;
  }

  #matches(feed: Feed, change: OrderChange, statusChanged: boolean): boolean {
    if (feed.filter.type === 'FromWorkflow') {
      return statusChanged && (!feed.filter.status || feed.filter.status.length === 0 || feed.filter.status.includes(change.statusAfter));
    }
    if (feed.filter.disableSingleFire) return true;
    if (feed.fired.has(change.orderId)) return false;
    feed.fired.add(change.orderId);
    return true;
  }

  #event(appKey: string, change: OrderChange): FeedEvent {
    this.#sequence += 1;
    const eventId = this.#sequence.toString(16).toUpperCase().padStart(32, '0');
    const now = this.monotonicMs();
    return {
      eventId,
      handle: `AQEB${Buffer.from(JSON.stringify({ appKey, eventId })).toString('base64url')}`,
      orderId: change.orderId, state: change.statusAfter, lastState: change.statusBefore,
      lastChange: change.lastChangeBefore, currentChange: change.lastChangeAfter, enqueuedMs: now, visibleAtMs: now,
    };
  }
}
