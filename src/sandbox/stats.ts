import { FAULT_KINDS } from './faults.js';
import type { FaultKind } from './faults.js';

export interface SandboxStats {
  totalRequests: number;
  /** endpoint name -> HTTP status -> count (a reset counts under status "reset"). */
  byEndpoint: Record<string, Record<string, number>>;
  /** 429 answers. */
  rateLimited: number;
  faults: Record<FaultKind, number>;
  peakConcurrency: number;
  inFlight: number;
}

export class StatsRecorder {
  private totalRequests = 0;
  private rateLimited = 0;
  private inFlight = 0;
  private peakConcurrency = 0;
  private readonly byEndpoint = new Map<string, Map<string, number>>();
  private readonly faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;

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

  snapshot(): SandboxStats {
    const byEndpoint: Record<string, Record<string, number>> = {};
    for (const [endpoint, counts] of this.byEndpoint) byEndpoint[endpoint] = Object.fromEntries(counts);
    return { totalRequests: this.totalRequests, byEndpoint, rateLimited: this.rateLimited, faults: { ...this.faults }, peakConcurrency: this.peakConcurrency, inFlight: this.inFlight };
  }
}
