import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_SLACK_BYTES, MAX_HEAP_GROWING_PERCENT, MIN_HEAP_GROWING_PERCENT, heapGrowingPercent } from '../../src/cli/heap-growth.js';

const MB = 1024 * 1024;

describe('heapGrowingPercent', () => {
  it('gives a small live heap the same absolute room (24 MB), in steps of 10', () => {
    expect(HEAP_SLACK_BYTES).toBe(24 * MB);
    expect(heapGrowingPercent(13 * MB)).toBe(180);
    expect(heapGrowingPercent(24 * MB)).toBe(100);
    expect(heapGrowingPercent(32 * MB)).toBe(80);
  });

  it('never lets a large heap grow by more than half of itself, nor a tiny one by more than four times', () => {
    expect(heapGrowingPercent(48 * MB)).toBe(MIN_HEAP_GROWING_PERCENT);
    expect(heapGrowingPercent(500 * MB)).toBe(50);
    expect(heapGrowingPercent(2 * MB)).toBe(MAX_HEAP_GROWING_PERCENT);
    expect(heapGrowingPercent(0)).toBe(400);
  });

  it('is applied by the CLI without keeping the process alive', () => {
    const result = spawnSync(process.execPath, ['dist/cli/main.js', '--version'], { encoding: 'utf8', timeout: 10_000 });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
