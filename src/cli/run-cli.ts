import yargs from 'yargs';
import type { Argv } from 'yargs';
import { MigrateError } from '../errors.js';
import { loadGlobalConfig } from '../config/load-config.js';
import type { Env, GlobalFlags } from '../config/load-config.js';
import type { AnyCommand, CliCommand, CommandContext } from './command.js';
import { EXIT } from './exit-codes.js';
import { Output } from './output.js';
import type { Writable } from './output.js';
import { reportError } from './report-error.js';
import { skipHelpCache } from './skip-help-cache.js';
import { usageMessage } from './usage-message.js';
import { COMMANDS } from './commands/index.js';
import { refuseTokenFlags, tokenFlagIn } from './commands/auth/token-flags.js';

export interface CliIo {
  argv: readonly string[];
  env: Env;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  stdin: CommandContext['stdin'];
  signal: AbortSignal;
}

/** Parses argv, runs one command, reports any error once, and returns the exit code. Never calls process.exit. */
export async function runCli(io: CliIo): Promise<number> {
  const mode = modeFromArgv(io.argv);
  const output = new Output(io.stdout, io.stderr, mode);
  let exitCode: number = EXIT.ok;
  const parser = buildParser(io, (code) => {
    exitCode = code;
  });
  try {
    if (tokenFlagIn(io.argv)) refuseTokenFlags({ token: '' });
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    return reportError(error, output);
  }
}

function buildParser(io: CliIo, setExitCode: (code: number) => void): Argv {
  let parser: Argv = yargs([...io.argv])
    .scriptName('vtex-migrate')
    .usage('$0 <command> [options]\n\nGet a VTEX store\'s products, customers and orders out, completely and safely.')
    .option('profile', { type: 'string', requiresArg: true, describe: 'Credential profile from `auth add` (or set VTEX_ACCOUNT, VTEX_APP_KEY, VTEX_APP_TOKEN)', global: true })
    .option('account', { type: 'string', requiresArg: true, describe: 'VTEX account name (env VTEX_ACCOUNT)', global: true })
    .option('base-url', { type: 'string', requiresArg: true, describe: 'Send API calls to this origin instead of https://{account}.vtexcommercestable.com.br (env VTEX_BASE_URL; http only for loopback)', global: true })
    .option('db', { type: 'string', requiresArg: true, describe: 'Staging database file (default output/<account>/staging.sqlite)', global: true })
    .option('json', { type: 'boolean', describe: 'Print the result as JSON on stdout', global: true })
    .option('quiet', { type: 'boolean', describe: 'Print nothing but the result and errors', global: true })
    .option('verbose', { type: 'boolean', describe: 'Print details, and stack traces on errors', global: true })
    .strict()
    .demandCommand(1, 'Name a command.')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      // yargs reports its own parse errors (a flag without its value) as a YError: bad usage, not a bug.
      if (error && error.name !== 'YError') throw error;
      throw new MigrateError('USAGE', usageMessage(message ?? error?.message ?? 'Bad usage.', io.argv), { hint: 'Run `vtex-migrate --help` (or `vtex-migrate <command> --help`) for the commands and options.' });
    })
    .epilogue('Exit codes: 0 ok, 1 internal error, 2 bad usage or input, 3 credentials rejected, 4 missing permissions, 5 run incomplete, 130 interrupted.\nDocs: README.md');
  for (const command of COMMANDS) parser = mount(parser, command, io, setExitCode);
  skipHelpCache(parser);
  return parser;
}

function mount(parser: Argv, command: AnyCommand, io: CliIo, setExitCode: (code: number) => void): Argv {
  if ('subcommands' in command) {
    return parser.command(command.command, command.describe, (sub: Argv) => {
      let group = sub.demandCommand(1, `Name a subcommand of ${command.command}.`);
      for (const subcommand of command.subcommands) group = mount(group, subcommand, io, setExitCode);
      return group;
    });
  }
  const leaf = command as unknown as CliCommand<Record<string, unknown>>;
  return parser.command(leaf.command, leaf.describe, (sub: Argv) => leaf.builder(sub), async (args) => {
    const config = loadGlobalConfig(args as GlobalFlags, io.env, io.cwd);
    const output = new Output(io.stdout, io.stderr, { json: config.json, quiet: config.quiet, verbose: config.verbose });
    setExitCode(await leaf.run(args as Record<string, unknown>, { config, output, env: io.env, signal: io.signal, stdin: io.stdin }));
  });
}

/** Output mode is needed before yargs has parsed (to report a parse error the right way). */
function modeFromArgv(argv: readonly string[]) {
  return { json: argv.includes('--json'), quiet: argv.includes('--quiet'), verbose: argv.includes('--verbose') };
}
