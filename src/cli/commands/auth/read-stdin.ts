import { MigrateError } from '../../../errors.js';
import type { CommandContext } from '../../command.js';

const MAX_BYTES = 64 * 1024;

/** All of stdin as text (for --token-stdin); a token is short, so more than 64 KiB is a mistake. */
export async function readStdinText(stdin: CommandContext['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_BYTES) {
      throw new MigrateError('BAD_INPUT', 'stdin holds more than 64 KiB, which is not an app token.', {
        hint: 'Pipe only the token, e.g. `printf %s "$TOKEN" | vtex-migrate auth add ... --token-stdin`.',
      });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
