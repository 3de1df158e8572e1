import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';

describe('Secret', () => {
  const secret = new Secret('TOKEN-abc123');

  it('never prints its value', () => {
    expect(String(secret)).toBe('***');
    expect(`${secret}`).toBe('***');
    expect(JSON.stringify({ token: secret })).toBe('{"token":"***"}');
    expect(inspect({ token: secret })).toBe("{ token: *** }");
    expect(inspect(secret, { showHidden: true, depth: 5 })).not.toContain('abc123');
  });

  it('reveals the value only on request', () => {
    expect(secret.reveal()).toBe('TOKEN-abc123');
    expect(new Secret('').isEmpty).toBe(true);
  });
});
