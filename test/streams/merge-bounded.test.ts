import { describe, expect, it } from 'vitest';
import { mergeBounded } from '../../src/streams/merge-bounded.js';
import { orderedMap } from '../../src/streams/ordered-map.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function source(name: string, count: number, state: { active: number; peak: number }) {
  return async function* () {
    state.active += 1;
    state.peak = Math.max(state.peak, state.active);
    try {
      for (let i = 0; i < count; i += 1) {
        await tick();
        yield `${name}${i}`;
      }
    } finally {
      state.active -= 1;
    }
  };
}

describe('mergeBounded', () => {
  it('yields every item of every source, at most `concurrency` sources at once', async () => {
    const state = { active: 0, peak: 0 };
    const items: string[] = [];
    for await (const { item } of mergeBounded([source('a', 3, state), source('b', 2, state), source('c', 4, state), source('d', 1, state)], 2)) items.push(item);
    expect(items.sort()).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'c0', 'c1', 'c2', 'c3', 'd0']);
    expect(state.peak).toBe(2);
  });

  it('keeps each source in its own order and tags items with their source', async () => {
    const seen: Array<[number, string]> = [];
    const state = { active: 0, peak: 0 };
    for await (const { source: index, item } of mergeBounded([source('a', 3, state), source('b', 3, state)], 2)) seen.push([index, item]);
    expect(seen.filter(([index]) => index === 0).map(([, item]) => item)).toEqual(['a0', 'a1', 'a2']);
    expect(seen.filter(([index]) => index === 1).map(([, item]) => item)).toEqual(['b0', 'b1', 'b2']);
  });

  it('stops with the error of a failing source', async () => {
    const failing = async function* () {
      yield 'x';
      throw new Error('boom');
    };
    const run = async () => {
      for await (const _ of mergeBounded([failing, source('a', 5, { active: 0, peak: 0 })], 2)) void _;
    };
    await expect(run()).rejects.toThrow('boom');
  });
});

describe('orderedMap', () => {
  it('yields results in source order with tasks overlapping', async () => {
    async function* numbers() {
      for (let i = 0; i < 6; i += 1) yield i;
    }
    let active = 0;
    let peak = 0;
    const out: number[] = [];
    for await (const value of orderedMap(numbers(), 3, async (n) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, (6 - n) * 2));
      active -= 1;
      return n * 10;
    })) out.push(value);
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(3);
  });
});
