import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, errors as UndiciErrors } from 'undici';

const require = createRequire(import.meta.url);

/**
 * undici's Agent and errors, loaded from their own files: undici's index also loads fetch, WebSocket, caches,
 * mocks and interceptors (about a hundred files), which cost every command 50 ms of CPU at start. The classes
 * are the very ones the index exports (one module cache), so `instanceof` holds with either; `request()` is put
 * on the dispatchers' prototype as the index puts it (VtexClient dispatches; image downloads use `request()`).
 */
Object.assign((require('undici/lib/dispatcher/dispatcher.js') as { prototype: object }).prototype, { request: require('undici/lib/api/api-request.js') as unknown });

export type Agent = UndiciAgent;
export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
export const undiciErrors = require('undici/lib/core/errors.js') as typeof UndiciErrors;
