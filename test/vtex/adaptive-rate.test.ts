import { describe, expect, it } from 'vitest';
import { AdaptiveRate } from '../../src/vtex/adaptive-rate.js';

describe('AdaptiveRate', () => {
  it('cuts the share once per burst of 429s, then wins it back in quiet time', () => {
    const rate = new AdaptiveRate();
    rate.onRateLimited(0);
    rate.onRateLimited(10);
    rate.onRateLimited(1_999);
    expect(rate.factor).toBeCloseTo(0.8, 10);
    rate.onRateLimited(2_000);
    expect(rate.factor).toBeCloseTo(0.64, 10);
    rate.onSuccess(3_500); // too soon after the last cut
    expect(rate.factor).toBeCloseTo(0.64, 10);
    rate.onSuccess(4_000);
    rate.onSuccess(4_500); // one raise per second
    expect(rate.factor).toBeCloseTo(0.64 * 1.1, 10);
    rate.onSuccess(5_000);
    expect(rate.factor).toBeCloseTo(0.64 * 1.1 * 1.1, 10);
    for (let t = 5_000; t < 20_000; t += 500) rate.onSuccess(t);
    expect(rate.factor).toBe(1);
  });

  it('never goes below the floor', () => {
    const rate = new AdaptiveRate();
    for (let t = 0; t < 200_000; t += 2_000) rate.onRateLimited(t);
    expect(rate.factor).toBe(AdaptiveRate.MIN_FACTOR);
  });
});
