import { MigrateError } from '../errors.js';
import type { CommandContext } from './command.js';

/** Asks on the terminal without echoing what is typed (a token or passphrase must not land in scrollback). */
export function promptHidden(context: Pick<CommandContext, 'stdin' | 'output'>, question: string): Promise<string> {
  const stdin = context.stdin as NodeJS.ReadStream;
  context.output.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const finish = (error?: Error) => {
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      stdin.removeListener('data', onData);
      context.output.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new MigrateError('INTERRUPTED', 'Cancelled at the prompt.', { hint: 'Nothing was changed; run the command again when ready.' }));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.on('data', onData);
  });
}
