import type { Json } from '../json.js';

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface OutputMode {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
}

/**
 * Where the CLI prints. stdout carries results (one JSON document with --json); stderr carries progress,
 * warnings and errors, so `--json | jq` always gets clean data.
 */
export class Output {
  constructor(
    readonly stdout: Writable,
    readonly stderr: Writable,
    readonly mode: OutputMode,
  ) {}

  /** A command's result: `human()` as text, or `data` as one JSON line with --json. */
  result(data: Json, human: () => string): void {
    if (this.mode.json) this.stdout.write(`${JSON.stringify(data)}\n`);
    else this.stdout.write(ensureNewline(human()));
  }

  /** Progress and notes for a person; silent with --quiet or --json. */
  info(line: string): void {
    if (!this.mode.quiet && !this.mode.json) this.stderr.write(ensureNewline(line));
  }

  warn(line: string): void {
    if (!this.mode.quiet) this.stderr.write(ensureNewline(`warning: ${line}`));
  }

  debug(line: string): void {
    if (this.mode.verbose) this.stderr.write(ensureNewline(line));
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
