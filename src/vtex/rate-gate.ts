/**
 * Releases waiters one by one at `perMinute` × share(), in arrival order, from one timer. The share is read at
 * each release, so a cut after a 429 slows the very next start, not only requests that arrive later.
 * Written here because p-queue's `interval`/`intervalCap` window can hold tasks back after the queue goes idle
 * mid-window (sindresorhus/p-queue#251, #182); we saw whole gates stall that way under load.
 */
export class RateGate {
  /** Timer lag up to this much beyond the tick is made up (a short burst); an idle gate saves up nothing beyond it. */
  static readonly CATCH_UP_MS = 50;

  readonly #spacingMs: number;
  readonly #tickMs: number;
  readonly #share: () => number;
  readonly #holdUntil: () => number;
  readonly #now: () => number;
  #waiters: Array<{ release: () => void; fail: (error: unknown) => void; signal: AbortSignal | undefined }> = [];
  /** Signals this gate listens to, once each: a listener per waiter costs a walk of the signal's list at each release. */
  readonly #signals = new WeakSet<AbortSignal>();
  #nextSlotMs = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;

  /**
   * `share` scales the rate (read at each release); `holdUntil` is a time before which nothing is released
   * (a 429 pause), on the same clock as `now`.
   */
  constructor(perMinute: number, options: { share?: () => number; holdUntil?: () => number; now?: () => number; tickMs?: number } = {}) {
    this.#spacingMs = 60_000 / perMinute;
    this.#tickMs = options.tickMs ?? 0;
    this.#share = options.share ?? (() => 1);
    this.#holdUntil = options.holdUntil ?? (() => Number.NEGATIVE_INFINITY);
    this.#now = options.now ?? (() => performance.now());
  }

  /** Resolves when this caller may start; rejects if `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (signal && !this.#signals.has(signal)) {
      this.#signals.add(signal);
      signal.addEventListener('abort', () => this.#failWaiting(signal), { once: true });
    }
    return new Promise((release, fail) => {
      this.#waiters.push({ release, fail, signal });
      this.#pump();
    });
  }

  #failWaiting(signal: AbortSignal): void {
    const failed = this.#waiters.filter((waiter) => waiter.signal === signal);
    this.#waiters = this.#waiters.filter((waiter) => waiter.signal !== signal);
    for (const waiter of failed) waiter.fail(signal.reason);
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  #pump(): void {
    if (this.#timer) return;
    while (this.#waiters.length > 0) {
      const now = this.#now();
      const free = this.#nextSlotMs < now - this.#tickMs - RateGate.CATCH_UP_MS ? now : this.#nextSlotMs;
      const slot = Math.max(free, this.#holdUntil());
      if (slot > now) {
        // Waking on a tick grid releases the slots due since the last tick together: one wake-up per tick.
        const wake = this.#tickMs > 0 ? Math.ceil(slot / this.#tickMs) * this.#tickMs : slot;
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#pump();
        }, wake - now);
        return;
      }
      this.#nextSlotMs = slot + this.#spacingMs / this.#share();
      this.#waiters.shift()?.release();
    }
  }
}
