import { describe, expect, it } from 'vitest';
import { readToken, validateToken } from '../../src/credentials/token-input.js';
import type { TokenInputSources } from '../../src/credentials/token-input.js';

const TOKEN = 'QWERTYUIOPASDFGHJKLZXCVBNMQWERTYUIOPASDFGHJKL';

describe('validateToken', () => {
  it.each<[string, string]>([
    [TOKEN, TOKEN],
    [`${TOKEN}\n`, TOKEN],
    [`  ${TOKEN}\r\n`, TOKEN],
  ])('accepts %j', (raw, expected) => {
    expect(validateToken(raw, 'stdin').reveal()).toBe(expected);
  });

  it.each<[string, string, RegExp]>([
    ['empty', '', /^The token read from stdin is empty\.$/],
    ['whitespace only', ' \n\t ', /^The token read from stdin is empty\.$/],
    ['the share link', 'https://share.vtex.com/credentials/4f6a1c2e-aaaa-bbbb', /is the single-use share link, not the token\.$/],
    ['the share link without scheme', 'share.vtex.com/credentials/4f6a1c2e', /is the single-use share link, not the token\.$/],
    ['another URL', 'https://example.com/token', /looks like a link, not a token\.$/],
    ['a www address', 'www.example.com', /looks like a link, not a token\.$/],
    ['a host/path', 'tokens.example.org/abc', /looks like a link, not a token\.$/],
    ['the app key', 'vtexappkey-acme-ABCDEF', /is an app key \(vtexappkey-\.\.\.\), not its token\.$/],
    ['two words', 'ABC DEF', /contains spaces, line breaks or control characters\.$/],
    ['two lines', 'ABC\nDEF', /contains spaces, line breaks or control characters\.$/],
  ])('refuses %s with BAD_INPUT and a hint, never quoting the value', (_what, raw, message) => {
    let caught: unknown;
    try {
      validateToken(raw, 'stdin');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(message) });
    const { message: text, hint } = caught as { message: string; hint: string };
    if (raw.trim().length > 3) {
      expect(text).not.toContain(raw.trim());
      expect(hint).not.toContain(raw.trim());
    }
  });

  it('names the source in the message and points to the link in the hint', () => {
    expect(() => validateToken('', 'env')).toThrow('VTEX_APP_TOKEN is empty.');
    expect(() => validateToken('', 'prompt')).toThrow('The token you typed is empty.');
    try {
      validateToken('https://share.vtex.com/credentials/x', 'env');
    } catch (error) {
      expect((error as { hint: string }).hint).toMatch(/open the link in a browser, copy the token it shows/);
    }
  });
});

function sources(overrides: Partial<TokenInputSources>): TokenInputSources & { calls: string[] } {
  const calls: string[] = [];
  return {
    envToken: undefined,
    tokenStdin: false,
    stdinIsTty: false,
    readStdin: async () => {
      calls.push('stdin');
      return `FROMSTDIN\n`;
    },
    promptHidden: async (question) => {
      calls.push(`prompt:${question}`);
      return 'FROMPROMPT';
    },
    ...overrides,
    calls,
  };
}

describe('readToken', () => {
  it.each<[string, Partial<TokenInputSources>, string, string, string[]]>([
    ['--token-stdin from a pipe', { tokenStdin: true, envToken: 'FROMENV' }, 'FROMSTDIN', 'stdin', ['stdin']],
    ['--token-stdin on a terminal: hidden prompt', { tokenStdin: true, stdinIsTty: true }, 'FROMPROMPT', 'prompt', ['prompt:App token (input hidden): ']],
    ['VTEX_APP_TOKEN', { envToken: 'FROMENV', stdinIsTty: true }, 'FROMENV', 'env', []],
    ['a terminal and nothing else: hidden prompt', { stdinIsTty: true }, 'FROMPROMPT', 'prompt', ['prompt:App token (input hidden): ']],
  ])('%s', async (_what, overrides, token, source, calls) => {
    const input = sources(overrides);
    const result = await readToken(input);
    expect([result.token.reveal(), result.source]).toEqual([token, source]);
    expect(input.calls).toEqual(calls);
  });

  it('without a terminal, stdin flag or env: a USAGE error naming the ways', async () => {
    await expect(readToken(sources({}))).rejects.toMatchObject({
      code: 'USAGE',
      message: 'No app token given, and stdin is not a terminal to ask for one.',
      hint: expect.stringContaining('Set VTEX_APP_TOKEN, or pipe the token with --token-stdin'),
    });
  });

  it('an empty VTEX_APP_TOKEN is refused, not skipped', async () => {
    await expect(readToken(sources({ envToken: '', stdinIsTty: true }))).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'VTEX_APP_TOKEN is empty.' });
  });
});
