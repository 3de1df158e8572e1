import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { expectExact, extract, query, sandboxEnv, stagingFile, useSandboxes } from '../e2e/harness.js';
import { spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { waitFor } from './support.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

/** What "a few seconds" means here: the CLI gives a command 5 s to stop cleanly; a margin for a busy machine. */
const STOP_WITHIN_MS = 7_000;
/** "At once", on a busy 2-core machine. */
const AT_ONCE_MS = 1_500;
const STAGED_ORDERS = 150_000;

/** A staging file of synthetic orders inserted in one transaction: an export of it takes several seconds. */
function bigStaging(dir: string): string {
  const file = join(dir, 'staging.sqlite');
  openStore(file, { mode: 'write' }).close();
  const db = new BetterSqlite3(file);
  const insert = db.prepare('INSERT INTO orders (id, raw, creation_date, status, fetched_at) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let n = 0; n < STAGED_ORDERS; n += 1) {
      const created = new Date(Date.UTC(2025, 0, 1) + n * 30_000).toISOString();
      const order = { orderId: `${1_000_000_000 + n}-01`, status: 'invoiced', creationDate: created, items: [{ id: String(n % 500), quantity: 1, name: 'Caneca "A"\n300 ml' }] };
      insert.run(order.orderId, JSON.stringify(order), created, order.status, created);
    }
  })();
  db.close();
  return file;
}

/** Rows committed so far (0 before the staging file exists). */
function stagedCount(file: string): number {
  try {
    return query<{ n: number }>(file, 'SELECT count(*) AS n FROM products')[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

/** Resolves when the child's stderr has shown `text`. */
async function stderrShows(run: ReturnType<typeof spawnCli>, text: string): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve) => {
    run.child.stderr?.on('data', (chunk: Buffer | string) => {
      seen += String(chunk);
      if (seen.includes(text)) resolve();
    });
  });
}

async function signalAfter(run: ReturnType<typeof spawnCli>, signals: NodeJS.Signals[], delayMs: number): Promise<{ code: number | null; stderr: string; stoppedMs: number }> {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const sent = Date.now();
  for (const signal of signals) run.child.kill(signal);
  const result = await run.result;
  return { code: result.code, stderr: result.stderr, stoppedMs: Date.now() - sent };
}

describe('terminate signals: SIGTERM is Ctrl-C, a second signal ends at once, nothing outlives a signal', () => {
  it('extract: SIGTERM stops at a checkpoint with exit 130; the next run resumes and ends exact', async () => {
    const sandbox = await sandboxes({ products: 600, rateLimitScale: 2 });
    const cwd = tempDir();
    const file = stagingFile(cwd);
    const run = spawnCli(['extract', 'products', '--max-rpm', 'catalog=30000'], { cwd, env: sandboxEnv(sandbox) });
    await waitFor(() => stagedCount(file) >= 100, 60_000, '100 staged products');
    const stopped = await signalAfter(run, ['SIGTERM'], 0);
    expect({ code: stopped.code, fast: stopped.stoppedMs < STOP_WITHIN_MS }).toEqual({ code: 130, fast: true });
    expect(stopped.stderr).toMatch(/^error: Interrupted\. Run the same command again to resume from the last checkpoint\.$/m);
    expect(query(file, 'SELECT status FROM runs')).toEqual([{ status: 'interrupted' }]);
    const resumed = await extract(['products', '--quiet', '--max-rpm', 'catalog=90000'], sandbox, cwd);
    expect(resumed.code).toBe(0);
    expect(expectExact(file, sandbox, 'products')).toMatchObject({ mismatched: [], missing: [], extra: [] });
  });

  it.each([['SIGINT', 'SIGINT'], ['SIGTERM', 'SIGTERM'], ['SIGINT', 'SIGTERM']] as const)('extract: %s then %s ends the process at once, exit 130', async (first, second) => {
    const sandbox = await sandboxes({ products: 600, rateLimitScale: 2 });
    const cwd = tempDir();
    const file = stagingFile(cwd);
    const run = spawnCli(['extract', 'products', '--max-rpm', 'catalog=30000'], { cwd, env: sandboxEnv(sandbox) });
    await waitFor(() => stagedCount(file) >= 50, 60_000, '50 staged products');
    const stopped = await signalAfter(run, [first, second], 0);
    expect(stopped.code).toBe(130);
    expect(stopped.stoppedMs).toBeLessThan(AT_ONCE_MS);
    const integrity = query<{ integrity_check: string }>(file, 'PRAGMA integrity_check');
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);
  });

  it.each(['csv', 'ndjson'])('export %s of a big staging file: SIGTERM mid-export exits 130 within seconds, no file left', async (format) => {
    const cwd = tempDir();
    const file = bigStaging(cwd);
    const out = join(cwd, 'out');
    // NDJSON with --pii mask parses and rewrites each document: a few seconds for 150,000 orders, like CSV's two passes.
    const run = spawnCli(['export', '--db', file, '--out', out, '--format', format, ...(format === 'ndjson' ? ['--pii', 'mask'] : [])], { cwd, timeoutMs: 120_000 });
    await stderrShows(run, 'Exporting');
    const stopped = await signalAfter(run, ['SIGTERM'], 300);
    expect({ code: stopped.code, fast: stopped.stoppedMs < STOP_WITHIN_MS }, stopped.stderr).toEqual({ code: 130, fast: true });
    expect(stopped.stderr).toMatch(/^error: Export interrupted; no file was written\. Run the same command again to export\.$/m);
    expect(readdirSync(out)).toEqual([]);
  });

  it('export: a second SIGTERM ends the process at once, no file left under a final name', async () => {
    const cwd = tempDir();
    const file = bigStaging(cwd);
    const out = join(cwd, 'out');
    const run = spawnCli(['export', '--db', file, '--out', out], { cwd, timeoutMs: 120_000 });
    await stderrShows(run, 'Exporting');
    const stopped = await signalAfter(run, ['SIGTERM', 'SIGTERM'], 300);
    expect(stopped.code).toBe(130);
    expect(stopped.stoppedMs).toBeLessThan(AT_ONCE_MS);
    expect(readdirSync(out).filter((name) => !name.startsWith('.'))).toEqual([]);
  });

  it('a command that ignores the abort is ended 5 s after the signal, exit 130, with one line', async () => {
    const cwd = tempDir();
    const signals = fileURLToPath(new URL('../../dist/cli/signals.js', import.meta.url));
    const script = join(cwd, 'stuck.mjs');
    // A stand-in for a command blocked in the thread pool (Node 20's mkdir loop under /proc was one).
    writeFileSync(script, `import { handleStopSignals } from ${JSON.stringify(signals)};\nhandleStopSignals(new AbortController(), process.stderr);\nsetInterval(() => {}, 1000);\nprocess.stdout.write('ready\\n');\n`);
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await once(child.stdout, 'data');
    const sent = Date.now();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    const tookMs = Date.now() - sent;
    expect({ code, stderr }).toEqual({ code: 130, stderr: 'error: Still running 5 s after SIGTERM; stopped at once. Run the same command again to resume from the last checkpoint.\n' });
    expect(tookMs).toBeGreaterThanOrEqual(4_900);
    expect(tookMs).toBeLessThan(STOP_WITHIN_MS);
  });
});
