import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('Store.rowsInRange', () => {
  it('compares instants, not text: zones and fraction digits are normalized; [since, until); undated tables whole', () => {
    const file = join(tempDir(), 'staging.sqlite');
    const store = openStore(file, { mode: 'write' });
    const order = (id: string, date: string | null) => ({ id, raw: '{}', creation_date: date });
    store.savePage('orders', {
      writes: [
        { entity: 'orders', rows: [order('a', '2025-01-01T02:00:00-03:00'), order('b', '2025-01-01T04:59:59.9999999+00:00'), order('c', '2025-01-01T06:00:00.0000000Z'), order('d', null)] },
        { entity: 'products', rows: [{ id: 1, raw: '{}' }] },
      ],
      cursor: {},
    });
    const ids = (entity: 'orders' | 'products', since?: string, until?: string) =>
      [...store.rowsInRange(entity, { since: since ? Date.parse(since) : undefined, until: until ? Date.parse(until) : undefined })].map((row) => row.id);
    expect(ids('orders')).toEqual(['a', 'b', 'c', 'd']);
    expect(ids('orders', '2025-01-01T05:00:00Z')).toEqual(['a', 'c']);
    expect(ids('orders', undefined, '2025-01-01T05:00:00Z')).toEqual(['b']);
    expect(ids('orders', '2025-01-01T05:00:00Z', '2025-01-01T06:00:00Z')).toEqual(['a']);
    expect(ids('products', '2030-01-01T00:00:00Z')).toEqual([1]);
    store.close();
  });
});
