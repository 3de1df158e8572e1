/**
 * Rate limits as token buckets refilled continuously: `perMinute` tokens a minute, holding at most
 * `burstMs` worth of refill (default one second's worth), so a client pacing evenly at the ceiling
 * almost never sees a 429 while a burst above it does.
 */

/** Documented ceilings (FACTS.md "Rate limiting"): Catalog 45,000/min per account, 15,000/min per endpoint; Get order 6,000/min. */
export const CATALOG_ACCOUNT_PER_MINUTE = 45_000;
export const CATALOG_ENDPOINT_PER_MINUTE = 15_000;
export const GET_ORDER_PER_MINUTE = 6_000;

export interface RateLimit {
  /** Bucket name: requests naming the same bucket share it. */
  bucket: string;
  perMinute: number;
}

export class TokenBucket {
  private tokens: number;
  private lastMs: number;
  readonly ratePerMs: number;
  readonly capacity: number;

  constructor(perMinute: number, burstMs: number, nowMs: number) {
    this.ratePerMs = perMinute / 60_000;
    this.capacity = Math.max(1, this.ratePerMs * burstMs);
    this.tokens = this.capacity;
    this.lastMs = nowMs;
  }

  /** Refills up to now; returns the wait until one token is available (0 = available now). */
  waitMs(nowMs: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (nowMs - this.lastMs) * this.ratePerMs);
    this.lastMs = nowMs;
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.ratePerMs;
  }

  take(): void {
    this.tokens -= 1;
  }

  /** `Ratelimit-*` header values: capacity, whole tokens left, seconds until full again. */
  headers(nowMs: number): Record<string, string> {
    this.waitMs(nowMs);
    const resetSeconds = Math.ceil((this.capacity - this.tokens) / this.ratePerMs / 1000);
    return { 'Ratelimit-Limit': String(Math.floor(this.capacity)), 'Ratelimit-Remaining': String(Math.max(0, Math.floor(this.tokens))), 'Ratelimit-Reset': String(resetSeconds) };
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly scale: number,
    private readonly burstMs: number,
    private readonly clock: () => number,
  ) {}

  /** Takes a token from every bucket, or from none: returns 0 when admitted, else the wait in ms. */
  admit(limits: readonly RateLimit[]): number {
    const nowMs = this.clock();
    const buckets = limits.filter((limit) => limit.perMinute > 0).map((limit) => this.bucket(limit, nowMs));
    const waitMs = Math.max(0, ...buckets.map((bucket) => bucket.waitMs(nowMs)));
    if (waitMs > 0) return waitMs;
    buckets.forEach((bucket) => bucket.take());
    return 0;
  }

  /** The `Ratelimit-*` headers of a limit's bucket as it stands (none when the limit is off). */
  headers(limit: RateLimit | undefined): Record<string, string> {
    if (!limit || limit.perMinute <= 0) return {};
    const nowMs = this.clock();
    return this.bucket(limit, nowMs).headers(nowMs);
  }

  private bucket(limit: RateLimit, nowMs: number): TokenBucket {
    let bucket = this.buckets.get(limit.bucket);
    if (!bucket) {
      bucket = new TokenBucket(limit.perMinute * this.scale, this.burstMs, nowMs);
      this.buckets.set(limit.bucket, bucket);
    }
    return bucket;
  }
}
