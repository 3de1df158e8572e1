import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sandboxKeys } from '../../src/sandbox/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The README's manual sandbox path: the shell block of "The VTEX sandbox" that uses --print-env. */
function manualPath(): string[] {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## The VTEX sandbox'), readme.indexOf('\n## ', readme.indexOf('## The VTEX sandbox') + 3));
  const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((text) => text.includes('--print-env'));
  if (!block) throw new Error('README: no sandbox block with --print-env');
  return block.trim().split('\n').map((line) => line.replace(/\s+#.*$/, ''));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits for the sandbox, then reads the price tables with the exported URL and key (proves account, URL and token). */
const CHECK = `for i in $(seq 100); do node -e "
  const h = { 'X-VTEX-API-AppKey': process.env.VTEX_APP_KEY, 'X-VTEX-API-AppToken': process.env.VTEX_APP_TOKEN };
  fetch(process.env.VTEX_BASE_URL + '/' + process.env.VTEX_ACCOUNT + '/pricing/tables', { headers: h })
    .then((r) => r.text().then((t) => { console.log('answer', r.status, t); process.exit(0); }), () => process.exit(1));
" && break; sleep 0.2; done`;

describe('README: the manual sandbox path', () => {
  it('starts the sandbox in the background, puts its URL and full-read key into the environment, and stops it with the printed command', async () => {
    const lines = manualPath();
    expect(lines[0]).toMatch(/^npx vtex-migrate sandbox --port 8080 > \/dev\/null & eval "\$\(npx vtex-migrate sandbox --port 8080 --print-env\)"$/);
    const stop = lines.find((line) => line.startsWith('kill '));
    expect(stop).toBe('kill %1');
    const port = await freePort();
    // job control on, as in an interactive shell: `kill %1` then signals the whole job (npx and the sandbox)
    const script = ['set -m', lines[0]!.replaceAll('8080', String(port)), 'echo "env $VTEX_ACCOUNT $VTEX_BASE_URL $VTEX_APP_KEY ${#VTEX_APP_TOKEN}"', CHECK, stop, 'wait', `node -e "fetch('http://127.0.0.1:${port}/').then(() => console.log('still serving'), () => console.log('stopped'))"`].join('\n');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, VTEX_ACCOUNT: '' }, timeout: 60_000 }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    const token = sandboxKeys({}).find((key) => key.name === 'full-read')?.appToken ?? '';
    expect(result.stdout).toContain(`env sandbox http://127.0.0.1:${port} vtexappkey-sandbox-FULLRD ${token.length}`);
    expect(result.stdout).toContain('answer 200 ["1","2","b2c","b2b","gold","reg-a"]');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('stopped');
    expect(result.stdout).not.toContain(token);
  }, 90_000);
});
