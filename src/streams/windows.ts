/** A span of time, both ends inclusive in VTEX filters (`[a TO b]`, `between a AND b`), in epoch ms. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Splits a window into `parts` spans of equal length that share their boundary instants (never a gap). */
export function splitWindow(window: TimeWindow, parts: number): TimeWindow[] {
  const span = window.to - window.from;
  const count = Math.max(1, Math.min(parts, span));
  const windows: TimeWindow[] = [];
  for (let index = 0; index < count; index += 1) {
    const from = window.from + Math.floor((span * index) / count);
    const to = index === count - 1 ? window.to : window.from + Math.floor((span * (index + 1)) / count);
    windows.push({ from, to });
  }
  return windows;
}

/**
 * How many parts a window holding `total` records needs so each holds at most `target` (assuming an even
 * spread; a part that is still too large is split again). At least 2 when over the target.
 */
export function partsFor(total: number, target: number): number {
  return total <= target ? 1 : Math.max(2, Math.ceil(total / target));
}

/** `2024-01-01T00:00:00.000Z`: the form VTEX date filters take. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

export function windowKey(window: TimeWindow): string {
  return `${isoInstant(window.from)}/${isoInstant(window.to)}`;
}

/** Equal windows of at most `spanMs` covering [from, to]. */
export function windowsOf(range: TimeWindow, spanMs: number): TimeWindow[] {
  return splitWindow(range, Math.max(1, Math.ceil((range.to - range.from) / spanMs)));
}
