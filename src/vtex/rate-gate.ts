import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces starts evenly at `perMinute` (a virtual-time scheduler: each start books the next free slot).
 * Written here because p-queue's `interval`/`intervalCap` window can hold tasks back after the queue goes idle
 * mid-window (sindresorhus/p-queue#251, #182); we saw whole gates stall that way under load.
 */
export class RateGate {
  readonly #spacingMs: number;
  #nextSlotMs = 0;

  constructor(perMinute: number) {
    this.#spacingMs = 60_000 / perMinute;
  }

  /** Books the next free slot at or after `now`; returns how long the caller must wait for it. */
  reserve(now: number): number {
    const slot = Math.max(now, this.#nextSlotMs);
    this.#nextSlotMs = slot + this.#spacingMs;
    return slot - now;
  }

  /** Resolves when this caller may start; never earlier than one spacing after the previous start. */
  async take(signal?: AbortSignal): Promise<void> {
    const waitMs = this.reserve(performance.now());
    if (waitMs >= 1) await sleep(waitMs, undefined, signal ? { signal } : undefined);
  }
}
