import { describe, expect, it } from 'vitest';
import { isoInstant, partsFor, splitWindow, windowKey, windowsOf } from '../../src/streams/windows.js';

describe('splitWindow', () => {
  it('splits into equal parts that share boundaries and cover the window', () => {
    expect(splitWindow({ from: 0, to: 100 }, 4)).toEqual([
      { from: 0, to: 25 }, { from: 25, to: 50 }, { from: 50, to: 75 }, { from: 75, to: 100 },
    ]);
  });

  it('handles spans that do not divide evenly', () => {
    const parts = splitWindow({ from: 10, to: 17 }, 3);
    expect(parts).toEqual([{ from: 10, to: 12 }, { from: 12, to: 14 }, { from: 14, to: 17 }]);
  });

  it('never makes parts shorter than one millisecond', () => {
    expect(splitWindow({ from: 5, to: 7 }, 10)).toEqual([{ from: 5, to: 6 }, { from: 6, to: 7 }]);
    expect(splitWindow({ from: 5, to: 5 }, 10)).toEqual([{ from: 5, to: 5 }]);
  });
});

describe('partsFor', () => {
  it.each([
    [0, 2500, 1], [2500, 2500, 1], [2501, 2500, 2], [3001, 2500, 2], [5001, 2500, 3], [2_000_000, 2500, 800],
  ])('%i records, target %i -> %i parts', (total, target, parts) => expect(partsFor(total, target)).toBe(parts));
});

describe('window formatting', () => {
  it('formats instants the way VTEX filters take them', () => {
    expect(isoInstant(Date.UTC(2024, 0, 1))).toBe('2024-01-01T00:00:00.000Z');
    expect(windowKey({ from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 2) })).toBe('2024-01-01T00:00:00.000Z/2024-01-02T00:00:00.000Z');
  });

  it('windowsOf covers a range with spans of at most spanMs', () => {
    const day = 86_400_000;
    const windows = windowsOf({ from: 0, to: 10 * day + 5 }, 3 * day);
    expect(windows).toHaveLength(4);
    expect(windows[0]?.from).toBe(0);
    expect(windows.at(-1)?.to).toBe(10 * day + 5);
    expect(windows.every((w) => w.to - w.from <= 3 * day)).toBe(true);
  });
});
