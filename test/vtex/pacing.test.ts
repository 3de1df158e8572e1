import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/vtex/pacing.js';
import { RateGate } from '../../src/vtex/rate-gate.js';

describe('RateGate', () => {
  it('spaces starts evenly at the rate: each caller books the next free slot', () => {
    const gate = new RateGate(600); // one start per 100 ms
    expect([0, 0, 0, 0].map(() => gate.reserve(1_000))).toEqual([0, 100, 200, 300]);
    expect(gate.reserve(1_250)).toBe(150); // the next free slot is at 1,400
    expect(gate.reserve(5_000)).toBe(0); // an idle gate starts at once, with no burst saved up
    expect(gate.reserve(5_000)).toBe(100);
  });

  it.each([[45_000, 4 / 3], [15_000, 4], [6_000, 10], [60, 1_000]])('%i/min spaces starts %f ms apart', (perMinute, spacing) => {
    const gate = new RateGate(perMinute);
    gate.reserve(0);
    expect(gate.reserve(0)).toBeCloseTo(spacing, 6);
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
