/** What one probe says about one capability; `not-probed` when it needs a record another probe did not give. */
export type CapabilityStatus = 'granted' | 'missing' | 'unknown' | 'not-probed';

/** How a probe ended: an HTTP status, a request that failed after retries, or a probe that could not run. */
export type ProbeOutcome =
  | { kind: 'answered'; httpStatus: number }
  | { kind: 'failed'; httpStatus?: number; detail: string }
  | { kind: 'not-probed'; reason: string };

export interface ProbeVerdict {
  status: CapabilityStatus;
  /** Why the status is not plain granted/missing, for the table and the JSON. */
  note?: string;
  /** An unknown caused by a failure (network, 5xx), as opposed to nothing to probe. */
  failed: boolean;
}

/**
 * The probe policy (FACTS.md "Knowing a key's roles"): 2xx = granted, 403 = the resource is missing.
 * 401 after a successful login is read as missing too (that API refuses the key). 404 and failures
 * decide nothing: unknown.
 */
export function probeVerdict(outcome: ProbeOutcome): ProbeVerdict {
  if (outcome.kind === 'not-probed') return { status: 'not-probed', note: outcome.reason, failed: false };
  if (outcome.kind === 'failed') return { status: 'unknown', note: `probe failed: ${outcome.detail}`, failed: true };
  const status = outcome.httpStatus;
  if (status >= 200 && status < 300) return { status: 'granted', failed: false };
  if (status === 403) return { status: 'missing', failed: false };
  if (status === 401) return { status: 'missing', note: 'HTTP 401 although the login succeeded: this API refuses the key', failed: false };
  if (status === 404) return { status: 'unknown', note: 'HTTP 404: the probed record was not found, so the permission could not be decided', failed: true };
  return { status: 'unknown', note: `unexpected HTTP ${status}`, failed: true };
}
