import { describe, expect, it } from 'vitest';
import { familyLimits } from '../../src/config/rate-overrides.js';
import { VTEX_LIMITS } from '../../src/vtex/pacing.js';

describe('familyLimits', () => {
  it('defaults to VTEX\'s documented ceilings', () => {
    expect(familyLimits([], undefined)).toEqual(VTEX_LIMITS);
    expect(VTEX_LIMITS.catalog).toMatchObject({ perMinute: 45_000, perEndpointPerMinute: 15_000 });
    expect(VTEX_LIMITS['oms-get'].perMinute).toBe(6_000);
  });

  it('sets one family, moving its per-endpoint ceiling in proportion', () => {
    const limits = familyLimits(['catalog=9000', 'oms-get=3000'], undefined);
    expect(limits.catalog).toMatchObject({ perMinute: 9_000, perEndpointPerMinute: 3_000 });
    expect(limits['oms-get'].perMinute).toBe(3_000);
    expect(limits['oms-list']).toEqual(VTEX_LIMITS['oms-list']);
  });

  it('a bare number sets every family, including those without a documented ceiling', () => {
    const limits = familyLimits(['1200'], 4);
    expect(limits.masterdata).toEqual({ perMinute: 1_200, concurrency: 4 });
    expect(limits.catalog).toEqual({ perMinute: 1_200, perEndpointPerMinute: 400, concurrency: 4 });
  });

  it.each([['fast'], ['catalog='], ['promotions=100'], ['0'], ['catalog=-5']])('refuses --max-rpm %s', (value) => {
    expect(() => familyLimits([value], undefined)).toThrow(/is not N or FAMILY=N/);
  });

  it('pricing, logistics and images are families with stated defaults, set like the others', () => {
    const defaults = familyLimits([], undefined);
    expect([defaults.pricing, defaults.logistics, defaults.images]).toEqual([{ perMinute: 1_800, concurrency: 16 }, { perMinute: 3_000, concurrency: 16 }, { concurrency: 4 }]);
    const set = familyLimits(['pricing=900', 'images=120'], 2);
    expect([set.pricing, set.logistics, set.images]).toEqual([{ perMinute: 900, concurrency: 2 }, { perMinute: 3_000, concurrency: 2 }, { perMinute: 120, concurrency: 2 }]);
  });

  it('refuses a concurrency out of range', () => {
    expect(() => familyLimits([], 0)).toThrow('--concurrency 0 is out of range.');
  });
});
