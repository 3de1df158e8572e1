import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import { CLI_NOW, SANDBOX_NOW, extract, stagingFile } from '../e2e/harness.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';

export interface StagingFixture {
  /** The working directory the staging file was extracted in. */
  cwd: string;
  /** output/sandbox/staging.sqlite, filled by the built CLI from the sandbox. */
  file: string;
  /** A fresh directory for one export. */
  outDir(): string;
  /** Runs the built CLI (`export ...`) against the staging file. */
  cli(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
}

/** Extracts a small sandbox store once per test file with the built CLI, as a user would. */
export function useStagingFixture(counts = { products: 40, customers: 80, orders: 150 }): StagingFixture {
  const cwd = mkdtempSync(join(tmpdir(), 'vtex-migrate-export-'));
  let outDirs = 0;
  beforeAll(async () => {
    const sandbox = await startSandbox({ now: SANDBOX_NOW, seed: 11, ...counts, rateLimitScale: 10 });
    try {
      const result = await extract(['--max-rpm', 'catalog=450000', '--max-rpm', 'oms-get=60000', '--max-rpm', 'pricing=30000', '--max-rpm', 'logistics=60000'], sandbox, cwd);
      if (result.code !== 0) throw new Error(`extract failed: ${result.stderr}`);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  return {
    cwd,
    file: stagingFile(cwd),
    outDir: () => join(cwd, 'exports', String((outDirs += 1))),
    cli: (args, env = {}) => runCli(args, { cwd, env: { VTEX_MIGRATE_NOW: new Date(CLI_NOW).toISOString(), ...env } }),
  };
}
