import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

/** The API families VTEX rate-limits separately (FACTS.md "Rate limiting and retries"). */
export const API_FAMILIES = ['catalog', 'masterdata', 'oms-list', 'oms-get', 'vtexid', 'license-manager'] as const;
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
 */
export const VTEX_LIMITS: Record<ApiFamily, FamilyLimits> = {
  catalog: { perMinute: 45_000, perEndpointPerMinute: 15_000, concurrency: 48 },
  masterdata: { concurrency: 10 },
  'oms-list': { perMinute: 5_000, concurrency: 8 },
  'oms-get': { perMinute: 6_000, concurrency: 32 },
  vtexid: { concurrency: 2 },
  'license-manager': { concurrency: 2 },
};

/** p-queue limits starts per interval; a short interval keeps the flow even instead of bursting each minute. */
export function rateGateOptions(perMinute: number): { interval: number; intervalCap: number } {
  const interval = Math.max(100, Math.ceil(60_000 / perMinute));
  return { interval, intervalCap: Math.max(1, Math.round((perMinute * interval) / 60_000)) };
}

/**
 * Paces requests per API family: a concurrency queue, then a start-rate gate for the endpoint and one for the
 * family. A 429 pauses the family, so every request of that family waits, not only the one that got it.
 */
export class Pacer {
  readonly #limits: Record<ApiFamily, FamilyLimits>;
  readonly #inFlight = new Map<ApiFamily, PQueue>();
  readonly #gates = new Map<string, PQueue>();
  readonly #pausedUntil = new Map<ApiFamily, number>();

  constructor(limits: Record<ApiFamily, FamilyLimits> = VTEX_LIMITS) {
    this.#limits = limits;
  }

  async schedule<T>(family: ApiFamily, endpoint: string, task: () => Promise<T>): Promise<T> {
    const queue = this.#queue(family);
    return queue.add(async () => {
      await this.#pauseOver(family);
      await this.#gate(`${family} ${endpoint}`, this.#limits[family].perEndpointPerMinute);
      await this.#gate(family, this.#limits[family].perMinute);
      return task();
    }) as Promise<T>;
  }

  /** Stops new starts of the whole family for `delayMs` (a 429 means the family's budget is spent). */
  pauseFamily(family: ApiFamily, delayMs: number): void {
    const until = Date.now() + delayMs;
    if ((this.#pausedUntil.get(family) ?? 0) < until) this.#pausedUntil.set(family, until);
  }

  /** Waits while the family is paused; a later 429 may move the end of the pause while we wait. */
  async #pauseOver(family: ApiFamily): Promise<void> {
    for (;;) {
      const remaining = (this.#pausedUntil.get(family) ?? 0) - Date.now();
      if (remaining <= 0) return;
      await sleep(remaining);
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

  #gateQueue(key: string, perMinute: number): PQueue {
    let gate = this.#gates.get(key);
    if (!gate) {
      gate = new PQueue(rateGateOptions(perMinute));
      this.#gates.set(key, gate);
    }
    return gate;
  }

  /** Takes one start from the key's rate gate; no gate where VTEX documents no ceiling. */
  async #gate(key: string, perMinute: number | undefined): Promise<void> {
    if (perMinute === undefined) return;
    await this.#gateQueue(key, perMinute).add(() => undefined);
  }
}
