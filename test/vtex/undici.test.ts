import { describe, expect, it } from 'vitest';
import { Agent, undiciErrors } from '../../src/vtex/undici.js';

describe('undici loaded from its own files', () => {
  it('gives a working Agent with request(), and the error classes undici\'s index exports', async () => {
    const agent = new Agent();
    expect(typeof agent.request).toBe('function');
    expect(typeof agent.dispatch).toBe('function');
    await agent.close();
    const index = await import('undici');
    expect(Agent).toBe(index.Agent);
    expect(undiciErrors.SocketError).toBe(index.errors.SocketError);
    expect(undiciErrors.HeadersTimeoutError).toBe(index.errors.HeadersTimeoutError);
  });
});
