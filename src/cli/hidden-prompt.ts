import { MigrateError } from '../errors.js';
import type { CommandContext } from './command.js';
import type { Writable } from './output.js';

type TtyInput = CommandContext['stdin'] & { setRawMode?: (raw: boolean) => unknown };

const MAX_CHARS = 4096;

/**
 * Asks a question on the terminal and reads one line without echo (raw mode, set before the question is
 * shown: we see each key and print nothing). Enter ends, Backspace deletes, Ctrl-C interrupts, Ctrl-D ends. The prompt goes to stderr.
 */
export async function promptHidden(stdin: TtyInput, stderr: Writable, question: string): Promise<string> {
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    throw new MigrateError('USAGE', 'Cannot ask for a secret: stdin is not a terminal.', {
      hint: 'Set VTEX_APP_TOKEN / VTEX_MIGRATE_PASSPHRASE, or pipe the token with --token-stdin.',
    });
  }
  const setRawMode = stdin.setRawMode.bind(stdin);
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new MigrateError('INTERRUPTED', 'Interrupted.', { hint: 'Nothing was stored.' }));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ' && answer.length < MAX_CHARS) answer += char;
      }
    };
    setRawMode(true);
    stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
