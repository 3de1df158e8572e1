import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from './undici.js';
import type { Dispatcher } from 'undici';
import { MigrateError } from '../errors.js';
import { BadImageBody, imageFileName, saveImage } from '../files/image-file.js';
import type { ImageFile } from '../files/image-file.js';
import { VtexHttpError } from './http-error.js';
import type { Pacer } from './pacing.js';
import { parseRetryAfter, retryDecision } from './retry-policy.js';
import type { AttemptOutcome, RetrySettings } from './retry-policy.js';

export interface ImageDownloaderOptions {
  /** The images folder (output/<account>/images by default). */
  dir: string;
  pacer: Pacer;
  retry: RetrySettings;
  /** Whether a URL (the one asked for, or a redirect target) may be fetched at all. */
  allow: (url: URL) => boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  random?: () => number;
}

type Attempt = { file: ImageFile } | { redirect: URL } | { outcome: AttemptOutcome; detail: string };

const MAX_REDIRECTS = 3;
const FAMILY_PAUSE_MS = 1_000;

/**
 * Downloads image files over its own connection pool, never with credentials: the catalog's image URLs are
 * untrusted and public (DEPTH.md section 3). Paced as the `images` family; 5xx, resets, timeouts and short
 * bodies are retried; a redirect is followed only to a URL that is allowed too.
 */
export class ImageDownloader {
  readonly #options: ImageDownloaderOptions;
  readonly #agent: Agent;
  /** Requests sent, files downloaded and their bytes, and image URLs refused (counted by the images stream). */
  readonly stats = { requests: 0, downloaded: 0, bytes: 0, refused: 0 };

  constructor(options: ImageDownloaderOptions) {
    this.#options = options;
    const timeoutMs = options.timeoutMs ?? 60_000;
    this.#agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connections: 16 });
  }

  get dir(): string {
    return this.#options.dir;
  }

  /** Whether an image URL from catalog data may be fetched (vtex/hosts.ts isAllowedImageUrl). */
  allows(url: URL): boolean {
    return this.#options.allow(url);
  }

  /** Fetches `url` into `{dir}/{fileId}.{ext}`; throws VtexHttpError when it fails for good. */
  async download(fileId: number, url: URL): Promise<ImageFile> {
    let target = url;
    let redirects = 0;
    let failures = 0;
    let rateLimited = 0;
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.#options.pacer.schedule('images', 'file', () => this.#attempt(fileId, url, target), this.#options.signal).catch((error: unknown) => {
        throw this.#options.signal?.aborted ? interrupted(error) : error;
      });
      if ('file' in result) {
        this.#options.pacer.noteSuccess('images');
        this.stats.downloaded += 1;
        this.stats.bytes += result.file.bytes;
        return result.file;
      }
      if ('redirect' in result) {
        if ((redirects += 1) > MAX_REDIRECTS || !this.#options.allow(result.redirect)) {
          throw new VtexHttpError({ request: `GET ${url.href}`, attempts: attempt, failure: 'redirect', detail: `redirected to ${result.redirect.origin}, which is not an allowed image host` });
        }
        target = result.redirect;
        continue;
      }
      const { outcome, detail } = result;
      const tries = outcome.status === 429 ? (rateLimited += 1) : (failures += 1);
      const decision = retryDecision(tries, outcome, this.#options.retry, this.#options.random ?? Math.random);
      if (!decision.retry) throw new VtexHttpError({ status: outcome.status, failure: outcome.failure, request: `GET ${url.href}`, attempts: attempt, detail });
      if (outcome.status === 429) this.#options.pacer.pauseFamily('images', Math.min(outcome.retryAfterMs ?? FAMILY_PAUSE_MS, this.#options.retry.maxRetryAfterMs));
      await this.#sleep(decision.delayMs);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #attempt(fileId: number, original: URL, target: URL): Promise<Attempt> {
    this.stats.requests += 1;
    let answer: Dispatcher.ResponseData;
    try {
      // No credentials, no cookies: only what a browser showing the storefront would send.
      answer = await this.#agent.request({ origin: target.origin, path: `${target.pathname}${target.search}`, method: 'GET', headers: { accept: 'image/*' }, signal: this.#options.signal });
    } catch (error) {
      if (this.#options.signal?.aborted) throw interrupted(error);
      return { outcome: { failure: 'reset' }, detail: error instanceof Error ? error.message : String(error) };
    }
    const headers = flatten(answer.headers);
    const status = answer.statusCode;
    if ([301, 302, 303, 307, 308].includes(status) && headers.location) {
      await answer.body.dump();
      return { redirect: new URL(headers.location, target) };
    }
    if (status < 200 || status >= 300) {
      await answer.body.dump();
      const retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
      return { outcome: retryAfterMs === undefined ? { status } : { status, retryAfterMs }, detail: `HTTP ${status}` };
    }
    try {
      return { file: await saveImage(this.#options.dir, imageFileName(fileId, original), answer.body, headers) };
    } catch (error) {
      if (this.#options.signal?.aborted) throw interrupted(error);
      if (error instanceof BadImageBody && error.kind === 'not-image') return { outcome: { status: 415 }, detail: error.message };
      if (error instanceof BadImageBody) return { outcome: { failure: 'truncated' }, detail: error.message };
      if ((error as { code?: string }).code?.startsWith('UND_ERR') || (error as { code?: string }).code === 'ECONNRESET') {
        return { outcome: { failure: 'reset' }, detail: (error as Error).message };
      }
      throw error;
    }
  }

  async #sleep(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, this.#options.signal ? { signal: this.#options.signal } : undefined);
    } catch (error) {
      throw interrupted(error);
    }
  }
}

function flatten(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function interrupted(cause: unknown): MigrateError {
  return new MigrateError('INTERRUPTED', 'Interrupted.', { hint: 'Run the same command again to resume from the last checkpoint.', cause });
}
