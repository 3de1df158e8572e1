import { FAULT_KINDS } from './faults.js';
import type { FaultKind } from './faults.js';

/** What image file requests carried (a tool must send none with credentials and fetch no hostile URL). */
export interface ImageStats {
  /** Every request under /arquivos/ids/. */
  requests: number;
  /** Requests for an original (no `-W-H`), per FileId. */
  originalsByFileId: Record<string, number>;
  /** Requests for a resized variant (`{FileId}-{W}-{H}`). */
  resized: number;
  /** Requests carrying an auth header, an auth cookie, or a token or app key anywhere in the URL or headers: must stay 0. */
  withCredentials: number;
  /** Requests for the FileId of a hostile image URL (such URLs must never be fetched): must stay 0. */
  hostile: number;
  /** Image requests in flight at once, at most. */
  peakConcurrency: number;
}

export interface SandboxStats {
  totalRequests: number;
  /** endpoint name -> HTTP status -> count (a reset counts under status "reset"). */
  byEndpoint: Record<string, Record<string, number>>;
  /** 429 answers. */
  rateLimited: number;
  faults: Record<FaultKind, number>;
  peakConcurrency: number;
  inFlight: number;
  images: ImageStats;
}

export interface ImageRequest {
  fileId: string;
  original: boolean;
  withCredentials: boolean;
  hostile: boolean;
}

export class StatsRecorder {
  private totalRequests = 0;
  private rateLimited = 0;
  private inFlight = 0;
  private peakConcurrency = 0;
  private readonly byEndpoint = new Map<string, Map<string, number>>();
  private readonly faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  private readonly images = { requests: 0, resized: 0, withCredentials: 0, hostile: 0, peakConcurrency: 0 };
  private readonly originals = new Map<string, number>();
  private imagesInFlight = 0;

  started(): void {
    this.totalRequests += 1;
    this.inFlight += 1;
    this.peakConcurrency = Math.max(this.peakConcurrency, this.inFlight);
  }

  finished(endpoint: string, status: number | 'reset'): void {
    this.inFlight -= 1;
    if (status === 429) this.rateLimited += 1;
    const counts = this.byEndpoint.get(endpoint) ?? new Map<string, number>();
    counts.set(String(status), (counts.get(String(status)) ?? 0) + 1);
    this.byEndpoint.set(endpoint, counts);
  }

  fault(kind: FaultKind): void {
    this.faults[kind] += 1;
  }

  image(request: ImageRequest): void {
    this.images.requests += 1;
    if (request.original) this.originals.set(request.fileId, (this.originals.get(request.fileId) ?? 0) + 1);
    else this.images.resized += 1;
    if (request.withCredentials) this.images.withCredentials += 1;
    if (request.hostile) this.images.hostile += 1;
  }

  /** +1 when an image request starts, -1 when it ends. */
  imageInFlight(delta: 1 | -1): void {
    this.imagesInFlight += delta;
    this.images.peakConcurrency = Math.max(this.images.peakConcurrency, this.imagesInFlight);
  }

  snapshot(): SandboxStats {
    const byEndpoint: Record<string, Record<string, number>> = {};
    for (const [endpoint, counts] of this.byEndpoint) byEndpoint[endpoint] = Object.fromEntries(counts);
    const images = { ...this.images, originalsByFileId: Object.fromEntries(this.originals) };
    return { totalRequests: this.totalRequests, byEndpoint, rateLimited: this.rateLimited, faults: { ...this.faults }, peakConcurrency: this.peakConcurrency, inFlight: this.inFlight, images };
  }
}
