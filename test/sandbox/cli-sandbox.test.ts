import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = `${ROOT}dist/cli/main.js`;
const BUILT = `${ROOT}dist/cli/commands/sandbox.js`;
const SOURCES = [`${ROOT}src/cli/commands/sandbox.ts`, ...readdirSync(`${ROOT}src/sandbox`, { recursive: true }).map((file) => `${ROOT}src/sandbox/${String(file)}`).filter((file) => file.endsWith('.ts'))];

/** Builds dist/ when it is missing or older than the sandbox sources (tsc emits even when other folders have type errors). */
beforeAll(() => {
  const stale = !existsSync(BUILT) || SOURCES.some((file) => statSync(file).mtimeMs > statSync(BUILT).mtimeMs);
  if (stale) {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      // type errors elsewhere do not stop the emit; the existence check below decides
    }
  }
  expect(existsSync(MAIN)).toBe(true);
}, 120_000);

interface Started {
  url: string;
  keys: Array<{ name: string; appKey: string; appToken: string; resources: string[] }>;
}

describe('vtex-migrate sandbox', () => {
  it('prints one JSON line with the URL and keys, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, 'sandbox', '--json', '--port', '0', '--orders', '50', '--customers', '20', '--products', '10', '--now', '2026-06-15T12:00:00Z'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', () => reject(new Error(`exited before printing: ${stderr}`)));
    });
    const started = JSON.parse(first) as Started;
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.keys.map((key) => key.name)).toEqual(['full-read', 'catalog-only', 'no-master-data', 'list-orders-only', 'roles-reader', 'admin', 'no-prices', 'no-logistics', 'no-warehouses']);
    const full = started.keys[0];
    expect(full?.resources).toContain('View order');
    const response = await request(`${started.url}/api/oms/pvt/orders?per_page=5`, { headers: { 'x-vtex-api-appkey': full?.appKey ?? '', 'x-vtex-api-apptoken': full?.appToken ?? '' } });
    expect(response.statusCode).toBe(200);
    expect(((await response.body.json()) as { list: unknown[] }).list.length).toBe(5);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('explains every option in --help', () => {
    const help = execFileSync(process.execPath, [MAIN, 'sandbox', '--help'], { cwd: ROOT, encoding: 'utf8' });
    for (const option of ['--port', '--seed', '--now', '--products', '--customers', '--orders', '--latency-ms', '--fault-rate', '--slow-ms', '--rate-limit-scale', '--retry-after', '--scroll-idle-ms', '--order-burst-day', '--customer-burst-day', '--private-fields']) {
      expect(help).toContain(option);
    }
  });
});
