/** What went wrong with one attempt. `status` for an HTTP answer, `failure` when there was no usable answer. */
export interface AttemptOutcome {
  status?: number;
  failure?: 'reset' | 'timeout' | 'truncated' | 'network';
  retryAfterMs?: number;
}

export interface RetrySettings {
  /** Attempts for failures (5xx, resets, timeouts, bad bodies). */
  maxAttempts: number;
  /** Attempts while answered 429: a slow-down, not a failure, so it has a budget of its own. */
  maxRateLimitedAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After beyond this is not waited for: the request fails now, so one header cannot stall a run for hours. */
  maxRetryAfterMs: number;
  /** Time one request may spend waiting out 429s in all; then it fails. */
  maxRateLimitedWaitMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: 8, maxRateLimitedAttempts: 40, baseDelayMs: 250, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, maxRateLimitedWaitMs: 600_000,
};

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.failure) return true;
  return outcome.status !== undefined && (RETRYABLE_STATUS.has(outcome.status) || (outcome.status >= 500 && outcome.status !== 501));
}

/**
 * Exponential backoff with full jitter (AWS architecture blog), with Retry-After honoured as a floor.
 * `attempt` counts the attempts of this kind so far (429s apart from failures), from 1. Pure: `random` is passed in.
 */
export function retryDecision(attempt: number, outcome: AttemptOutcome, settings: RetrySettings, random: () => number): RetryDecision {
  const budget = outcome.status === 429 ? settings.maxRateLimitedAttempts : settings.maxAttempts;
  if (!isRetryable(outcome) || attempt >= budget) return { retry: false };
  if ((outcome.retryAfterMs ?? 0) > settings.maxRetryAfterMs) return { retry: false };
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return { retry: true, delayMs: Math.max(jittered, outcome.retryAfterMs ?? 0) };
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
