import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxHandle } from '../../src/sandbox/server.js';
import { documentHash } from '../../src/sandbox/truth.js';
import { query } from './harness.js';

/** Client ceilings matching a sandbox started with rateLimitScale 10 (and its Pricing/Logistics defaults x10). */
export const FAST_BACKUP_FLAGS = ['--max-rpm', 'catalog=450000', '--max-rpm', 'pricing=30000', '--max-rpm', 'logistics=60000', '--max-rpm', 'oms-get=60000', '--max-rpm', 'oms-list=50000'];

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sku id -> documentHash of the staged raw (null where raw is NULL), for prices or inventory. */
export function stagedStock(file: string, table: 'prices' | 'inventory'): Map<string, string | null> {
  const rows = query<{ sku_id: number; raw: string | null }>(file, `SELECT sku_id, raw FROM ${table} ORDER BY sku_id`);
  return new Map(rows.map((row) => [String(row.sku_id), row.raw === null ? null : documentHash(JSON.parse(row.raw))]));
}

/** What differs between staged prices or inventory and the sandbox truth (empty lists when exact). */
export function stockDiff(file: string, sandbox: SandboxHandle, table: 'prices' | 'inventory'): { missing: string[]; extra: string[]; mismatched: string[] } {
  const truth = sandbox.truth([table])[table];
  if (!truth) throw new Error(`no truth for ${table}`);
  const staged = stagedStock(file, table);
  return {
    missing: truth.ids.filter((id) => !staged.has(id)),
    extra: [...staged.keys()].filter((id) => !truth.hashes.has(id)),
    mismatched: truth.ids.filter((id) => staged.has(id) && staged.get(id) !== truth.hashes.get(id)),
  };
}

/** Every file in the images folder (no temporaries), FileId -> sha256 of its bytes; and the staged rows. */
export function imagesOnDisk(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name.split('.')[0] ?? name, sha256(readFileSync(join(dir, name)))]));
}

export function stagedImages(file: string): Array<{ file_id: number; path: string; sha256: string; bytes: number }> {
  return query(file, 'SELECT file_id, path, sha256, bytes FROM images ORDER BY file_id');
}
