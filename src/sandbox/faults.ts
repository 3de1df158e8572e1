import type { FaultRates } from './options.js';
import { Rng } from './random.js';

export type FaultKind = keyof FaultRates;
export const FAULT_KINDS: readonly FaultKind[] = ['serverError', 'reset', 'truncate', 'slow'];

export interface FaultPolicy {
  rates: FaultRates;
  /** Endpoint names faults may hit; undefined = all but login (unless faultsOnLogin). */
  endpoints: readonly string[] | undefined;
  faultsOnLogin: boolean;
}

/** Decides, from a seeded sequence, which requests get a fault. */
export class FaultInjector {
  private readonly rng: Rng;

  constructor(
    private readonly policy: FaultPolicy,
    seed: number,
  ) {
    this.rng = Rng.for(seed, 'faults', 0);
  }

  /** The fault for this request, if any; `variant` in [0, 1) picks the flavor (status code, framing). */
  pick(endpoint: string): { kind: FaultKind; variant: number } | undefined {
    if (!this.applies(endpoint)) return undefined;
    const draw = this.rng.next();
    const variant = this.rng.next();
    let threshold = 0;
    for (const kind of FAULT_KINDS) {
      threshold += this.policy.rates[kind];
      if (draw < threshold) return { kind, variant };
    }
    return undefined;
  }

  applies(endpoint: string): boolean {
    if (endpoint === 'vtexid.login' && !this.policy.faultsOnLogin) return false;
    return this.policy.endpoints === undefined || this.policy.endpoints.includes(endpoint);
  }
}

/** 5xx statuses a fault answers with, and their bodies (gateways answer HTML). */
export function serverErrorOf(variant: number): { status: number; contentType: string; body: string } {
  if (variant < 0.4) return { status: 500, contentType: 'application/json; charset=utf-8', body: '{"Message":"An error has occurred."}' };
  if (variant < 0.6) return { status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
  if (variant < 0.85) return { status: 503, contentType: 'application/json; charset=utf-8', body: '{"Message":"Service Unavailable"}' };
  return { status: 504, contentType: 'text/html', body: '<html><body><h1>504 Gateway Time-out</h1></body></html>' };
}
