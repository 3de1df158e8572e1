import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('vtex-migrate CLI root', () => {
  it('--help lists the commands and exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/vtex-migrate status\s+Show what a staging database holds/);
    expect(result.stdout).toContain('Exit codes: 0 ok, 1 internal error, 2 bad usage or input');
    for (const option of ['--profile', '--account', '--base-url', '--db', '--json', '--quiet', '--verbose']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('every command has --help', async () => {
    const result = await runCli(['status', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('vtex-migrate status');
  });

  it.each([
    [['frobnicate'], /^error: Unknown argument "frobnicate"\. Run `vtex-migrate --help`/],
    [['status', '--colour'], /^error: Unknown argument --colour\. Run `vtex-migrate --help`/],
    [[], /^error: Name a command\./],
    [['status', '--account', 'Acme Store'], /^error: --account "Acme Store" is not a VTEX account name\./],
    [['status', '--account', 'acme', '--base-url', 'http://example.com'], /^error: --base-url uses plain http to example\.com/],
  ])('refuses %j with exit 2 and one line, no stack', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('with --json an error is also a JSON document on stdout', async () => {
    const result = await runCli(['status', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'USAGE', message: 'No staging database given.', hint: expect.stringContaining('--db FILE'), exitCode: 2 },
    });
  });

  it('--verbose adds the stack to a user error', async () => {
    const result = await runCli(['status', '--db', '/nonexistent/x.sqlite', '--verbose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
