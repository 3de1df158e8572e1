import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxHandle } from '../../src/sandbox/server.js';
import { extract, stagingFile } from '../e2e/harness.js';
import { injectHostile } from './hostile-staging.js';
import type { HostileIds } from './hostile-staging.js';
import { stageCatalogBackup } from './staging-setup.js';
import type { StagedBackupCounts } from './staging-setup.js';

export interface StagedStore {
  cwd: string;
  file: string;
  hostile: HostileIds;
  backup: StagedBackupCounts;
}

/** A staging file made by the real `extract` against the sandbox, its catalog backup filled and hostile cases added. */
export async function stageHostileStore(sandbox: SandboxHandle, prefix: string): Promise<StagedStore> {
  const cwd = mkdtempSync(join(tmpdir(), prefix));
  // The catalog backup tables are filled below with controlled hostile cases, so prices and inventory are not extracted here.
  const result = await extract(['products', 'customers', 'orders', '--quiet'], sandbox, cwd);
  if (result.code !== 0 || result.stderr !== '') throw new Error(`extract exited ${result.code}: ${result.stderr}`);
  const file = stagingFile(cwd);
  return { cwd, file, backup: stageCatalogBackup(file), hostile: injectHostile(file) };
}
