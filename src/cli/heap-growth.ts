import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { NodeGCPerformanceDetail } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/**
 * How much the heap may grow past its live size before the next full collection. V8's own choice lets garbage
 * pile up to about four times the live heap: an extraction peaked at 315-430 MB of RSS that way. A fixed half
 * of the live size kept the peak under 256 MB, but V8 counts every byte received (answer buffers live outside
 * the heap) as growth, so with a live heap of 13 MB a full collection ran for every 8 MB received: 19 of them
 * for 140 MB of orders, a tenth of the run's CPU. So the allowance is HEAP_SLACK_BYTES, as a share of the live
 * size, between half and four times it: a small heap gets the same absolute room as a 48 MB one, a large heap
 * no more than half of itself, as before.
 */
export const HEAP_SLACK_BYTES = 24 * 1024 * 1024;
export const MIN_HEAP_GROWING_PERCENT = 50;
export const MAX_HEAP_GROWING_PERCENT = 400;

/** The growth percent for a live heap of `liveBytes`, in steps of 10. */
export function heapGrowingPercent(liveBytes: number): number {
  const percent = (100 * HEAP_SLACK_BYTES) / Math.max(1, liveBytes);
  return Math.round(Math.min(MAX_HEAP_GROWING_PERCENT, Math.max(MIN_HEAP_GROWING_PERCENT, percent)) / 10) * 10;
}

/**
 * Sets V8's --heap-growing-percent from the live heap now and again after each full collection (V8 reads it
 * whenever it sets the next limit). Flags that V8 does not know are ignored by it.
 */
export function limitHeapGrowth(): void {
  let current: number | undefined;
  const apply = (): void => {
    const percent = heapGrowingPercent(getHeapStatistics().used_heap_size);
    if (percent === current) return;
    setFlagsFromString(`--heap-growing-percent=${percent}`);
    current = percent;
  };
  apply();
  new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => (entry as { detail?: NodeGCPerformanceDetail }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) apply();
  }).observe({ entryTypes: ['gc'] });
}
