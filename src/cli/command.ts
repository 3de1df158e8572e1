import type { Argv } from 'yargs';
import type { Env, GlobalConfig } from '../config/load-config.js';
import type { Output } from './output.js';

export interface CommandContext {
  config: GlobalConfig;
  output: Output;
  env: Env;
  /** Aborted on Ctrl-C / SIGTERM: long commands stop at their next safe point. */
  signal: AbortSignal;
  /** Reads a secret from the terminal without echo, or from stdin when --token-stdin is given. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/**
 * One CLI command: yargs parses, `run` does the work and returns the exit code. The builder declares the
 * flags; `Args` is the camel-cased shape `run` reads (yargs' own inferred types stop at the builder).
 */
export interface CliCommand<Args = Record<string, unknown>> {
  command: string;
  describe: string;
  builder: (yargs: Argv) => Argv<object>;
  run: (args: Args, context: CommandContext) => Promise<number>;
}

/** A command with subcommands (`auth add|list|...`). */
export interface CliCommandGroup {
  command: string;
  describe: string;
  subcommands: ReadonlyArray<CliCommand<never>>;
}

export type AnyCommand = CliCommand<never> | CliCommandGroup;

export function defineCommand<Args>(command: CliCommand<Args>): CliCommand<never> {
  return command as unknown as CliCommand<never>;
}
