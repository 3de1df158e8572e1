import { describe, expect, it } from 'vitest';
import { isRetryable, parseRetryAfter, retryDecision } from '../../src/vtex/retry-policy.js';
import type { AttemptOutcome, RetrySettings } from '../../src/vtex/retry-policy.js';

const settings: RetrySettings = { maxAttempts: 5, maxRateLimitedAttempts: 20, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 60_000, maxRateLimitedWaitMs: 600_000 };
const half = () => 0.5;
const top = () => 0.999999;

describe('retryDecision', () => {
  it.each<[string, number, AttemptOutcome, () => number, ReturnType<typeof retryDecision>]>([
    ['500 first attempt, half jitter of 100', 1, { status: 500 }, half, { retry: true, delayMs: 50 }],
    ['503 third attempt, half of 400', 3, { status: 503 }, half, { retry: true, delayMs: 200 }],
    ['502 capped by maxDelayMs', 4, { status: 502 }, top, { retry: true, delayMs: 799 }],
    ['cap reached at attempt 5? no: attempts exhausted', 5, { status: 500 }, half, { retry: false }],
    ['429 without Retry-After: backoff', 2, { status: 429 }, half, { retry: true, delayMs: 100 }],
    ['429 has its own budget beyond maxAttempts', 12, { status: 429 }, half, { retry: true, delayMs: 500 }],
    ['429 budget exhausted', 20, { status: 429 }, half, { retry: false }],
    ['429 Retry-After is a floor', 1, { status: 429, retryAfterMs: 3_000 }, half, { retry: true, delayMs: 3_000 }],
    ['Retry-After below the jitter does not shorten it', 4, { status: 429, retryAfterMs: 10 }, top, { retry: true, delayMs: 799 }],
    ['Retry-After at the limit is waited', 1, { status: 503, retryAfterMs: 60_000 }, half, { retry: true, delayMs: 60_000 }],
    ['Retry-After beyond the limit: fail now, do not stall', 1, { status: 429, retryAfterMs: 3_600_000 }, half, { retry: false }],
    ['408 retried', 1, { status: 408 }, half, { retry: true, delayMs: 50 }],
    ['reset retried', 2, { failure: 'reset' }, half, { retry: true, delayMs: 100 }],
    ['timeout retried', 1, { failure: 'timeout' }, () => 0, { retry: true, delayMs: 0 }],
    ['truncated body retried', 1, { failure: 'truncated' }, half, { retry: true, delayMs: 50 }],
    ['400 not retried', 1, { status: 400 }, half, { retry: false }],
    ['401 not retried', 1, { status: 401 }, half, { retry: false }],
    ['403 not retried', 1, { status: 403 }, half, { retry: false }],
    ['404 not retried', 1, { status: 404 }, half, { retry: false }],
    ['501 not retried', 1, { status: 501 }, half, { retry: false }],
  ])('%s', (_name, attempt, outcome, random, expected) => {
    expect(retryDecision(attempt, outcome, settings, random)).toEqual(expected);
  });

  it('classifies statuses', () => {
    expect([200, 400, 404, 408, 429, 500, 501, 504, 599].map((status) => isRetryable({ status }))).toEqual([
      false, false, false, true, true, true, false, true, true,
    ]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it.each<[string | undefined, number | undefined]>([
    ['5', 5_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Thu, 26 Nov 2026 12:00:30 GMT', 30_000],
    ['Thu, 26 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %j ms', (value, expected) => expect(parseRetryAfter(value, now)).toBe(expected));
});
