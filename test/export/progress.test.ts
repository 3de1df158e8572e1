import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../helpers/run-cli.js';
import { stagedDocs } from './helpers.js';
import { useStagingFixture } from './staging-fixture.js';

const fixture = useStagingFixture({ products: 20, customers: 30, orders: 1_200 });
const PTY = fileURLToPath(new URL('../credentials/pty-session.py', import.meta.url));

/** Runs the built CLI on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(args: string[]): { exitCode: number; screen: string } {
  const spec = { argv: [process.execPath, CLI_PATH, ...args], env: { PATH: process.env.PATH ?? '', HOME: fixture.cwd, COLUMNS: '120' }, answers: [] };
  return JSON.parse(execFileSync('python3', [PTY, JSON.stringify(spec)], { encoding: 'utf8', timeout: 60_000 })) as { exitCode: number; screen: string };
}

describe('export progress', () => {
  it.each([
    ['csv', ', \\d+ child files'],
    ['ndjson', ''],
  ])('%s on a terminal: a bar per table, its rows against the staged total', (format, children) => {
    const session = onTerminal(['export', '--db', fixture.file, '--out', fixture.outDir(), '--format', format]);
    expect(session.exitCode, session.screen).toBe(0);
    const orders = stagedDocs(fixture.file, 'orders').length;
    expect(orders).toBeGreaterThan(1_000);
    expect(session.screen).toMatch(new RegExp(` orders\\s+\\|█{24}\\| ${orders}/${orders} rows \\| done${children}\u001b`));
    expect(session.screen).toMatch(/ customers\s+\|█{24}\| 30\/30 rows \| done/);
  });

  it('not on a terminal: plain lines, one per table', async () => {
    const result = await fixture.cli(['export', '--db', fixture.file, '--out', fixture.outDir()]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^orders: ${stagedDocs(fixture.file, 'orders').length} rows, \\d+ child files$`, 'm'));
    expect(result.stderr).toMatch(/^customers: 30 rows$/m);
    expect(result.stderr).not.toMatch(/[█░]|\u001b\[/);
  });
});
