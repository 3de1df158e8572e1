import { describe, expect, it } from 'vitest';
import { Pacer, rateGateOptions } from '../../src/vtex/pacing.js';

describe('rateGateOptions', () => {
  it.each([
    [45_000, { interval: 100, intervalCap: 75 }],
    [15_000, { interval: 100, intervalCap: 25 }],
    [6_000, { interval: 100, intervalCap: 10 }],
    [600, { interval: 100, intervalCap: 1 }],
    [60, { interval: 1_000, intervalCap: 1 }],
    [1, { interval: 60_000, intervalCap: 1 }],
  ])('%i/min -> %j', (perMinute, expected) => {
    const options = rateGateOptions(perMinute);
    expect(options).toEqual(expected);
    expect((options.intervalCap * 60_000) / options.interval).toBe(perMinute);
  });
});

describe('Pacer', () => {
  it('keeps concurrency within the family limit', async () => {
    const pacer = new Pacer({
      catalog: { concurrency: 3 }, masterdata: { concurrency: 1 }, 'oms-list': { concurrency: 1 }, 'oms-get': { concurrency: 1 },
      vtexid: { concurrency: 1 }, 'license-manager': { concurrency: 1 },
    });
    let active = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 12 }, () => pacer.schedule('catalog', 'product', async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
    })));
    expect(peak).toBe(3);
  });

  it('a paused family starts nothing until the pause ends; other families go on', async () => {
    const pacer = new Pacer();
    const order: string[] = [];
    const started = Date.now();
    pacer.pauseFamily('oms-get', 150);
    const paused = pacer.schedule('oms-get', 'order', async () => {
      order.push('oms-get');
      return Date.now() - started;
    });
    await pacer.schedule('catalog', 'product', async () => order.push('catalog'));
    expect(await paused).toBeGreaterThanOrEqual(140);
    expect(order).toEqual(['catalog', 'oms-get']);
  });
});
