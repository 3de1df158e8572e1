import type { Burst } from './options.js';
import { Rng, mix32 } from './random.js';

export const DAY_MS = 86_400_000;

/**
 * `count` integer millisecond timestamps in [startMs, endMs), sorted ascending, so index = chronological
 * rank. `burst.count` of them fall on the burst's UTC day instead.
 */
export function sortedTimes(seed: number, tag: string, count: number, startMs: number, endMs: number, burst: Burst | undefined): Float64Array {
  const times = new Float64Array(count);
  const rng = Rng.for(seed, `${tag}:times`, 0);
  const burstStart = burst === undefined ? 0 : dayStartMs(burst.day);
  const burstCount = burst === undefined ? 0 : Math.min(count, burst.count);
  for (let i = 0; i < count; i += 1) {
    const inBurst = i < burstCount;
    const from = inBurst ? burstStart : startMs;
    const span = inBurst ? DAY_MS : endMs - startMs;
    times[i] = from + Math.floor(rng.next() * span);
  }
  return times.sort();
}

export function dayStartMs(day: string): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms)) throw new Error(`Not a day (YYYY-MM-DD): ${day}`);
  return ms;
}

/** Sub-millisecond digits VTEX shows (7 fractional digits), derived from the instant so it is stable. */
function tenthsOfMicro(ms: number): string {
  return String(mix32(ms) % 10_000).padStart(4, '0');
}

/** Master Data / Catalog style: `2025-03-19T21:43:29.7132146Z`. */
export function mdDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${tenthsOfMicro(ms)}Z`;
}

/** OMS style: `2024-02-04T20:09:43.8999580+00:00`. */
export function omsDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${tenthsOfMicro(ms)}+00:00`;
}

/** Index of the first element >= value in an ascending array. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > value in an ascending array of integers. */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  return lowerBound(sorted, Math.floor(value) + 1);
}
