import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { AdaptiveRate } from './adaptive-rate.js';
import { RateGate } from './rate-gate.js';

/** The API families VTEX rate-limits separately (FACTS.md "Rate limiting and retries"). */
export const API_FAMILIES = ['catalog', 'masterdata', 'oms-list', 'oms-get', 'vtexid', 'license-manager', 'pricing', 'logistics', 'images'] as const;
export type ApiFamily = (typeof API_FAMILIES)[number];

export interface FamilyLimits {
  /** Requests per minute for the whole family (per account); undefined = no documented ceiling. */
  perMinute?: number;
  /** Requests per minute for each endpoint of the family. */
  perEndpointPerMinute?: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/**
 * VTEX's documented ceilings. Catalog: 45,000/min per account and 15,000/min per endpoint.
 * Get order: 6,000/min. List orders: none documented today; an older doc said 5,000/min, which we keep as the
 * strict reading. Master Data: no numeric limit, at most 10 scrolls at once (the streams enforce that).
 * Pricing GETs, Logistics and the image CDN document no ceiling (DEPTH.md section 10), so these are stated
 * defaults that adapt to 429s and Ratelimit-* headers: Pricing 1,800/min (30/s, under the 33/s documented for
 * its writes, the only Pricing number there is); Logistics 3,000/min (the Admin stock export is known to hit
 * 429 on big catalogs, so well under Catalog's 15,000/min per endpoint); images 4 downloads at once (a CDN with
 * no documented hotlink policy; each answer is large).
 */
export const VTEX_LIMITS: Record<ApiFamily, FamilyLimits> = {
  catalog: { perMinute: 45_000, perEndpointPerMinute: 15_000, concurrency: 48 },
  masterdata: { concurrency: 10 },
  'oms-list': { perMinute: 5_000, concurrency: 8 },
  'oms-get': { perMinute: 6_000, concurrency: 32 },
  vtexid: { concurrency: 2 },
  'license-manager': { concurrency: 2 },
  pricing: { perMinute: 1_800, concurrency: 16 },
  logistics: { perMinute: 3_000, concurrency: 16 },
  images: { concurrency: 4 },
};

/**
 * Gates release the starts due in each such tick together, so a paced run wakes up once a tick, not once a
 * request: its answers then come back close together and are handled in one warm burst. A quarter second cost
 * 7% less CPU per order than 100 ms at 3,000 Get order/min (0.63-0.65 ms against 0.69); a burst is still a
 * quarter of a second's share (12 orders at that rate, 187 catalog starts at 45,000/min, held to the family's
 * in-flight limit).
 */
export const GATE_TICK_MS = 250;

/**
 * Paces requests per API family: a concurrency queue, then a start-rate gate for the endpoint and one for the
 * family. A 429 pauses the family, so every request of that family waits, not only the one that got it.
 */
export class Pacer {
  readonly #limits: Record<ApiFamily, FamilyLimits>;
  readonly #inFlight = new Map<ApiFamily, PQueue>();
  readonly #gates = new Map<string, RateGate>();
  readonly #pausedUntil = new Map<ApiFamily, number>();
  readonly #shares = new Map<ApiFamily, AdaptiveRate>();

  constructor(limits: Record<ApiFamily, FamilyLimits> = VTEX_LIMITS) {
    this.#limits = limits;
  }

  /**
   * Waits for the endpoint's and the family's next start slot, then for a free in-flight place. Slots are taken
   * before the place, so requests of a slower endpoint never hold places that another endpoint could use.
   */
  async schedule<T>(family: ApiFamily, endpoint: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#pauseOver(family, signal);
    await this.#gate(family, `${family} ${endpoint}`, this.#limits[family].perEndpointPerMinute, signal);
    await this.#gate(family, family, this.#limits[family].perMinute, signal);
    // No signal for the queue (it would add a listener per task): a task that starts after an abort fails at once.
    return this.#queue(family).add(() => {
      signal?.throwIfAborted();
      return task();
    }) as Promise<T>;
  }

  /** The share of the family's ceiling in use (1 = all of it); below 1 after 429s. */
  shareOf(family: ApiFamily): number {
    return this.#share(family).factor;
  }

  /** A request of the family was answered without a 429. */
  noteSuccess(family: ApiFamily): void {
    this.#share(family).onSuccess(Date.now());
  }

  /** Stops new starts of the whole family for `delayMs` and lowers its rate (a 429 means the budget is spent). */
  pauseFamily(family: ApiFamily, delayMs: number): void {
    this.#share(family).onRateLimited(Date.now());
    this.holdFamily(family, delayMs);
  }

  /**
   * Holds new starts of the family for `delayMs` without lowering its rate: the server said its budget is
   * nearly spent (Ratelimit-Remaining) and when it refills, which is not a 429.
   */
  holdFamily(family: ApiFamily, delayMs: number): void {
    const until = performance.now() + delayMs;
    if ((this.#pausedUntil.get(family) ?? 0) < until) this.#pausedUntil.set(family, until);
  }

  /** Waits while the family is paused (gated requests are also held in their gates, which read the pause). */
  async #pauseOver(family: ApiFamily, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const remaining = (this.#pausedUntil.get(family) ?? 0) - performance.now();
      if (remaining <= 0) return;
      await sleep(remaining, undefined, signal ? { signal } : undefined);
    }
  }

  #queue(family: ApiFamily): PQueue {
    let queue = this.#inFlight.get(family);
    if (!queue) {
      queue = new PQueue({ concurrency: this.#limits[family].concurrency });
      this.#inFlight.set(family, queue);
    }
    return queue;
  }

  /** Takes one start from the key's rate gate; no gate where VTEX documents no ceiling. */
  #share(family: ApiFamily): AdaptiveRate {
    let share = this.#shares.get(family);
    if (!share) {
      share = new AdaptiveRate();
      this.#shares.set(family, share);
    }
    return share;
  }

  async #gate(family: ApiFamily, key: string, perMinute: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    if (perMinute === undefined) return;
    let gate = this.#gates.get(key);
    if (!gate) {
      const share = this.#share(family);
      gate = new RateGate(perMinute, { share: () => share.factor, holdUntil: () => this.#pausedUntil.get(family) ?? 0, tickMs: GATE_TICK_MS });
      this.#gates.set(key, gate);
    }
    await gate.take(signal);
  }
}
