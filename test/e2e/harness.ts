import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import type { SandboxHandle } from '../../src/sandbox/server.js';
import type { SandboxOptions } from '../../src/sandbox/options.js';
import { documentHash } from '../../src/sandbox/truth.js';
import type { EntityName } from '../../src/sandbox/dataset.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';

/** The sandbox clock of the end-to-end tests; the CLI runs 5 minutes and 1 second later (indexing lag). */
export const SANDBOX_NOW = Date.UTC(2026, 9, 15, 12, 0, 0);
export const CLI_NOW = SANDBOX_NOW + 5 * 60_000 + 1_000;

/** Sandboxes started by a test are closed after it. */
export function useSandboxes(): (options?: SandboxOptions) => Promise<SandboxHandle> {
  const open: SandboxHandle[] = [];
  afterEach(async () => {
    while (open.length > 0) await open.pop()?.close();
  });
  return async (options = {}) => {
    const sandbox = await startSandbox({ now: SANDBOX_NOW, seed: 11, ...options });
    open.push(sandbox);
    return sandbox;
  };
}

export function sandboxEnv(sandbox: SandboxHandle, keyName = 'full-read'): Record<string, string> {
  const key = sandbox.key(keyName);
  return {
    VTEX_ACCOUNT: sandbox.options.account,
    VTEX_APP_KEY: key.appKey,
    VTEX_APP_TOKEN: key.appToken,
    VTEX_BASE_URL: sandbox.url,
    VTEX_MIGRATE_NOW: new Date(CLI_NOW).toISOString(),
  };
}

export function extract(args: readonly string[], sandbox: SandboxHandle, cwd: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return runCli(['extract', ...args], { cwd, env: { ...sandboxEnv(sandbox), ...extraEnv }, timeoutMs: 240_000 });
}

export function stagingFile(cwd: string, account = 'sandbox'): string {
  return join(cwd, 'output', account, 'staging.sqlite');
}

/** id -> documentHash(raw) of what a staging table holds. */
export function stagedHashes(file: string, entity: EntityName): Map<string, string> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db.prepare(`SELECT id, raw FROM ${entity}`).all() as Array<{ id: string | number; raw: string }>;
    return new Map(rows.map((row) => [String(row.id), documentHash(JSON.parse(row.raw))]));
  } finally {
    db.close();
  }
}

export function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The truth of an entity as id -> hash; orders limited to what the documented bounds make visible to a run at CLI_NOW. */
export function truthHashes(sandbox: SandboxHandle, entity: EntityName): Map<string, string> {
  const truth = sandbox.truth([entity])[entity];
  if (!truth) throw new Error(`no truth for ${entity}`);
  return new Map([...truth.hashes].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Compares staged rows with the truth: the same ids, and for each the same document. */
export function expectExact(file: string, sandbox: SandboxHandle, entity: EntityName): { staged: number; mismatched: string[]; missing: string[]; extra: string[] } {
  const staged = stagedHashes(file, entity);
  const truth = truthHashes(sandbox, entity);
  const missing = [...truth.keys()].filter((id) => !staged.has(id));
  const extra = [...staged.keys()].filter((id) => !truth.has(id));
  const mismatched = [...truth.keys()].filter((id) => staged.has(id) && staged.get(id) !== truth.get(id));
  return { staged: staged.size, mismatched, missing, extra };
}

/** Polls `condition` every 20 ms until it holds, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(20);
  }
}
