import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectExact, extract, query, sandboxEnv, stagingFile, useSandboxes, waitFor } from './harness.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();


function ordersStaged(file: string): number {
  try {
    return query<{ n: number }>(file, 'SELECT count(*) AS n FROM orders')[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

describe('one writer per staging file (end to end)', () => {
  it('a second extract is refused at once (exit 6) naming the running one; status and export still read; a killed run\'s lock is taken over', async () => {
    const sandbox = await sandboxes({ orders: 1_500, customers: 20 });
    const cwd = tempDir();
    const file = stagingFile(cwd);
    const first = spawnCli(['extract', 'orders', '--max-rpm', 'oms-get=1200'], { cwd, env: sandboxEnv(sandbox) });
    await waitFor(() => ordersStaged(file) >= 20);
    const listedBefore = sandbox.stats().byEndpoint['oms.listOrders']?.['200'] ?? 0;

    const started = Date.now();
    const second = await extract(['orders'], sandbox, cwd);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(second.code).toBe(6);
    expect(second.stdout).toBe('');
    const pid = first.child.pid ?? -1;
    expect(second.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is in use by \`extract orders\` \\(pid ${pid}, running since \\d{4}-\\d\\d-\\d\\dT[^)]+\\)\\. Wait for that run to finish or stop it`));
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    // The refused run sent nothing to VTEX: no login, no probe, no listing.
    expect(sandbox.stats().byEndpoint['oms.listOrders']?.['200'] ?? 0).toBeLessThanOrEqual(listedBefore + 2);

    const status = await runCli(['status', '--db', file], { cwd });
    expect(status.code).toBe(0);
    const exported = await runCli(['export', '--db', file, '--out', join(cwd, 'during')], { cwd });
    expect(exported.code).toBe(0);
    expect(existsSync(join(cwd, 'during', 'orders.csv'))).toBe(true);

    first.child.kill('SIGKILL');
    await first.result;
    const after = await extract(['orders', '--quiet'], sandbox, cwd);
    expect(after.code).toBe(0);
    expect(expectExact(file, sandbox, 'orders')).toMatchObject({ mismatched: [], missing: [], extra: [] });
  });

  it('two runs started together: exactly one runs, the other exits 6', async () => {
    const sandbox = await sandboxes({ orders: 300, customers: 10 });
    const cwd = tempDir();
    const runs = await Promise.all([extract(['orders', '--quiet'], sandbox, cwd), extract(['orders', '--quiet'], sandbox, cwd)]);
    expect(runs.map((run) => run.code).sort()).toEqual([0, 6]);
    expect(query(stagingFile(cwd), 'SELECT status FROM runs')).toEqual([{ status: 'complete' }]);
  });
});
