import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/server.js';
import type { EntityName } from '../../src/sandbox/dataset.js';
import { stockDiff } from '../e2e/catalog-backup-harness.js';
import { expectExact, query } from '../e2e/harness.js';

/** The tables each `extract` word fills. */
export const TABLES_OF = {
  products: ['products', 'skus', 'categories', 'brands'],
  customers: ['customers', 'addresses'],
  orders: ['orders'],
} as const satisfies Record<string, readonly EntityName[]>;
export type ExtractWord = keyof typeof TABLES_OF;

/** The streams each `extract` word runs (src/streams/index.ts ENTITY_STREAMS, restated: a test must not trust the code it checks). */
export const STREAMS_OF: Record<ExtractWord | BackupWord, readonly string[]> = {
  products: ['categories', 'brands', 'products'],
  customers: ['customers', 'addresses'],
  orders: ['orders'],
  prices: ['prices'],
  inventory: ['inventory'],
  images: ['images'],
};

/** The catalog backup's words: their tables are checked against the truth by expectExactStock and the images checks. */
export type BackupWord = 'prices' | 'inventory' | 'images';
/** What `extract` with no names runs. */
export const DEFAULT_WORDS = ['products', 'customers', 'orders', 'prices', 'inventory'] as const;

/** Every staged SKU has one prices and one inventory row, equal to the truth (raw NULL exactly where there is no price). */
export function expectExactStock(file: string, sandbox: SandboxHandle, label: string): void {
  for (const table of ['prices', 'inventory'] as const) {
    const diff = stockDiff(file, sandbox, table);
    expect({ label, table, missing: brief(diff.missing), extra: brief(diff.extra), mismatched: brief(diff.mismatched) }).toEqual({ label, table, missing: [], extra: [], mismatched: [] });
  }
}

/** mulberry32: a tiny seeded PRNG, so every "random" kill moment is reproducible from the seed in the test name. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(15);
  }
}

/** Rows committed so far in these tables (0 while the file does not exist or is being created). */
export function committedRows(file: string, tables: readonly string[]): number {
  if (!existsSync(file)) return 0;
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      return tables.reduce((sum, table) => sum + ((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n), 0);
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** sha256 of each file (or 'absent'), to prove a command left files untouched. */
export function fileHashes(files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file, existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent']));
}

/** Every file under a directory, recursively (for hashing a whole working tree). */
export function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : [path];
  });
}

/** A list of ids as its first five and a count, so a failure shows what is wrong without thousands of lines. */
function brief(ids: readonly string[]): string[] {
  return ids.length <= 5 ? [...ids] : [...ids.slice(0, 5), `… ${ids.length} in all`];
}

/** The staged tables of `word` hold exactly the sandbox truth: same ids, same documents, no id twice. */
export function expectExactTables(file: string, sandbox: SandboxHandle, word: ExtractWord, label: string = word): void {
  for (const entity of TABLES_OF[word]) {
    const exact = expectExact(file, sandbox, entity);
    expect({ label, entity, mismatched: brief(exact.mismatched), missing: brief(exact.missing), extra: brief(exact.extra), empty: exact.staged === 0 }).toEqual({
      label, entity, mismatched: [], missing: [], extra: [], empty: false,
    });
    const [counts] = query<{ n: number; distinct_ids: number }>(file, `SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM ${entity}`);
    expect(counts?.n).toBe(counts?.distinct_ids);
    expect(counts?.n).toBe(sandbox.truth([entity])[entity]?.ids.length);
  }
}

/**
 * The bookkeeping tables after a run that ended complete: the file is intact, the last run is complete and
 * finished, no run claims to be finished without an end time, every stream of `words` has a JSON checkpoint
 * written by a recorded run, no open dead letter is left, and reconciliation agrees.
 */
export function expectSaneBookkeeping(file: string, words: ExtractWord | BackupWord | ReadonlyArray<ExtractWord | BackupWord>): void {
  const streams = (typeof words === 'string' ? [words] : words).flatMap((word) => STREAMS_OF[word]);
  expect(query(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  const runs = query<{ id: number; status: string; started_at: string; finished_at: string | null; streams: string }>(file, 'SELECT id, status, started_at, finished_at, streams FROM runs ORDER BY id');
  expect(runs.length).toBeGreaterThan(0);
  for (const run of runs) {
    expect(['running', 'complete', 'incomplete', 'interrupted', 'failed']).toContain(run.status);
    expect(run.status === 'running').toBe(run.finished_at === null);
    expect(JSON.parse(run.streams)).toEqual(expect.arrayContaining(streams));
  }
  const last = runs.at(-1);
  expect(last?.status).toBe('complete');
  expect([...runs].sort((a, b) => a.started_at.localeCompare(b.started_at)).map((run) => run.id)).toEqual(runs.map((run) => run.id));
  const checkpoints = query<{ stream: string; cursor: string; run_id: number | null }>(file, 'SELECT stream, cursor, run_id FROM checkpoints ORDER BY stream');
  expect(checkpoints.map((checkpoint) => checkpoint.stream)).toEqual([...streams].sort());
  const runIds = new Set(runs.map((run) => run.id));
  for (const checkpoint of checkpoints) {
    expect(() => JSON.parse(checkpoint.cursor)).not.toThrow();
    expect(runIds.has(checkpoint.run_id ?? -1)).toBe(true);
  }
  expect(query(file, 'SELECT stream, item_key, error FROM dead_letters WHERE resolved_at IS NULL')).toEqual([]);
  expect(query(file, 'SELECT stream, "window", expected, staged FROM reconciliation WHERE expected IS NOT NULL AND expected <> staged')).toEqual([]);
}

/** A line that looks like a JavaScript stack frame. */
export const STACK_FRAME = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
