import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../src/export/exporter.js';
import type { ExportPlan } from '../../src/export/exporter.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A staging file with a few rows, written through the store. */
function smallStaging(dir: string): string {
  const file = join(dir, 'staging.sqlite');
  const store = openStore(file, { mode: 'write' });
  store.savePage('products', { writes: [{ entity: 'products', rows: [{ id: 1, raw: '{"Id":1,"Name":"=cmd"}' }, { id: 2, raw: '{"Id":2,"Name":"B"}' }] }], cursor: {} });
  store.savePage('orders', {
    writes: [{ entity: 'orders', rows: [{ id: 'o-1', raw: '{"orderId":"o-1","items":[{"id":"1"}]}', creation_date: '2025-01-02T00:00:00Z' }] }],
    cursor: {},
  });
  store.close();
  return file;
}

function expectOneLine(result: { code: number | null; stderr: string }, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const plan = (outDir: string): ExportPlan => ({
  tables: ['products', 'orders'], format: 'csv', outDir, range: {}, pii: { mode: 'keep', salt: 's' }, fields: undefined, rawCells: false, excel: false,
});

describe('export refuses bad input with one line, exit 2, nothing written, the staging file unchanged', () => {
  it.each([
    ['an unknown entity', ['widgets'], /^error: entities "widgets" is not one of "products", "customers", "orders", "prices", "inventory", "images", "changes"\./],
    ['an unknown format', ['--format', 'xml'], /^error: --format "xml" is not one of "csv", "json", "ndjson", "parquet"\./],
    ['a bad --since', ['--since', '2025-13-01'], /^error: --since "2025-13-01" is not a date\./],
    ['--since after --until', ['--since', '2025-02-01', '--until', '2025-01-01'], /^error: --since must be before --until\./],
    ['--excel with JSON', ['--format', 'json', '--excel'], /^error: --excel applies to CSV only\./],
    ['an unknown PII mode', ['--pii', 'blur'], /^error: --pii "blur" is not one of /],
  ])('%s', async (_label, args, message) => {
    const dir = tempDir();
    const file = smallStaging(dir);
    const before = digest(file);
    const out = join(dir, 'out');
    expectOneLine(await runCli(['export', '--db', file, '--out', out, ...args]), message);
    expect(existsSync(out)).toBe(false);
    expect(digest(file)).toBe(before);
  });

  it('--out that is a file, or under a file', async () => {
    const dir = tempDir();
    const file = smallStaging(dir);
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'keep me');
    expectOneLine(await runCli(['export', '--db', file, '--out', blocker]), /^error: --out .*blocker is a file, not a directory\./);
    expectOneLine(await runCli(['export', '--db', file, '--out', join(blocker, 'sub')]), /^error: Cannot write the export to .*blocker\/sub \(ENOTDIR\)\./);
    expect(readFileSync(blocker, 'utf8')).toBe('keep me');
  });

  it('missing, not SQLite, foreign, or no staging file named', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expectOneLine(await runCli(['export', '--db', join(dir, 'none.sqlite'), '--out', out]), /^error: No staging database at /);
    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'id,name\n1,Ana\n');
    expectOneLine(await runCli(['export', '--db', text, '--out', out]), /is not a SQLite database\./);
    const foreign = join(dir, 'foreign.sqlite');
    const db = new BetterSqlite3(foreign);
    db.exec('CREATE TABLE notes (id INTEGER)');
    db.close();
    const before = digest(foreign);
    expectOneLine(await runCli(['export', '--db', foreign, '--out', out]), /of another application/);
    expect(digest(foreign)).toBe(before);
    expectOneLine(await runCli(['export', '--out', out], { cwd: dir }), /^error: No staging database given\./);
    expectOneLine(await runCli(['export', '--profile', 'ghost'], { cwd: dir, env: { VTEX_MIGRATE_HOME: join(dir, 'home') } }), /^error: No profile "ghost"/);
    expect(existsSync(out)).toBe(false);
  });

  it('writes to output/<account>/ by default and reports the files', async () => {
    const cwd = tempDir();
    const staging = join(cwd, 'output', 'acme', 'staging.sqlite');
    mkdirSync(join(cwd, 'output', 'acme'), { recursive: true });
    const source = smallStaging(tempDir());
    writeFileSync(staging, readFileSync(source));
    const result = await runCli(['export', 'products', 'orders', '--account', 'acme', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const csvFiles = readdirSync(join(cwd, 'output', 'acme')).filter((name) => name.endsWith('.csv')).sort();
    expect(csvFiles).toEqual(['brands.csv', 'categories.csv', 'order_items.csv', 'orders.csv', 'products.csv', 'skus.csv']);
    expect(JSON.parse(result.stdout).files.map((file: { table: string; rows: number }) => [file.table, file.rows])).toEqual([
      ['products', 2], ['skus', 0], ['categories', 0], ['brands', 0], ['orders', 1], ['order_items', 1],
    ]);
    expect(readFileSync(join(cwd, 'output', 'acme', 'skus.csv'), 'utf8')).toBe('id,product_id,name,ref_id,is_active\r\n');
  });
});

describe('runExport is all or nothing', () => {
  it('an interrupted export leaves no file, finished or temporary', async () => {
    const dir = tempDir();
    const store = openStore(smallStaging(dir), { mode: 'read' });
    const out = join(dir, 'out');
    mkdirSync(out);
    const controller = new AbortController();
    controller.abort();
    await expect(runExport(store, plan(out), controller.signal)).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(readdirSync(out)).toEqual([]);
    store.close();
  });

  it('Ctrl-C in the middle of a table stops at the next check and leaves no file', async () => {
    const dir = tempDir();
    const file = join(dir, 'staging.sqlite');
    const writer = openStore(file, { mode: 'write' });
    const rows = Array.from({ length: 5_000 }, (_, n) => ({ id: `o-${n}`, raw: JSON.stringify({ orderId: `o-${n}`, items: [{ id: n }] }) }));
    writer.savePage('orders', { writes: [{ entity: 'orders', rows }], cursor: {} });
    writer.close();
    const store = openStore(file, { mode: 'read' });
    const out = join(dir, 'out');
    mkdirSync(out);
    const controller = new AbortController();
    const aborting = { progress: (_table: string, _pass: number, _passes: number, rows: number) => (rows >= 2_000 ? controller.abort() : undefined) };
    await expect(runExport(store, { ...plan(out), tables: ['orders'] }, controller.signal, aborting)).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(readdirSync(out)).toEqual([]);
    store.close();
  });

  it('a failure in a later table removes the files of the earlier ones', async () => {
    const dir = tempDir();
    const real = openStore(smallStaging(dir), { mode: 'read' });
    const failing = new Proxy(real, {
      get(target, property) {
        if (property === 'rowsInRange') {
          return (entity: string, range: object) => {
            if (entity === 'orders') throw new Error('disk on fire');
            return target.rowsInRange(entity as 'products', range);
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store;
    const out = join(dir, 'out');
    mkdirSync(out);
    await expect(runExport(failing, plan(out), new AbortController().signal)).rejects.toThrow('disk on fire');
    expect(readdirSync(out)).toEqual([]);
    real.close();
  });

  it('files appear only under hidden temporary names while the export runs', async () => {
    const dir = tempDir();
    const real = openStore(smallStaging(dir), { mode: 'read' });
    const out = join(dir, 'out');
    mkdirSync(out);
    let during: string[] = [];
    await runExport(real, plan(out), new AbortController().signal, { tableDone: () => (during = readdirSync(out)) });
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((name) => /^\..+\.tmp$/.test(name))).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['order_items.csv', 'orders.csv', 'products.csv']);
    real.close();
  });
});
