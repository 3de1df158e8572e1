import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/cli/format-table.js';
import { timedCli, writeBenchResult } from './bench-tools.js';
import { stageOrders } from './staged-orders.js';

/** Orders staged for the target benchmark (BENCH_TARGET_ROWS to change). */
const ROWS = Number(process.env.BENCH_TARGET_ROWS ?? 1_000_000);
/** The bound: a target export's memory must stay flat in the number of orders. */
const MAX_PEAK_RSS_MB = 256;

describe('target export benchmark', () => {
  it(`writes ${ROWS.toLocaleString('en')} orders to Shopify's orders.csv (Matrixify) with a flat memory (peak RSS under ${MAX_PEAK_RSS_MB} MB)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vtex-migrate-bench-target-'));
    try {
      const file = join(dir, 'staging.sqlite');
      const stagedSeconds = stageOrders(file, ROWS);
      const out = join(dir, 'shopify');
      const run = await timedCli(['export', 'orders', '--target', 'shopify', '--db', file, '--out', out, '--json', '--quiet'], {}, dir);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { files: Array<{ name: string; rows: number }> };
      const rows = report.files.find((entry) => entry.name === 'orders.csv')?.rows ?? 0;
      const mb = statSync(join(out, 'orders.csv')).size / 1e6;
      const table = formatTable(['orders', 'rows written', 'MB written', 'wall s', 'orders/s', 'CPU s', 'peak RSS MB'], [[
        ROWS.toLocaleString('en'), rows.toLocaleString('en'), mb.toFixed(0), run.wallSeconds.toFixed(1), Math.round(ROWS / run.wallSeconds).toLocaleString('en'), run.cpuSeconds.toFixed(1), run.peakRssMb.toFixed(0),
      ]]);
      console.log(`\nexport orders --target shopify of ${ROWS.toLocaleString('en')} staged orders (2 line items each; built CLI under /usr/bin/time):\n${table}\nlimit: peak RSS ${MAX_PEAK_RSS_MB} MB\n-> ${writeBenchResult('target-orders', { rows: ROWS, stagedSeconds, rowsWritten: rows, mb, ...run, stdout: undefined })}`);
      expect(rows).toBe(2 * ROWS);
      expect(run.peakRssMb).toBeLessThan(MAX_PEAK_RSS_MB);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
