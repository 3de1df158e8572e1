import { randomBytes } from 'node:crypto';

/** One Master Data scroll: a query's result, read `size` documents at a time. */
export interface Scroll {
  token: string;
  entity: string;
  matches: Int32Array;
  fields: string | null;
  size: number;
  position: number;
  lastUsedMs: number;
}

export type ScrollLookup = { scroll: Scroll } | { error: 'unknown' | 'expired' };

/**
 * Live scrolls of the account. A scroll lives until it has answered its empty page or stays idle
 * longer than `idleMs`; an expired token cannot be resumed.
 */
export class ScrollRegistry {
  private readonly scrolls = new Map<string, Scroll>();
  private readonly expired = new Set<string>();

  constructor(
    private readonly idleMs: number,
    private readonly maxLive: number,
    private readonly clock: () => number,
  ) {}

  live(): number {
    this.purge();
    return this.scrolls.size;
  }

  /** Opens a scroll, or returns undefined when `maxLive` scrolls are live. */
  open(entity: string, matches: Int32Array, fields: string | null, size: number): Scroll | undefined {
    if (this.live() >= this.maxLive) return undefined;
    const scroll = { token: randomBytes(24).toString('base64url'), entity, matches, fields, size, position: 0, lastUsedMs: this.clock() };
    this.scrolls.set(scroll.token, scroll);
    return scroll;
  }

  find(token: string): ScrollLookup {
    this.purge();
    const scroll = this.scrolls.get(token);
    if (scroll) return { scroll };
    return { error: this.expired.has(token) ? 'expired' : 'unknown' };
  }

  /** Expires every live scroll now (a test hook: a token dying mid-window). Returns how many. */
  expireAll(): number {
    const count = this.scrolls.size;
    for (const token of this.scrolls.keys()) this.expired.add(token);
    this.scrolls.clear();
    return count;
  }

  /** The next page's indexes; an empty page closes the scroll. */
  nextPage(scroll: Scroll): Int32Array {
    scroll.lastUsedMs = this.clock();
    const page = scroll.matches.subarray(scroll.position, scroll.position + scroll.size);
    scroll.position += page.length;
    if (page.length === 0) this.scrolls.delete(scroll.token);
    return page;
  }

  private purge(): void {
    const now = this.clock();
    for (const [token, scroll] of this.scrolls) {
      if (now - scroll.lastUsedMs > this.idleMs) {
        this.scrolls.delete(token);
        this.expired.add(token);
      }
    }
  }
}
