/**
 * Additive-increase, multiplicative-decrease share of a family's ceiling. VTEX's real budget can be lower than
 * documented (shared with other apps of the account): a 429 cuts our rate, quiet time wins it back, so a run
 * settles just under the actual limit instead of hammering it.
 */
export class AdaptiveRate {
  static readonly MIN_FACTOR = 0.1;
  static readonly DECREASE = 0.8;
  static readonly INCREASE = 1.1;
  /** One cut per window: the 429s of one burst (and of slots booked before the cut) are one signal, not many. */
  static readonly QUIET_MS = 2_000;

  #factor = 1;
  #lastCutMs = Number.NEGATIVE_INFINITY;
  #lastRaiseMs = Number.NEGATIVE_INFINITY;

  get factor(): number {
    return this.#factor;
  }

  onRateLimited(nowMs: number): void {
    if (nowMs - this.#lastCutMs < AdaptiveRate.QUIET_MS) return;
    this.#lastCutMs = nowMs;
    this.#factor = Math.max(AdaptiveRate.MIN_FACTOR, this.#factor * AdaptiveRate.DECREASE);
  }

  onSuccess(nowMs: number): void {
    if (this.#factor >= 1 || nowMs - this.#lastCutMs < AdaptiveRate.QUIET_MS || nowMs - this.#lastRaiseMs < AdaptiveRate.QUIET_MS / 2) return;
    this.#lastRaiseMs = nowMs;
    this.#factor = Math.min(1, this.#factor * AdaptiveRate.INCREASE);
  }
}
