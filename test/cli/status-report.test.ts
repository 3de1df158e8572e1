import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

function stagingWithRuns(file: string): void {
  const store = openStore(file, { mode: 'write' });
  const first = store.startRun(['products', 'orders'], {}, null);
  store.savePage('products', { writes: [{ entity: 'products', rows: [{ id: 1, raw: '{"Id":1}' }] }], cursor: {} }, first);
  store.finishRun(first, 'complete', { streams: [{ name: 'products', records: 1, lost: 0, problems: [] }, { name: 'orders', records: 0, lost: 0, problems: [] }] });
  const second = store.startRun(['orders'], {}, 50);
  store.recordDeadLetter({ runId: second, stream: 'orders', request: 'GET /api/oms/pvt/orders/o-2', status: 503, error: 'HTTP 503 after 8 attempts', attempts: 8 });
  store.recordDeadLetter({ runId: second, stream: 'orders', request: 'GET /api/oms/pvt/orders/o-3', status: null, error: 'ECONNRESET', attempts: 8 });
  store.finishRun(second, 'incomplete', { streams: [{ name: 'orders', records: 7, lost: 2, problems: ['2 dead letters'] }] });
  store.close();
}

describe('status: last run per stream, dead letters per stream, token age', () => {
  it('reports the latest run of each stream and dead letters by stream, as a table and as JSON', async () => {
    const file = join(tempDir(), 'staging.sqlite');
    stagingWithRuns(file);
    const json = await runCli(['status', '--db', file, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.lastRuns).toEqual([
      { stream: 'orders', runId: 2, status: 'incomplete', startedAt: expect.any(String), finishedAt: expect.any(String), sampleLimit: 50, records: 7, lost: 2 },
      { stream: 'products', runId: 1, status: 'complete', startedAt: expect.any(String), finishedAt: expect.any(String), sampleLimit: null, records: 1, lost: 0 },
    ]);
    expect(report.deadLettersByStream).toEqual([{ stream: 'orders', open: 2, total: 2, lastOpenError: 'ECONNRESET' }]);
    expect(report.tokenWarnings).toEqual([]);

    const human = await runCli(['status', '--db', file]);
    expect(human.stdout).toContain('Last run per stream:');
    expect(human.stdout).toMatch(/orders\s+2\s+incomplete \(sample of 50\)\s+\S+\s+\S+\s+7\s+2/);
    expect(human.stdout).toMatch(/products\s+1\s+complete\s+\S+\s+\S+\s+1\s+0/);
    expect(human.stdout).toMatch(/orders\s+2\s+2\s+ECONNRESET/);
    expect(human.stdout).toContain('Reconciliation: no mismatch.');
  });

  it('with --profile: finds output/<account>/ without the passphrase, and warns when the token is old', async () => {
    const cwd = tempDir();
    const home = join(cwd, 'home');
    const add = await runCli(['auth', 'add', 'acme', '--account', 'acme', '--app-key', 'vtexappkey-acme-ABCDEF'], {
      cwd, env: { VTEX_MIGRATE_HOME: home, VTEX_MIGRATE_PASSPHRASE: 'correct horse battery staple', VTEX_APP_TOKEN: 'TOKENTOKENTOKENTOKENTOKEN' },
    });
    expect(add.code, add.stderr).toBe(0);
    const vaultFile = join(home, 'vault.json');
    const vault = JSON.parse(readFileSync(vaultFile, 'utf8'));
    vault.profiles[0].rotatedAt = '2020-01-01T00:00:00.000Z';
    writeFileSync(vaultFile, JSON.stringify(vault));
    stagingWithRuns(join(cwd, 'output', 'acme', 'staging.sqlite'));

    const env = { VTEX_MIGRATE_HOME: home };
    const status = await runCli(['status', '--profile', 'acme', '--json'], { cwd, env });
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.file).toBe(join(cwd, 'output', 'acme', 'staging.sqlite'));
    expect(report.tokenWarnings).toEqual([expect.stringMatching(/The token of profile "acme" is \d+ days old .*vtex-migrate auth rotate acme/)]);
    const byAccount = await runCli(['status', '--account', 'acme'], { cwd, env });
    expect(byAccount.stdout).toMatch(/warning: The token of profile "acme"/);

    const exported = await runCli(['export', 'products', '--profile', 'acme'], { cwd, env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(existsSync(join(cwd, 'output', 'acme', 'products.csv'))).toBe(true);
  });
});
