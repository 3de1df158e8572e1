import { describe, expect, it } from 'vitest';
import { MAX_HEADER_HOLD_MS, rateLimitHoldMs, readRateLimitHeaders } from '../../src/vtex/rate-limit-headers.js';

describe('readRateLimitHeaders', () => {
  it('reads the three numbers, the IETF list form as its first value', () => {
    expect(readRateLimitHeaders({ 'ratelimit-limit': '100, 100;w=60', 'ratelimit-remaining': '7', 'ratelimit-reset': '12' })).toEqual({ limit: 100, remaining: 7, resetSeconds: 12 });
    expect(readRateLimitHeaders({ 'ratelimit-remaining': 'soon' })).toEqual({});
    expect(readRateLimitHeaders({})).toEqual({});
  });
});

describe('rateLimitHoldMs', () => {
  it.each([
    [{}, undefined],
    [{ limit: 100, remaining: 50, resetSeconds: 10 }, undefined],
    [{ limit: 100, remaining: 11, resetSeconds: 10 }, undefined],
    [{ limit: 100, remaining: 10, resetSeconds: 10 }, Math.round(10_000 / 11)],
    [{ limit: 100, remaining: 1, resetSeconds: 10 }, 5_000],
    [{ limit: 100, remaining: 0, resetSeconds: 10 }, 10_000],
    [{ limit: 100, remaining: 0 }, 1_000],
    [{ limit: 100, remaining: 0, resetSeconds: 3_600 }, MAX_HEADER_HOLD_MS],
    [{ remaining: 0, resetSeconds: 2 }, 2_000],
  ])('%j -> %s ms', (state, hold) => {
    expect(rateLimitHoldMs(state)).toBe(hold);
  });
});
