import { describe, expect, it } from 'vitest';
import { errorLine } from '../../src/cli/error-line.js';
import { usageMessage } from '../../src/cli/usage-message.js';
import { closedPort } from '../helpers/closed-port.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** README "Exit codes": every error line is "error: <what is wrong>. <What to do.>" */
const ERROR_LINE = /^error: .+\. [A-Z].+\.$/;
const tempDir = useTempDirs();

const TRIO = { VTEX_ACCOUNT: 'acme', VTEX_APP_KEY: 'vtexappkey-acme-ABCDEF', VTEX_APP_TOKEN: 'TOKENTOKENTOKENTOKEN' };
const LONG_VALUE = 'Z'.repeat(64);

type Row = [what: string, argv: string[] | ((port: number) => string[]), env: Record<string, string>, exitCode: number, line: string | RegExp];

const FAILURES: Row[] = [
  ['no command', [], {}, 2, 'error: Name a command. Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['an unknown command', ['frobnicate'], {}, 2, 'error: Unknown argument "frobnicate". Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['a misspelt command (yargs suggests one)', ['exprt'], {}, 2, 'error: Unknown command (did you mean "export"?). Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['an unknown option', ['status', '--colour'], {}, 2, 'error: Unknown argument --colour. Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['an option without its value', ['status', '--db'], {}, 2, 'error: --db needs a value. Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['a value that is not a choice', ['export', '--db', 'x.sqlite', '--format', 'xml'], {}, 2, 'error: --format "xml" is not one of "csv", "json", "ndjson", "parquet". Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['one of two entities unknown', ['auth', 'check', 'orders', 'widgets'], {}, 2, 'error: entities "widgets" is not one of "products", "customers", "orders", "prices", "inventory", "images". Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['a missing positional argument', ['auth', 'remove'], {}, 2, 'error: A required argument is missing (got 0, need at least 1). Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['a subcommand missing', ['auth'], {}, 2, 'error: Name a subcommand of auth. Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.'],
  ['a base URL of another scheme', ['status', '--account', 'acme', '--base-url', 'ftp://127.0.0.1'], {}, 2, 'error: --base-url must use https (or http on loopback), not ftp. Give an origin such as https://proxy.example.com.'],
  ['no credentials', ['auth', 'check'], {}, 2, 'error: No VTEX credentials given. Pass --profile NAME (see `vtex-migrate auth add`), or set VTEX_ACCOUNT, VTEX_APP_KEY and VTEX_APP_TOKEN.'],
  ['a token-like app key (not echoed)', ['auth', 'add', 'x', '--account', 'acme', '--app-key', LONG_VALUE], { VTEX_APP_TOKEN: TRIO.VTEX_APP_TOKEN }, 2, /^error: --app-key holds 64 characters without the vtexappkey- prefix, which looks like an app token, not an app key \(not stored, not shown\)\. Give the key/],
  ['a malformed app key in VTEX_APP_KEY', ['auth', 'check'], { ...TRIO, VTEX_APP_KEY: 'vtexappkey-acme-abc' }, 2, 'error: VTEX_APP_KEY "vtexappkey-acme-abc" is not an app key of the form vtexappkey-{account}-{6 uppercase letters or digits}. Copy the key exactly as VTEX Admin > Account Settings > API Keys lists it, e.g. vtexappkey-acme-ABCDEF.'],
  ['a bad VTEX_MIGRATE_APP_KEY_FORMAT', ['auth', 'list'], { VTEX_MIGRATE_APP_KEY_FORMAT: 'any' }, 2, /^error: VTEX_MIGRATE_APP_KEY_FORMAT "any" is neither strict nor loose\. Unset it/],
  ['a token as a flag value', ['auth', 'check', '--token', LONG_VALUE], {}, 2, /^error: A token is never accepted as a flag value: the command line is visible to every user of this machine\. Set VTEX_APP_TOKEN/],
  ['a network failure (nothing listens)', (port) => ['auth', 'check', '--base-url', `http://127.0.0.1:${port}`], TRIO, 1,
    /^error: Could not log in to VTEX: POST \/api\/vtexid\/apptoken\/login failed with network after 3 attempts: ECONNREFUSED.*\. Check the account name, --base-url and the network, then try again\.$/],
];

describe('every error line is "error: <what is wrong>. <What to do.>" (built CLI)', () => {
  it.each(FAILURES)('%s', async (_what, argv, env, exitCode, line) => {
    const home = tempDir();
    const args = typeof argv === 'function' ? argv(await closedPort()) : argv;
    const result = await runCli(args, { env: { VTEX_MIGRATE_HOME: home, ...env }, cwd: home });
    expect([result.code, result.stdout]).toEqual([exitCode, '']);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(ERROR_LINE);
    if (typeof line === 'string') expect(lines[0]).toBe(line);
    else expect(lines[0]).toMatch(line);
    expect(result.stderr).not.toContain(LONG_VALUE);
  });
});

describe('errorLine', () => {
  it.each<[string, string, string]>([
    // The network error of issue 17: the host ended the message, with no full stop before the hint.
    ['Could not log in to VTEX: POST /api/vtexid/apptoken/login failed with network after 3 attempts: ENOTFOUND: getaddrinfo ENOTFOUND sandbox.vtexcommercestable.com.br', 'Check the account name, --base-url and the network, then try again.',
      'error: Could not log in to VTEX: POST /api/vtexid/apptoken/login failed with network after 3 attempts: ENOTFOUND: getaddrinfo ENOTFOUND sandbox.vtexcommercestable.com.br. Check the account name, --base-url and the network, then try again.'],
    ['--base-url must use https, not ftp:', 'give an origin', 'error: --base-url must use https, not ftp. Give an origin.'],
    ['Two\nlines.', '  run it\nagain  ', 'error: Two lines. Run it again.'],
    ['Already a sentence.', 'Do this.', 'error: Already a sentence. Do this.'],
  ])('%j + %j', (message, hint, line) => {
    expect(errorLine(message, hint)).toBe(line);
    expect(errorLine(message, hint)).toMatch(ERROR_LINE);
  });
});

describe('usageMessage (yargs wording in this tool\'s terms)', () => {
  it.each<[string, string[], string]>([
    ['Unknown arguments: turbo, x', ['extract', '--turbo', '-x'], 'Unknown arguments --turbo, -x'],
    ['Unknown argument: foo', ['status', 'foo'], 'Unknown argument "foo"'],
    ['Missing required argument: out', [], 'Missing required --out'],
    ['Invalid values:\n  Argument: format, Given: "xml", Choices: "csv", "json"', ['export', '--format', 'xml'], '--format "xml" is not one of "csv", "json"'],
    ['Too many non-option arguments: got 2, maximum of 1', [], 'Too many arguments (got 2, at most 1)'],
    ['Arguments a and b are mutually exclusive', [], 'Arguments a and b are mutually exclusive'],
  ])('%j', (message, argv, reworded) => {
    expect(usageMessage(message, argv)).toBe(reworded);
  });
});
