import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

function freshStore() {
  return openStore(join(tempDir(), 'nested', 'staging.sqlite'), { mode: 'write' });
}

describe('SqliteStore', () => {
  it('creates the file and its directory, in WAL mode', () => {
    const file = join(tempDir(), 'a', 'b', 'staging.sqlite');
    openStore(file, { mode: 'write' }).close();
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('savePage upserts rows and moves the checkpoint together', () => {
    const store = freshStore();
    store.savePage('products', {
      writes: [{ entity: 'products', rows: [{ id: 1, raw: '{"Id":1}', name: 'Á' }, { id: 2, raw: '{"Id":2}', name: 'B' }] }],
      cursor: { next: 3 },
    });
    store.savePage('products', {
      writes: [{ entity: 'products', rows: [{ id: 2, raw: '{"Id":2,"v":2}', name: 'B2' }] }],
      cursor: { next: 4 },
    });
    expect([...store.rows('products')].map((row) => [row.id, row.raw, row.name])).toEqual([
      [1, '{"Id":1}', 'Á'],
      [2, '{"Id":2,"v":2}', 'B2'],
    ]);
    expect(store.getCursor('products')).toEqual({ next: 4 });
    expect(store.getCursor('orders')).toBeUndefined();
    store.close();
  });

  it('savePage leaves rows and checkpoint both untouched when a row fails mid-page', () => {
    const store = freshStore();
    store.savePage('customers', { writes: [{ entity: 'customers', rows: [{ id: 'c0', raw: '{}' }] }], cursor: 'w1' });
    expect(() =>
      store.savePage('customers', {
        writes: [
          { entity: 'customers', rows: [{ id: 'c1', raw: '{}' }, { id: 'c2', raw: '{}' }] },
          { entity: 'addresses', rows: [{ id: 'a1', customer_id: 'c1', raw: null }] },
        ],
        cursor: 'w2',
      }),
    ).toThrow(/NOT NULL constraint failed: addresses.raw/);
    expect([...store.rows('customers')].map((row) => row.id)).toEqual(['c0']);
    expect(store.counts().addresses).toBe(0);
    expect(store.getCursor('customers')).toBe('w1');
    store.close();
  });

  it('savePage refuses a column outside the entity and writes nothing', () => {
    const store = freshStore();
    expect(() => store.savePage('brands', { writes: [{ entity: 'brands', rows: [{ id: 1, raw: '{}', colour: 'red' }] }], cursor: 1 })).toThrow(
      'Column colour is not part of brands.',
    );
    expect(store.counts().brands).toBe(0);
    expect(store.getCursor('brands')).toBeUndefined();
    store.close();
  });

  it('clearStream empties the stream tables, checkpoint and reconciliation only', () => {
    const store = freshStore();
    store.savePage('orders', { writes: [{ entity: 'orders', rows: [{ id: 'o1', raw: '{}' }] }], cursor: 'x' });
    store.savePage('brands', { writes: [{ entity: 'brands', rows: [{ id: 9, raw: '{}' }] }], cursor: 'y' });
    store.recordReconciliation({ stream: 'orders', window: '*', expected: 1, staged: 1, runId: null });
    store.clearStream('orders', ['orders']);
    expect(store.counts()).toMatchObject({ orders: 0, brands: 1 });
    expect(store.getCursor('orders')).toBeUndefined();
    expect(store.getCursor('brands')).toBe('y');
    expect(store.summary().reconciliationMismatches).toEqual([]);
    store.close();
  });

  it('summarizes runs, checkpoints, dead letters and reconciliation mismatches', () => {
    const store = freshStore();
    const runId = store.startRun(['orders'], { since: '2026-01-01' }, 50);
    store.savePage('orders', { writes: [{ entity: 'orders', rows: [{ id: 'o1', raw: '{}', status: 'invoiced' }] }], cursor: { window: 1 } }, runId);
    store.recordDeadLetter({ runId, stream: 'orders', request: 'GET /api/oms/pvt/orders/o2', status: 500, error: 'HTTP 500', attempts: 8 });
    store.recordReconciliation({ stream: 'orders', window: '2026-01-01/2026-01-02', expected: 2, staged: 1, runId });
    store.recordReconciliation({ stream: 'orders', window: '2026-01-02/2026-01-03', expected: 5, staged: 5, runId });
    store.finishRun(runId, 'incomplete', { records: 1 });
    const summary = store.summary();
    expect(summary.schemaVersion).toBe(2);
    expect(summary.counts.orders).toBe(1);
    expect(summary.runs).toEqual([
      expect.objectContaining({ id: runId, status: 'incomplete', streams: ['orders'], sampleLimit: 50, summary: { records: 1 } }),
    ]);
    expect(summary.checkpoints).toEqual([expect.objectContaining({ stream: 'orders', cursor: { window: 1 }, runId })]);
    expect(summary.deadLetters).toEqual({ open: 1, total: 1 });
    expect(summary.reconciliationMismatches).toEqual([
      { stream: 'orders', window: '2026-01-01/2026-01-02', expected: 2, staged: 1, runId },
    ]);
    store.close();
  });
});

describe('SqliteStore dead letters and page reconciliation', () => {
  it('lists open dead letters per stream and resolves them', () => {
    const store = freshStore();
    store.recordDeadLetter({ runId: null, stream: 'products', entity: 'skus', itemKey: '42', request: 'GET /sku/42', status: 500, error: 'x', attempts: 8 });
    store.recordDeadLetter({ runId: null, stream: 'products', request: 'GET /list', status: null, error: 'reset', attempts: 8 });
    store.recordDeadLetter({ runId: null, stream: 'orders', request: 'GET /o', status: 503, error: 'y', attempts: 8 });
    const open = store.openDeadLetters('products');
    expect(open.map((letter) => [letter.entity, letter.itemKey, letter.status])).toEqual([['skus', '42', 500], [undefined, undefined, null]]);
    store.resolveDeadLetters([open[0]?.id ?? -1]);
    expect(store.openDeadLetters('products').map((letter) => letter.request)).toEqual(['GET /list']);
    expect(store.summary().deadLetters).toEqual({ open: 2, total: 3 });
    store.close();
  });

  it('writes a page reconciliation in the same transaction as its rows', () => {
    const store = freshStore();
    store.savePage('orders', {
      writes: [{ entity: 'orders', rows: [{ id: 'o1', raw: '{}' }] }],
      cursor: { w: 1 },
      reconciliation: [{ stream: 'orders', window: 'd1', expected: 2, staged: 1 }],
    }, 7);
    expect(store.summary().reconciliationMismatches).toEqual([{ stream: 'orders', window: 'd1', expected: 2, staged: 1, runId: 7 }]);
    expect(() => store.savePage('orders', {
      writes: [{ entity: 'orders', rows: [{ id: 'o2', raw: null }] }],
      cursor: { w: 2 },
      reconciliation: [{ stream: 'orders', window: 'd2', expected: 9, staged: 0 }],
    })).toThrow(/NOT NULL/);
    expect(store.summary().reconciliationMismatches.map((row) => row.window)).toEqual(['d1']);
    store.close();
  });
});
