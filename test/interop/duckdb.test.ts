import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stagedDocs } from '../export/helpers.js';
import { useStagingFixture } from '../export/staging-fixture.js';
import { duckdb, readWithPython } from './outside-readers.js';

const fixture = useStagingFixture();
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The README's DuckDB block on exported files, statement by statement, as printed. */
function readmeStatements(): string[] {
  const block = /```sql\n-- DuckDB on the exported files[^\n]*\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1];
  expect(block, 'README: the DuckDB block of "Opening the files"').toBeDefined();
  return block!.split(/;\s*\n/).map((statement) => statement.trim()).filter((statement) => statement !== '');
}

interface StagedOrder {
  orderId: string;
  status: string;
  value: number;
  clientProfileData: { email: string };
  items?: Array<{ quantity: number }>;
}

describe("the README's DuckDB example runs as printed on our export (only the directory differs)", () => {
  it('orders and units per status, and the NDJSON query, equal the staged orders', async () => {
    const csv = fixture.outDir();
    const ndjson = csv.replace(/\d+$/, (n) => `${n}-ndjson`);
    expect((await fixture.cli(['export', 'orders', '--db', fixture.file, '--out', csv])).code).toBe(0);
    expect((await fixture.cli(['export', 'orders', '--db', fixture.file, '--out', ndjson, '--format', 'ndjson'])).code).toBe(0);
    const statements = readmeStatements();
    expect(statements).toHaveLength(2);
    const [byStatus, emails] = await duckdb([
      statements[0]!.replaceAll("'output/acme/", `'${csv}/`),
      statements[1]!.replaceAll("'output/acme/", `'${ndjson}/`),
    ]);

    const orders = stagedDocs(fixture.file, 'orders').map((doc) => doc.doc as StagedOrder);
    const expected = new Map<string, { status: string; orders: number; units: number }>();
    for (const order of orders.filter((each) => (each.items ?? []).length > 0)) {
      const entry = expected.get(order.status) ?? { status: order.status, orders: 0, units: 0 };
      entry.orders += 1;
      entry.units += (order.items ?? []).reduce((sum, item) => sum + item.quantity, 0);
      expected.set(order.status, entry);
    }
    expect(expected.size).toBeGreaterThan(2);
    const rows = byStatus!.map((row) => ({ status: row.status, orders: Number(row.orders), units: Number(row.units) }));
    expect(rows).toEqual([...expected.values()].sort((a, b) => (a.status < b.status ? -1 : 1)));

    const staged = new Set(orders.map((order) => `${order.clientProfileData.email} ${order.value / 100}`));
    expect(emails).toHaveLength(10);
    for (const row of emails!) expect(staged.has(`${String(row.email)} ${Number(row.total)}`), `${String(row.email)} ${Number(row.total)}`).toBe(true);
    expect(readWithPython(csv).csv['orders.csv']!.records.length).toBe(orders.length);
  });
});
