import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from '../../src/vtex/pacing.js';
import { RateGate } from '../../src/vtex/rate-gate.js';

describe('RateGate', () => {
  afterEach(() => vi.useRealTimers());

  async function releaseTimes(gate: RateGate, count: number, clock: { now: number }, stepMs: number, untilMs: number): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) void gate.take().then(() => times.push(clock.now));
    for (; clock.now < untilMs; clock.now += stepMs) await vi.advanceTimersByTimeAsync(stepMs);
    return times;
  }

  it('releases waiters evenly at the rate, in order, without saving up a burst while idle', async () => {
    vi.useFakeTimers();
    const clock = { now: 1_000 };
    const gate = new RateGate(600, { now: () => clock.now }); // one start per 100 ms
    expect(await releaseTimes(gate, 4, clock, 10, 1_400)).toEqual([1_000, 1_100, 1_200, 1_300]);
    clock.now = 10_000;
    expect(await releaseTimes(gate, 2, clock, 10, 10_200)).toEqual([10_000, 10_100]);
  });

  it('with a tick, releases the starts due in each tick together, at the same rate', async () => {
    vi.useFakeTimers({ now: 1_000 });
    const gate = new RateGate(3_000, { now: () => Date.now(), tickMs: 100 }); // one start per 20 ms
    const times: number[] = [];
    for (let i = 0; i < 12; i += 1) void gate.take().then(() => times.push(Date.now()));
    await vi.advanceTimersByTimeAsync(400);
    expect(times).toEqual([1_000, 1_100, 1_100, 1_100, 1_100, 1_100, 1_200, 1_200, 1_200, 1_200, 1_200, 1_300]);
  });

  it('reads the share at each release: a cut slows the very next start', async () => {
    vi.useFakeTimers();
    const clock = { now: 0 };
    let share = 1;
    const gate = new RateGate(600, { share: () => share, now: () => clock.now });
    const times: number[] = [];
    for (let i = 0; i < 3; i += 1) void gate.take().then(() => times.push(clock.now));
    share = 0.5; // the first start (at 0) booked the next at full speed; the gaps after it are doubled
    for (; clock.now < 600; clock.now += 10) await vi.advanceTimersByTimeAsync(10);
    expect(times).toEqual([0, 100, 300]);
  });

  it('holds every release until the hold time (a 429 pause)', async () => {
    vi.useFakeTimers();
    const clock = { now: 0 };
    let holdUntil = 0;
    const gate = new RateGate(600, { holdUntil: () => holdUntil, now: () => clock.now });
    const times: number[] = [];
    void gate.take().then(() => times.push(clock.now));
    await vi.advanceTimersByTimeAsync(0);
    holdUntil = 500;
    for (let i = 0; i < 2; i += 1) void gate.take().then(() => times.push(clock.now));
    for (; clock.now < 800; clock.now += 10) await vi.advanceTimersByTimeAsync(10);
    expect(times).toEqual([0, 500, 600]);
  });

  it('an aborted waiter leaves the line', async () => {
    const gate = new RateGate(60); // one per second
    await gate.take();
    const controller = new AbortController();
    const waiting = gate.take(controller.signal);
    expect(gate.waiting).toBe(1);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(gate.waiting).toBe(0);
  });

  it('listens once per signal however many wait, and an abort takes only that signal\'s waiters out', async () => {
    const gate = new RateGate(60);
    await gate.take();
    const stop = new AbortController();
    const other = new AbortController();
    const waiting = Array.from({ length: 50 }, (_, index) => gate.take(index % 10 === 0 ? other.signal : stop.signal).then(() => index, (error: Error) => error.message));
    expect(gate.waiting).toBe(50);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(1);
    stop.abort(new Error('stop'));
    const settled = await Promise.race([Promise.all(waiting.filter((_, index) => index % 10 !== 0)), new Promise((done) => setTimeout(() => done('timeout'), 500))]);
    expect(settled).toEqual(Array.from({ length: 45 }, () => 'stop'));
    expect(gate.waiting).toBe(5);
    other.abort(new Error('other'));
    expect(await Promise.all(waiting.filter((_, index) => index % 10 === 0))).toEqual(['other', 'other', 'other', 'other', 'other']);
    expect(gate.waiting).toBe(0);
  });
});

describe('Pacer', () => {
  it('an abort fails the requests queued for an in-flight place without running them', async () => {
    const pacer = new Pacer({
      catalog: { concurrency: 1 }, masterdata: { concurrency: 1 }, 'oms-list': { concurrency: 1 }, 'oms-get': { concurrency: 1 },
      vtexid: { concurrency: 1 }, 'license-manager': { concurrency: 1 }, pricing: { concurrency: 1 }, logistics: { concurrency: 1 }, images: { concurrency: 1 },
    });
    const controller = new AbortController();
    let finishFirst: () => void = () => undefined;
    const first = pacer.schedule('catalog', 'product', () => new Promise<string>((done) => (finishFirst = () => done('first'))), controller.signal);
    let ran = 0;
    const queued = Array.from({ length: 5 }, () => pacer.schedule('catalog', 'product', async () => {
      ran += 1;
    }, controller.signal).then(() => 'ran', (error: Error) => error.message));
    await new Promise((done) => setTimeout(done, 10));
    controller.abort(new Error('stop'));
    finishFirst();
    expect(await first).toBe('first');
    expect(await Promise.all(queued)).toEqual(['stop', 'stop', 'stop', 'stop', 'stop']);
    expect(ran).toBe(0);
  });

  it('keeps concurrency within the family limit', async () => {
    const pacer = new Pacer({
      catalog: { concurrency: 3 }, masterdata: { concurrency: 1 }, 'oms-list': { concurrency: 1 }, 'oms-get': { concurrency: 1 },
      vtexid: { concurrency: 1 }, 'license-manager': { concurrency: 1 }, pricing: { concurrency: 1 }, logistics: { concurrency: 1 }, images: { concurrency: 1 },
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
