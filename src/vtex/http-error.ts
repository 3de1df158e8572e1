/** A request VTEX answered with a non-2xx status, or did not answer usably, after all retries. */
export class VtexHttpError extends Error {
  readonly status: number | undefined;
  readonly request: string;
  readonly attempts: number;
  readonly failure: string | undefined;

  constructor(options: { status?: number | undefined; request: string; attempts: number; failure?: string | undefined; detail: string }) {
    const what = options.status !== undefined ? `HTTP ${options.status}` : (options.failure ?? 'network failure');
    super(`${options.request} failed with ${what} after ${options.attempts} attempt${options.attempts === 1 ? '' : 's'}: ${options.detail}`);
    this.name = 'VtexHttpError';
    this.status = options.status;
    this.request = options.request;
    this.attempts = options.attempts;
    this.failure = options.failure;
  }
}
