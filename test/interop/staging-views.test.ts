import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { extract, stagingFile, useSandboxes } from '../e2e/harness.js';

const sandboxes = useSandboxes();

/** The sqlite3 shell (not our driver) answers a query as JSON rows. */
function sqliteShell<T>(file: string, sql: string): T[] {
  const out = execFileSync('sqlite3', ['-json', file, sql], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return out.trim() === '' ? [] : (JSON.parse(out) as T[]);
}

/** Python's csv module reads a CSV export: header and records. */
function pythonCsv(file: string): { header: string[]; records: string[][] } {
  const script = 'import csv,json,sys\nrows=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8")))\nprint(json.dumps({"header":rows[0],"records":rows[1:]}))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as { header: string[]; records: string[][] };
}

/** Python's sqlite3 module (the SQLite build pandas and most notebooks use) runs a query. */
function pythonSqlite(file: string, sql: string): unknown[][] {
  const script = 'import sqlite3,json,sys\ncon=sqlite3.connect(sys.argv[1])\nprint(json.dumps(con.execute(sys.argv[2]).fetchall()))';
  return JSON.parse(execFileSync('python3', ['-c', script, file, sql], { encoding: 'utf8' })) as unknown[][];
}

const VIEWS_LIKE_CSV = [
  'order_items', 'order_totals', 'order_transactions', 'order_transaction_payments', 'order_logistics_info', 'sku_images', 'sku_specifications', 'price_fixed_prices', 'inventory_balance',
];
const KEY_COLUMNS: Record<string, string[]> = {
  order_items: ['order_id', 'item_index'], order_totals: ['order_id', 'total_index'], order_transactions: ['order_id', 'transaction_index'],
  order_transaction_payments: ['order_id', 'transaction_index', 'payment_index'], order_logistics_info: ['order_id', 'logistics_info_index'],
  sku_images: ['sku_id', 'image_index'], sku_specifications: ['sku_id', 'sku_specification_index'],
  price_fixed_prices: ['sku_id', 'fixed_price_index'], inventory_balance: ['sku_id', 'balance_index'],
};

describe('relational views in the staging file, read by the sqlite3 shell and Python', () => {
  let file = '';
  let csvDir = '';
  beforeAll(async () => {
    const sandbox = await sandboxes({ products: 60, customers: 150, orders: 400 });
    const cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-views-'));
    afterAll(() => rmSync(cwd, { recursive: true, force: true }));
    const run = await extract(['--quiet'], sandbox, cwd);
    expect(run.code, run.stderr).toBe(0);
    file = stagingFile(cwd);
    csvDir = join(cwd, 'csv');
    const exported = await runCli(['export', '--db', file, '--out', csvDir, '--raw-cells'], { cwd });
    expect(exported.code, exported.stderr).toBe(0);
  }, 120_000);

  it('each view has the rows, keys and column names of its CSV child file', () => {
    for (const view of VIEWS_LIKE_CSV) {
      const csv = pythonCsv(join(csvDir, `${view}.csv`));
      const keys = KEY_COLUMNS[view] ?? [];
      const rows = sqliteShell<Record<string, unknown>>(file, `SELECT * FROM ${view}`);
      expect(rows.length, view).toBe(csv.records.length);
      expect(rows.length, view).toBeGreaterThan(0);
      const viewColumns = Object.keys(rows[0] ?? {});
      expect(viewColumns.slice(0, keys.length), view).toEqual(keys);
      const added = viewColumns.filter((column) => column.endsWith('_decimal') || column === 'currency');
      for (const column of viewColumns.filter((c) => !added.includes(c))) expect(csv.header, `${view}.${column}`).toContain(column);
      const keyOf = (values: unknown[]) => values.map(String).join('|');
      const csvKeys = new Set(csv.records.map((record) => keyOf(keys.map((key) => record[csv.header.indexOf(key)]))));
      expect(new Set(rows.map((row) => keyOf(keys.map((key) => row[key])))), view).toEqual(csvKeys);
    }
  });

  it('cells equal the CSV\'s, numbers are numbers and money has a decimal column', () => {
    const csv = pythonCsv(join(csvDir, 'order_items.csv'));
    const at = (record: string[], column: string) => record[csv.header.indexOf(column)];
    const rows = sqliteShell<{ order_id: string; item_index: number; name: string; quantity: number; price: number; price_decimal: number; currency: string }>(
      file, 'SELECT order_id, item_index, name, quantity, price, price_decimal, currency FROM order_items ORDER BY order_id, item_index');
    const byKey = new Map(csv.records.map((record) => [`${at(record, 'order_id')}|${at(record, 'item_index')}`, record]));
    for (const row of rows) {
      const record = byKey.get(`${row.order_id}|${row.item_index}`);
      expect(record).toBeDefined();
      expect(row.name).toBe(at(record!, 'name'));
      expect(typeof row.quantity).toBe('number');
      expect(row.quantity).toBe(Number(at(record!, 'quantity')));
      expect(row.price).toBe(Number(at(record!, 'price')));
      expect(row.price_decimal).toBeCloseTo(row.price / 100, 10);
      expect(row.currency).toBe('BRL');
    }
  });

  it('dates come in one ISO form, equal to the instant VTEX wrote', () => {
    const rows = sqliteShell<{ creation_date: string; raw: string }>(file, 'SELECT s.creation_date, o.creation_date AS raw FROM order_summaries s JOIN orders o ON o.id = s.order_id');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.creation_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // Rounded to the millisecond (JavaScript's Date truncates VTEX's 7 fraction digits instead).
      const fraction = Number(`0.${/\.(\d+)/.exec(row.raw)?.[1] ?? '0'}`);
      const exactMs = Math.floor(Date.parse(row.raw) / 1000) * 1000 + fraction * 1000;
      expect(Math.abs(Date.parse(row.creation_date) - exactMs)).toBeLessThanOrEqual(0.5);
    }
  });

  it('a join of order_items to orders gives the same sums in Python\'s SQLite as in the CSVs', () => {
    const [[items, quantity, cents]] = pythonSqlite(file, 'SELECT count(*), sum(i.quantity), sum(i.price * i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id') as [[number, number, number]];
    const csv = pythonCsv(join(csvDir, 'order_items.csv'));
    const col = (name: string) => csv.header.indexOf(name);
    expect(items).toBe(csv.records.length);
    expect(quantity).toBe(csv.records.reduce((sum, record) => sum + Number(record[col('quantity')]), 0));
    expect(cents).toBe(csv.records.reduce((sum, record) => sum + Number(record[col('price')]) * Number(record[col('quantity')]), 0));
    const [[addresses]] = pythonSqlite(file, 'SELECT count(*) FROM customer_addresses') as [[number]];
    const [[joined]] = pythonSqlite(file, 'SELECT count(*) FROM addresses a JOIN customers c ON c.id = a.customer_id') as [[number]];
    expect(addresses).toBe(joined);
    expect(addresses).toBeGreaterThan(0);
  });
});
