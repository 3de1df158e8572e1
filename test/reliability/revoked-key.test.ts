import { describe, expect, it } from 'vitest';
import type { SandboxOptions } from '../../src/sandbox/options.js';
import { spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { extract, query, sandboxEnv, stagingFile, useSandboxes } from '../e2e/harness.js';
import { STACK_FRAME, TABLES_OF, committedRows, expectExactTables, expectSaneBookkeeping, fileHashes, waitFor } from './support.js';
import type { ExtractWord } from './support.js';

const tempDir = useTempDirs();
const sandboxes = useSandboxes();

/**
 * The key is revoked while a run is staging (test/e2e/interruptions.test.ts covers orders): the run stops
 * with exit 3 and one line naming the 401, its committed pages and checkpoints stay; a run with the key
 * still revoked is refused before it touches the staging file; with the key restored the run ends exact.
 */
interface Case {
  word: ExtractWord;
  sandbox: SandboxOptions;
  /** Revoke once this many rows of the word's main table are committed. */
  revokeAt: number;
  mainTable: string;
  request: RegExp;
  flags: string[];
}

const CASES: Case[] = [
  {
    // At 750 of 1,000 products the id listing is done, so the 401 lands on product and SKU details (a 401 on
    // the listing itself is in malformed-mid-run.test.ts, where a proxy makes it deterministic).
    word: 'products', sandbox: { products: 1_000, brands: 30, latencyMs: 4 }, revokeAt: 750, mainTable: 'products',
    request: /GET \/api\/catalog/, flags: ['--max-rpm', 'catalog=45000'],
  },
  {
    word: 'customers', sandbox: { customers: 6_000, orders: 5, latencyMs: 60 }, revokeAt: 1_000, mainTable: 'customers',
    request: /GET \/api\/dataentities\/(CL|AD)\//, flags: [],
  },
];

describe('token revoked mid-run: exit 3, checkpoint intact, then exact with the key back', () => {
  it.each(CASES)('$word', async ({ word, sandbox: options, revokeAt, mainTable, request, flags }) => {
    const sandbox = await sandboxes(options);
    const key = sandbox.key('full-read');
    const cwd = tempDir();
    const file = stagingFile(cwd);
    const run = spawnCli(['extract', word, '--quiet', ...flags], { cwd, env: sandboxEnv(sandbox), timeoutMs: 120_000 });
    let ended = false;
    void run.result.then(() => (ended = true));
    await waitFor(() => ended || committedRows(file, [mainTable]) >= revokeAt, 60_000, `${revokeAt} ${mainTable}`);
    expect(ended).toBe(false);
    sandbox.revokeKey(key.appKey);
    const stopped = await run.result;
    // Soft: when these fail, the rest still shows whether the checkpoint survived and the rerun ends exact.
    expect.soft({ code: stopped.code, stderr: stopped.stderr }).toEqual({ code: 3, stderr: expect.stringMatching(/^error: VTEX rejected the credentials \(401\) on \S+ \S+.*auth rotate.*\n$/) });
    expect.soft(stopped.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect.soft(stopped.stderr).toMatch(request);
    expect.soft(stopped.stderr).not.toMatch(STACK_FRAME);
    expect(stopped.stderr + stopped.stdout).not.toContain(key.appToken);

    const committed = committedRows(file, TABLES_OF[word]);
    const total = TABLES_OF[word].reduce((sum, entity) => sum + (sandbox.truth([entity])[entity]?.ids.length ?? 0), 0);
    expect(committed).toBeGreaterThanOrEqual(revokeAt);
    expect(committed).toBeLessThan(total);
    expect(query(file, 'SELECT status FROM runs')).toEqual([{ status: 'failed' }]);
    expect(query(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const checkpoints = query<{ stream: string; cursor: string }>(file, 'SELECT stream, cursor FROM checkpoints ORDER BY stream');
    expect(checkpoints.map((checkpoint) => checkpoint.stream)).toContain(mainTable);
    // A 401 is not a lost record: nothing goes to the dead letters.
    expect(query(file, 'SELECT count(*) AS n FROM dead_letters')).toEqual([{ n: 0 }]);

    const before = fileHashes([file, `${file}-wal`]);
    const refused = await extract([word, '--quiet', ...flags], sandbox, cwd);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^error: VTEX rejected the app key and token \(login answered HTTP 401\)\. .*auth rotate/);
    expect(fileHashes([file, `${file}-wal`])).toEqual(before);

    sandbox.restoreKey(key.appKey);
    const productsFetched = sandbox.stats().byEndpoint['catalog.product']?.['200'] ?? 0;
    const stagedProducts = committedRows(file, ['products']);
    const resumed = await extract([word, '--quiet', ...flags], sandbox, cwd);
    expect({ code: resumed.code, stderr: resumed.stderr }).toEqual({ code: 0, stderr: '' });
    expectExactTables(file, sandbox, word);
    expectSaneBookkeeping(file, word);
    expect(query<{ status: string }>(file, 'SELECT status FROM runs ORDER BY id').map((row) => row.status)).toEqual(['failed', 'complete']);
    if (word === 'products') {
      // Committed pages are not fetched again: the rest of the products, plus the permission probe.
      expect((sandbox.stats().byEndpoint['catalog.product']?.['200'] ?? 0) - productsFetched).toBe(1_000 - stagedProducts + 1);
    }
  });
});
