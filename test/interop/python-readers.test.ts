import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES, checkTable, expectedMainRows } from '../export/csv-oracle.js';
import { stagedDocs } from '../export/helpers.js';
import { useStagingFixture } from '../export/staging-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { query } from '../e2e/harness.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectRectangular, pythonReader, readWithPython } from './outside-readers.js';
import type { PythonRead } from './outside-readers.js';

const fixture = useStagingFixture();
const tempDir = useTempDirs();

/**
 * Every CSV file of an export, read by Python's csv module: rectangular, and every root and child file holds
 * exactly the staged rows (or child rows) with every cell equal to the staged value after the README's
 * formula quote (in every `sampleEvery`-th row; counts in all). Returns the files the oracle walked.
 */
function expectCsvExport(read: PythonRead, dir: string, staging: string, sampleEvery = 1): Set<string> {
  expect(expectRectangular(read)).toBeGreaterThan(10);
  const seen = new Set<string>();
  const reader = pythonReader(read);
  for (const entity of TABLES) checkTable(reader, dir, entity, entity, expectedMainRows(staging, entity), '', seen, false, sampleEvery);
  // The catalog backup's files (their cells are checked in test/export/catalog-backup-export.test.ts): one record per staged row.
  const extra = Object.keys(read.csv).filter((name) => !seen.has(name)).sort();
  expect(extra.filter((name) => !BACKUP_CSV.includes(name))).toEqual([]);
  for (const table of BACKUP_TABLES) {
    const staged = query<{ n: number }>(staging, `SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0;
    if (staged > 0 || read.csv[`${table}.csv`]) expect(read.csv[`${table}.csv`]?.records.length, table).toBe(staged);
  }
  for (const name of extra) seen.add(name);
  return seen;
}

const BACKUP_TABLES = ['prices', 'price_tables', 'inventory', 'warehouses', 'images', 'sku_image_files'];
const BACKUP_CSV = [...BACKUP_TABLES.map((table) => `${table}.csv`), 'price_fixed_prices.csv', 'inventory_balance.csv', 'warehouse_docks.csv'];

describe("Python's csv and json modules read our exports (a reader that is neither ours nor node-csv)", () => {
  it('a full CSV export: every record has the header\'s field count, rows and cells equal the staged data', async () => {
    const dir = fixture.outDir();
    const result = await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const read = readWithPython(dir);
    expectCsvExport(read, dir, fixture.file);
    const reported = JSON.parse(result.stdout) as { files: Array<{ table: string; rows: number; columns: number }> };
    for (const file of reported.files) {
      expect(read.csv[`${file.table}.csv`]?.records.length, file.table).toBe(file.rows);
      expect(read.csv[`${file.table}.csv`]?.header.length, file.table).toBe(file.columns);
    }
  });

  it('--excel: a BOM first, and the same records', async () => {
    const dir = fixture.outDir();
    expect((await fixture.cli(['export', 'customers', '--db', fixture.file, '--out', dir, '--excel'])).code).toBe(0);
    const read = readWithPython(dir);
    expect(Object.values(read.csv).map((file) => file.bom)).toEqual([true, true]);
    expect(read.csv['customers.csv']?.header[0]).toBe('id');
    expect(read.csv['customers.csv']?.records.length).toBe(stagedDocs(fixture.file, 'customers').length);
  });

  it.each(['ndjson', 'json'] as const)('%s: every line or element parses, counts equal, documents equal the staged raw', async (format) => {
    const dir = fixture.outDir();
    expect((await fixture.cli(['export', '--db', fixture.file, '--out', dir, '--format', format])).code).toBe(0);
    const read = readWithPython(dir);
    const documents = format === 'ndjson' ? read.ndjson : read.json;
    expect(Object.keys(documents).sort()).toEqual([...TABLES, ...BACKUP_TABLES].map((table) => `${table}.${format}`).sort());
    for (const table of BACKUP_TABLES) expect((documents[`${table}.${format}`] as unknown[] | undefined)?.length, table).toBe(query<{ n: number }>(fixture.file, `SELECT count(*) AS n FROM ${table}`)[0]?.n);
    for (const table of TABLES) {
      const staged = stagedDocs(fixture.file, table).map((doc) => doc.doc);
      expect(staged.length).toBeGreaterThan(0);
      expect(documents[`${table}.${format}`], table).toEqual(staged);
    }
  });

  it('`demo`: all its CSV files read back, every record with the header\'s field count, rows equal, sampled cells equal', async () => {
    const cwd = tempDir();
    const demo = await runCli(['demo', '--quiet'], { cwd, timeoutMs: 120_000 });
    expect(demo.code, demo.stderr).toBe(0);
    const dir = join(cwd, 'output', 'demo');
    const read = readWithPython(dir);
    expect(expectCsvExport(read, dir, join(dir, 'staging.sqlite'), 10).size).toBe(Object.keys(read.csv).length);
    expect(Object.keys(read.csv).length).toBeGreaterThanOrEqual(30);
    expect(read.csv['addresses.csv']?.records.length).toBe(stagedDocs(join(dir, 'staging.sqlite'), 'addresses').length);
  });
});
