import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { extract, stagingFile, useSandboxes } from '../e2e/harness.js';

const sandboxes = useSandboxes();

async function rows(duck: DuckDBConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
}

/** Python's csv module reads a CSV export. */
function pythonCsv(file: string): { header: string[]; records: string[][] } {
  const script = 'import csv,json,sys\nrows=list(csv.reader(open(sys.argv[1],newline="",encoding="utf-8")))\nprint(json.dumps({"header":rows[0],"records":rows[1:]}))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })) as { header: string[]; records: string[][] };
}

function sqliteShell<T>(file: string, sql: string): T[] {
  return JSON.parse(execFileSync('sqlite3', ['-json', file, sql], { encoding: 'utf8' })) as T[];
}

describe('Parquet export, read by DuckDB', () => {
  let cwd = '';
  let file = '';
  let duck: DuckDBConnection;
  const parquet = (table: string) => `'${join(cwd, 'parquet', `${table}.parquet`)}'`;

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-parquet-'));
    const sandbox = await sandboxes({ products: 80, customers: 200, orders: 500 });
    const run = await extract(['--quiet'], sandbox, cwd);
    expect(run.code, run.stderr).toBe(0);
    file = stagingFile(cwd);
    for (const [format, out] of [['parquet', 'parquet'], ['csv', 'csv']]) {
      const exported = await runCli(['export', '--db', file, '--format', format!, '--out', join(cwd, out!), ...(format === 'csv' ? ['--raw-cells'] : [])], { cwd });
      expect(exported.code, exported.stderr).toBe(0);
    }
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  }, 120_000);
  afterAll(() => {
    duck?.closeSync();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('writes the CSV export\'s tables with the same columns, in order, and the same row counts', async () => {
    const csvTables = readdirSync(join(cwd, 'csv')).filter((name) => name.endsWith('.csv')).map((name) => name.slice(0, -4)).sort();
    const parquetTables = readdirSync(join(cwd, 'parquet')).filter((name) => name.endsWith('.parquet')).map((name) => name.slice(0, -8)).sort();
    expect(parquetTables).toEqual(csvTables);
    expect(csvTables.length).toBeGreaterThan(15);
    for (const table of csvTables) {
      const csv = pythonCsv(join(cwd, 'csv', `${table}.csv`));
      const columns = (await rows(duck, `DESCRIBE SELECT * FROM ${parquet(table)}`)).map((row) => row.column_name);
      expect(columns, table).toEqual(csv.header);
      const [count] = await rows(duck, `SELECT count(*) AS n FROM ${parquet(table)}`);
      expect(Number(count?.n), table).toBe(csv.records.length);
    }
  });

  it('types columns: integers, booleans, timestamps with time zone, text', async () => {
    const typeOf = async (table: string) => new Map((await rows(duck, `DESCRIBE SELECT * FROM ${parquet(table)}`)).map((row) => [row.column_name, row.column_type]));
    const orders = await typeOf('orders');
    expect(orders.get('id')).toBe('VARCHAR');
    expect(orders.get('creationDate')).toBe('TIMESTAMP WITH TIME ZONE');
    expect(orders.get('total_value')).toBe('BIGINT');
    expect(orders.get('value')).toBe('BIGINT');
    expect(orders.get('isCompleted')).toBe('BOOLEAN');
    expect(orders.get('status')).toBe('VARCHAR');
    const items = await typeOf('order_items');
    expect([items.get('order_id'), items.get('item_index'), items.get('quantity'), items.get('price'), items.get('name')]).toEqual(['VARCHAR', 'BIGINT', 'BIGINT', 'BIGINT', 'VARCHAR']);
    const products = await typeOf('products');
    expect(products.get('id')).toBe('BIGINT');
    const skus = await typeOf('skus');
    expect(skus.get('Dimension.weight')).toMatch(/^(DOUBLE|BIGINT)$/);
  });

  it('keeps VTEX\'s instants to the microsecond and every text cell as the CSV has it', async () => {
    const csv = pythonCsv(join(cwd, 'csv', 'orders.csv'));
    const at = (name: string) => csv.header.indexOf(name);
    const typed = await rows(duck, `SELECT id, epoch_us(creationDate) AS us, status, CAST(value AS VARCHAR) AS value FROM ${parquet('orders')}`);
    const byId = new Map(typed.map((row) => [row.id, row]));
    for (const record of csv.records) {
      const row = byId.get(record[at('id')]);
      const [expected] = await rows(duck, `SELECT epoch_us(CAST('${record[at('creationDate')]}' AS TIMESTAMPTZ)) AS us`);
      expect(String(row?.us)).toBe(String(expected?.us));
      expect(row?.status).toBe(record[at('status')]);
      expect(row?.value).toBe(record[at('value')]);
    }
    const items = pythonCsv(join(cwd, 'csv', 'order_items.csv'));
    const names = (await rows(duck, `SELECT name FROM ${parquet('order_items')} ORDER BY order_id, item_index`)).map((row) => row.name);
    const sorted = [...items.records].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : Number(a[1]) - Number(b[1])));
    expect(names).toEqual(sorted.map((record) => record[items.header.indexOf('name')]));
  });

  it('a join of order_items to orders sums to the same totals as the SQLite views', async () => {
    const [fromParquet] = await rows(duck, `SELECT count(*) AS n, sum(i.quantity) AS q, sum(i.price * i.quantity) AS cents
      FROM ${parquet('order_items')} i JOIN ${parquet('orders')} o ON o.id = i.order_id`);
    const [fromViews] = sqliteShell<{ n: number; q: number; cents: number }>(file, 'SELECT count(*) AS n, sum(i.quantity) AS q, sum(i.price * i.quantity) AS cents FROM order_items i JOIN orders o ON o.id = i.order_id');
    expect([Number(fromParquet?.n), Number(fromParquet?.q), Number(fromParquet?.cents)]).toEqual([fromViews?.n, fromViews?.q, fromViews?.cents]);
    const [totals] = await rows(duck, `SELECT sum(value) AS cents FROM ${parquet('order_totals')} WHERE id = 'Items'`);
    const [viewTotals] = sqliteShell<{ cents: number }>(file, "SELECT sum(value) AS cents FROM order_totals WHERE id = 'Items'");
    expect(Number(totals?.cents)).toBe(viewTotals?.cents);
  });

  it('--sql-names gives BigQuery-safe column names, unique ignoring case, in the same order', async () => {
    const out = join(cwd, 'parquet-sql');
    const run = await runCli(['export', 'orders', '--db', file, '--format', 'parquet', '--sql-names', '--out', out], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const dotted = (await rows(duck, `DESCRIBE SELECT * FROM ${parquet('orders')}`)).map((row) => String(row.column_name));
    const safe = (await rows(duck, `DESCRIBE SELECT * FROM '${join(out, 'orders.parquet')}'`)).map((row) => String(row.column_name));
    expect(safe).toHaveLength(dotted.length);
    for (const name of safe) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    expect(new Set(safe.map((name) => name.toLowerCase())).size).toBe(safe.length);
    expect(safe[dotted.indexOf('clientProfileData.email')]).toBe('clientProfileData__email');
    const refused = await runCli(['export', '--db', file, '--sql-names', '--out', join(cwd, 'x')], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('error: --sql-names applies to Parquet only. Drop it, or use --format parquet.\n');
  });
});
