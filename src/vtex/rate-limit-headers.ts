/** What Pricing's `Ratelimit-Limit/Remaining/Reset` headers say (DEPTH.md section 1: on every answer). */
export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** Seconds until the budget refills. */
  resetSeconds?: number;
}

/** Below this share of the budget left, starts are spread over the time to Reset. */
export const LOW_WATER_SHARE = 0.1;
/** A Reset beyond this is not waited for from the headers alone (a 429 with Retry-After still is). */
export const MAX_HEADER_HOLD_MS = 60_000;

/** Reads the headers (names lowercase); `100, 100;w=60` (the IETF draft's list form) reads as 100. */
export function readRateLimitHeaders(headers: Readonly<Record<string, string>>): RateLimitState {
  const number = (name: string): number | undefined => {
    const match = /^\s*(\d+(?:\.\d+)?)/.exec(headers[name] ?? '');
    return match ? Number(match[1]) : undefined;
  };
  const state: RateLimitState = {};
  const limit = number('ratelimit-limit');
  const remaining = number('ratelimit-remaining');
  const resetSeconds = number('ratelimit-reset');
  if (limit !== undefined) state.limit = limit;
  if (remaining !== undefined) state.remaining = remaining;
  if (resetSeconds !== undefined) state.resetSeconds = resetSeconds;
  return state;
}

/**
 * How long the family should hold new starts after an answer with these headers, or undefined for no hold.
 * Nothing left: until Reset. Little left (under LOW_WATER_SHARE of the limit): Reset / remaining, so the
 * budget that is left is spread over the window instead of spent at once and answered 429. Pure.
 */
export function rateLimitHoldMs(state: RateLimitState): number | undefined {
  const { limit, remaining, resetSeconds } = state;
  if (remaining === undefined) return undefined;
  const resetMs = Math.min(MAX_HEADER_HOLD_MS, (resetSeconds ?? 1) * 1000);
  if (remaining <= 0) return resetMs;
  const lowWater = Math.max(1, Math.ceil((limit ?? remaining / LOW_WATER_SHARE) * LOW_WATER_SHARE));
  if (remaining > lowWater) return undefined;
  return Math.round(resetMs / (remaining + 1));
}
