import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';
import { stageOrders } from './staged-orders.js';
import { timedCli, writeBenchResult } from './bench-tools.js';

/** Orders staged for the export benchmark (BENCH_EXPORT_ROWS to change). */
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
/** The bound: export memory must stay flat in the number of rows. */
const MAX_PEAK_RSS_MB = 256;

/** Times a full scan of the order_items view (json_each over every order's raw). */
function timeOrderItemsView(file: string): { count: number; seconds: number } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const started = process.hrtime.bigint();
    const { n } = db.prepare('SELECT count(*) AS n FROM order_items').get() as { n: number };
    return { count: n, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    db.close();
  }
}

describe('export benchmark', () => {
  it(`exports ${ROWS.toLocaleString('en')} orders as CSV, NDJSON and Parquet with a flat memory (peak RSS under ${MAX_PEAK_RSS_MB} MB)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtex-migrate-bench-export-'));
    try {
      const file = join(dir, 'staging.sqlite');
      const stagedSeconds = stageOrders(file, ROWS);
      const results = [];
      for (const format of ['csv', 'ndjson', 'parquet'] as const) {
        const out = join(dir, `out-${format}`);
        const run = await timedCli(['export', 'orders', '--db', file, '--out', out, '--format', format, '--json', '--quiet'], {}, dir);
        expect(run.code, run.stderr).toBe(0);
        const report = JSON.parse(run.stdout) as { files: Array<{ table: string; rows: number }> };
        const bytes = readdirSync(out).reduce((sum, name) => sum + statSync(join(out, name)).size, 0);
        const rowsWritten = report.files.reduce((sum, entry) => sum + entry.rows, 0);
        results.push({
          format, rows: report.files.find((entry) => entry.table === 'orders')?.rows ?? 0, files: report.files.length, writtenMb: bytes / 1e6,
          wallSeconds: run.wallSeconds, rowsPerSecond: ROWS / run.wallSeconds, rowsWritten, rowsWrittenPerSecond: rowsWritten / run.wallSeconds,
          cpuSeconds: run.cpuSeconds, peakRssMb: run.peakRssMb,
        });
      }
      const view = timeOrderItemsView(file);
      const rows = results.map((r) => [
        r.format, r.rows.toLocaleString('en'), String(r.files), r.rowsWritten.toLocaleString('en'), r.writtenMb.toFixed(0), r.wallSeconds.toFixed(1),
        Math.round(r.rowsPerSecond).toLocaleString('en'), Math.round(r.rowsWrittenPerSecond).toLocaleString('en'), r.cpuSeconds.toFixed(1), r.peakRssMb.toFixed(0),
      ]);
      console.log(`\nExport of ${ROWS.toLocaleString('en')} staged orders (staged in ${stagedSeconds.toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(0)} MB; built CLI under /usr/bin/time):\n${formatTable(['format', 'orders', 'files', 'rows written', 'MB written', 'wall s', 'orders/s', 'rows written/s', 'CPU s', 'peak RSS MB'], rows)}\nlimit: peak RSS ${MAX_PEAK_RSS_MB} MB\nSELECT count(*) FROM order_items (the SQLite view over ${ROWS.toLocaleString('en')} orders): ${view.count.toLocaleString('en')} rows in ${view.seconds.toFixed(1)} s\n-> ${writeBenchResult('export', { rows: ROWS, stagedSeconds, results, orderItemsView: view })}`);
      for (const result of results) {
        expect(result.rows).toBe(ROWS);
        expect(result.peakRssMb, `${result.format} peak RSS`).toBeLessThan(MAX_PEAK_RSS_MB);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
