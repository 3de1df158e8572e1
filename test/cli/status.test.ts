import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectOneLineError(result: { code: number | null; stderr: string; stdout: string }, code: number, message: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('vtex-migrate status', () => {
  it('reports an empty staging store', async () => {
    const file = join(tempDir(), 'staging.sqlite');
    openStore(file, { mode: 'write' }).close();
    const result = await runCli(['status', '--db', file, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.counts).toEqual({
      products: 0, skus: 0, categories: 0, brands: 0, customers: 0, addresses: 0, orders: 0, prices: 0, inventory: 0, warehouses: 0, price_tables: 0, images: 0, sku_image_files: 0,
    });
    expect(summary.catalogBackup).toEqual({ skus: 0, prices: 0, noPrice: 0, inventory: 0, imageFiles: 0, imagesStaged: 0 });
    expect(summary.runs).toEqual([]);
    expect(summary.deadLetters).toEqual({ open: 0, total: 0 });
    const human = await runCli(['status', '--db', file]);
    expect(human.stdout).toContain('Runs: none yet.');
    expect(human.stdout).toMatch(/orders\s+0/);
  });

  it('reports a populated store, and leaves it byte-for-byte unchanged', async () => {
    const file = join(tempDir(), 'staging.sqlite');
    const store = openStore(file, { mode: 'write' });
    const runId = store.startRun(['products', 'orders'], {}, null);
    store.savePage('products', { writes: [{ entity: 'products', rows: [{ id: 7, raw: '{"Id":7}' }, { id: 9, raw: '{"Id":9}' }] }], cursor: { from: 3 } }, runId);
    store.savePage('orders', { writes: [{ entity: 'orders', rows: [{ id: 'o-1', raw: '{}' }] }], cursor: { window: 'w' } }, runId);
    store.recordDeadLetter({ runId, stream: 'orders', request: 'GET /api/oms/pvt/orders/o-2', status: 503, error: 'HTTP 503', attempts: 8 });
    store.recordReconciliation({ stream: 'orders', window: 'w', expected: 2, staged: 1, runId });
    store.finishRun(runId, 'incomplete', { records: 3 });
    store.close();
    const before = digest(file);

    const result = await runCli(['status', '--db', file, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.counts).toMatchObject({ products: 2, orders: 1, customers: 0 });
    expect(summary.runs[0]).toMatchObject({ id: runId, status: 'incomplete', streams: ['products', 'orders'] });
    expect(summary.checkpoints.map((c: { stream: string }) => c.stream)).toEqual(['orders', 'products']);
    expect(summary.deadLetters).toEqual({ open: 1, total: 1 });
    expect(summary.reconciliationMismatches).toEqual([{ stream: 'orders', window: 'w', expected: 2, staged: 1, runId }]);

    const human = await runCli(['status', '--db', file]);
    expect(human.stdout).toMatch(/products\s+2/);
    expect(human.stdout).toContain('Dead letters: 1 open of 1.');
    expect(human.stdout).toMatch(/orders\s+w\s+2\s+1/);
    expect(digest(file)).toBe(before);
  });

  it('finds the default file from --account', async () => {
    const cwd = tempDir();
    openStore(join(cwd, 'output', 'acme', 'staging.sqlite'), { mode: 'write' }).close();
    const result = await runCli(['status', '--account', 'acme', '--json'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).file).toBe(join(cwd, 'output', 'acme', 'staging.sqlite'));
  });

  it('refuses a missing file with exit 2 and creates nothing', async () => {
    const file = join(tempDir(), 'missing.sqlite');
    expectOneLineError(await runCli(['status', '--db', file]), 2, /^error: No staging database at .*missing\.sqlite\. Run `vtex-migrate extract` first/);
    expect(() => readFileSync(file)).toThrow();
  });

  it('refuses a file that is not SQLite, leaving it untouched', async () => {
    const file = join(tempDir(), 'notes.sqlite');
    writeFileSync(file, 'id,name\n1,Ana\n');
    expectOneLineError(await runCli(['status', '--db', file]), 2, /is not a SQLite database\./);
    expect(readFileSync(file, 'utf8')).toBe('id,name\n1,Ana\n');
  });

  it('refuses a corrupt SQLite file, leaving it untouched', async () => {
    const file = join(tempDir(), 'corrupt.sqlite');
    openStore(file, { mode: 'write' }).close();
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 100, bytes.length);
    writeFileSync(file, bytes);
    const before = digest(file);
    expectOneLineError(await runCli(['status', '--db', file]), 2, /cannot be read as a staging database|another application/);
    expect(digest(file)).toBe(before);
  });

  it('refuses a SQLite file of another application', async () => {
    const file = join(tempDir(), 'other.sqlite');
    const db = new BetterSqlite3(file);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    db.close();
    const before = digest(file);
    expectOneLineError(await runCli(['status', '--db', file]), 2, /is a SQLite database of another application/);
    expect(digest(file)).toBe(before);
  });

  it('refuses a staging file newer than this build', async () => {
    const file = join(tempDir(), 'newer.sqlite');
    openStore(file, { mode: 'write' }).close();
    const db = new BetterSqlite3(file);
    const future = loadMigrations().length + 1;
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future.sql', 'x')").run(future);
    db.close();
    const before = digest(file);
    expectOneLineError(await runCli(['status', '--db', file]), 2, new RegExp(`has schema version ${loadMigrations().length + 1}, newer than this build knows \\(${loadMigrations().length}\\)\\. Upgrade vtex-migrate`));
    expect(digest(file)).toBe(before);
  });
});
