import { Secret } from '../config/secret.js';
import { MigrateError } from '../errors.js';

/** Where a token came from. Never a flag: argv is visible to every user of the machine. */
export type TokenSource = 'env' | 'stdin' | 'prompt';

const SOURCE_NAMES: Record<TokenSource, string> = { env: 'VTEX_APP_TOKEN', stdin: 'The token read from stdin', prompt: 'The token you typed' };

const LINK_HINT =
  'VTEX shows a new token once, through a single-use link (share.vtex.com/credentials/..., valid 24 hours): open the link in a browser, copy the token it shows, and give that token instead.';

/**
 * Checks what a user gave as an app token and returns it as a Secret. Refuses (without ever quoting it):
 * empty or blank input, the single-use share link or any other URL, an app key instead of a token, and
 * text with spaces or line breaks inside. Surrounding whitespace (the newline of `echo`) is trimmed.
 */
export function validateToken(raw: string, source: TokenSource): Secret {
  const value = raw.trim();
  const what = SOURCE_NAMES[source];
  if (value === '') {
    throw new MigrateError('BAD_INPUT', `${what} is empty.`, { hint: `Give the app token itself. ${LINK_HINT}` });
  }
  if (/share\.vtex\.com/i.test(value) || /credentials\//i.test(value)) {
    throw new MigrateError('BAD_INPUT', `${what} is the single-use share link, not the token.`, { hint: LINK_HINT });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^www\./i.test(value) || /^[\w-]+(\.[\w-]+)+\/\S*/.test(value)) {
    throw new MigrateError('BAD_INPUT', `${what} looks like a link, not a token.`, { hint: LINK_HINT });
  }
  if (/^vtexappkey-/i.test(value)) {
    throw new MigrateError('BAD_INPUT', `${what} is an app key (vtexappkey-...), not its token.`, {
      hint: `Give the app key with --app-key and the token separately. ${LINK_HINT}`,
    });
  }
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new MigrateError('BAD_INPUT', `${what} contains spaces, line breaks or control characters.`, {
      hint: 'Give exactly one token: copy it again from the single-use link, without other text.',
    });
  }
  return new Secret(value);
}

export interface TokenInputSources {
  /** VTEX_APP_TOKEN from the environment (the CLI passes it in). */
  envToken: string | undefined;
  /** --token-stdin was given. */
  tokenStdin: boolean;
  /** Whether stdin is a terminal (a hidden prompt is possible). */
  stdinIsTty: boolean;
  /** Reads all of stdin (for --token-stdin when stdin is not a terminal). */
  readStdin: () => Promise<string>;
  /** Asks on the terminal without echo. */
  promptHidden: (question: string) => Promise<string>;
}

/**
 * Gets an app token: --token-stdin (from a pipe, or a hidden prompt when stdin is a terminal), else
 * VTEX_APP_TOKEN, else a hidden prompt on a terminal. Without a terminal and without either, a clear error.
 */
export async function readToken(sources: TokenInputSources, question = 'App token (input hidden): '): Promise<{ token: Secret; source: TokenSource }> {
  if (sources.tokenStdin) {
    if (sources.stdinIsTty) return { token: validateToken(await sources.promptHidden(question), 'prompt'), source: 'prompt' };
    return { token: validateToken(await sources.readStdin(), 'stdin'), source: 'stdin' };
  }
  if (sources.envToken !== undefined) return { token: validateToken(sources.envToken, 'env'), source: 'env' };
  if (sources.stdinIsTty) return { token: validateToken(await sources.promptHidden(question), 'prompt'), source: 'prompt' };
  throw new MigrateError('USAGE', 'No app token given, and stdin is not a terminal to ask for one.', {
    hint: 'Set VTEX_APP_TOKEN, or pipe the token with --token-stdin (e.g. `pass show vtex/acme | vtex-migrate auth add ... --token-stdin`). A token is never accepted as a flag value.',
  });
}
