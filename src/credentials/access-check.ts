import { MigrateError, isMigrateError } from '../errors.js';
import type { VtexClient, VtexCredentials } from '../vtex/client.js';
import { VtexHttpError } from '../vtex/http-error.js';
import { userIdFromJwt } from './jwt-claims.js';
import { leastPrivilegeWarnings } from './least-privilege.js';
import { probeVerdict } from './probe-status.js';
import type { CapabilityStatus, ProbeOutcome } from './probe-status.js';
import { capabilitiesFor } from './requirements.js';
import type { Capability, CapabilityId, Entity } from './requirements.js';

/** The subset of VtexClient the check needs (tests pass a fake). */
export type AccessClient = Pick<VtexClient, 'request'>;

export interface CapabilityResult {
  id: CapabilityId;
  capability: string;
  entity: Entity;
  status: CapabilityStatus;
  resource: string;
  alsoGrantedBy: readonly string[];
  predefinedRole?: string;
  httpStatus?: number;
  note?: string;
}

export interface AccessReport {
  entities: Entity[];
  login: 'ok' | 'rejected';
  loginHttpStatus: number;
  capabilities: CapabilityResult[];
  /** The key's License Manager roles, or 'unavailable' when the key may not read them. Absent without a login. */
  roles?: string[] | 'unavailable';
  warnings: string[];
  /** ok: all granted (or nothing to probe); rejected: bad credentials; missing: a resource to grant; inconclusive: probes failed. */
  verdict: 'ok' | 'rejected' | 'missing' | 'inconclusive';
}

export interface CheckOptions {
  /** The key and token for the login call (the client sends them as headers for everything else). */
  credentials: VtexCredentials;
  /** Ask License Manager for the key's roles (default true). */
  roles?: boolean;
}

/** 4xx answers that are an answer, not a reason to retry. */
const FINAL_4XX = [400, 401, 402, 403, 404, 405, 406, 409, 410, 411, 412, 413, 414, 415, 422];

/** Logs in, then runs one minimal read per capability the entities need (FACTS.md probe table). */
export async function checkAccess(client: AccessClient, entities: readonly Entity[], options: CheckOptions): Promise<AccessReport> {
  const wanted = [...new Set(entities)];
  const login = await logIn(client, options.credentials);
  if (!login.ok) {
    return { entities: wanted, login: 'rejected', loginHttpStatus: login.httpStatus, capabilities: [], warnings: [], verdict: 'rejected' };
  }
  const probed = await probeAll(client, capabilitiesFor(wanted));
  const capabilities = probed.map((entry) => entry.result);
  const roles = options.roles === false ? undefined : await readRoles(client, login.userId);
  const warnings = [
    ...capabilities.filter((result) => result.status === 'unknown').map((result) => `${result.capability}: ${result.note ?? 'unknown'}.`),
    ...capabilities.filter((result) => result.status === 'not-probed').map((result) => `${result.capability}: not probed, because it ${result.note ?? 'could not be probed'}.`),
    ...(Array.isArray(roles) ? leastPrivilegeWarnings(roles, wanted) : []),
  ];
  const failed = probed.some((entry) => entry.failed);
  const verdict = capabilities.some((result) => result.status === 'missing') ? 'missing' : failed ? 'inconclusive' : 'ok';
  return { entities: wanted, login: 'ok', loginHttpStatus: login.httpStatus, capabilities, ...(roles === undefined ? {} : { roles }), warnings, verdict };
}

/**
 * The check `extract` runs before touching the staging store: returns the report (for its warnings) when
 * the run may start; throws CREDENTIALS_REJECTED (exit 3) or PERMISSION_MISSING (exit 4) naming each
 * missing resource otherwise. Probes that could not decide do not block: the run reports what fails.
 */
export async function preflight(client: AccessClient, entities: readonly Entity[], options: CheckOptions): Promise<AccessReport> {
  const report = await checkAccess(client, entities, options);
  if (report.login === 'rejected') {
    throw new MigrateError('CREDENTIALS_REJECTED', `VTEX rejected the app key and token (login answered HTTP ${report.loginHttpStatus}).`, {
      hint: 'Check the app key and token (`vtex-migrate auth rotate NAME` stores a new token); the key may also have been revoked.',
    });
  }
  const missing = report.capabilities.filter((result) => result.status === 'missing');
  if (missing.length > 0) {
    const resources = [...new Set(missing.map((result) => result.resource))];
    const detail = resources.map((resource) => `${resource} (for ${missing.filter((result) => result.resource === resource).map((result) => result.capability).join(', ')})`);
    throw new MigrateError('PERMISSION_MISSING', `The key lacks ${resources.length === 1 ? 'a License Manager resource' : `${resources.length} License Manager resources`} this run needs: ${detail.join('; ')}.`, {
      hint: 'Add them to a role of this key in License Manager (Account Settings > Roles), check with `vtex-migrate auth check`, or pass --skip-check to start anyway.',
    });
  }
  return report;
}

type LoginResult = { ok: true; httpStatus: number; userId: string | undefined } | { ok: false; httpStatus: number };

async function logIn(client: AccessClient, credentials: VtexCredentials): Promise<LoginResult> {
  let response;
  try {
    response = await client.request({
      family: 'vtexid',
      endpoint: 'apptoken-login',
      method: 'POST',
      path: '/api/vtexid/apptoken/login',
      body: { appkey: credentials.appKey, apptoken: credentials.appToken.reveal() },
      acceptStatuses: FINAL_4XX,
    });
  } catch (error) {
    if (isMigrateError(error)) throw error;
    const answered = error instanceof VtexHttpError && error.status !== undefined;
    throw new MigrateError(answered ? 'SERVER_RESPONSE' : 'NETWORK', `Could not log in to VTEX: ${error instanceof Error ? error.message : String(error)}`, {
      hint: answered ? 'VTEX (or the --base-url origin) is failing; try again later.' : 'Check the account name, --base-url and the network, then try again.',
      cause: error,
    });
  }
  const body = response.body as { authStatus?: unknown; token?: unknown } | undefined;
  const token = typeof body?.token === 'string' ? body.token : undefined;
  if (response.status !== 200 || body?.authStatus !== 'Success' || !token) return { ok: false, httpStatus: response.status };
  return { ok: true, httpStatus: response.status, userId: userIdFromJwt(token) };
}

async function probeAll(client: AccessClient, capabilities: readonly Capability[]): Promise<Array<{ result: CapabilityResult; failed: boolean }>> {
  const outcomes = new Map<CapabilityId, { outcome: ProbeOutcome; yielded?: string }>();
  const independent = capabilities.filter((capability) => capability.probe.needs === undefined);
  await Promise.all(independent.map(async (capability) => outcomes.set(capability.id, await probe(client, capability, undefined))));
  const dependent = capabilities.filter((capability) => capability.probe.needs !== undefined);
  await Promise.all(
    dependent.map(async (capability) => {
      const needs = capabilities.find((other) => other.id === capability.probe.needs);
      const parent = needs ? outcomes.get(needs.id) : undefined;
      const blocked = blockedReason(needs, parent);
      outcomes.set(capability.id, blocked ? { outcome: { kind: 'not-probed', reason: blocked } } : await probe(client, capability, parent?.yielded));
    }),
  );
  return capabilities.map((capability) => result(capability, outcomes.get(capability.id)?.outcome ?? { kind: 'not-probed', reason: 'no probe ran' }));
}

/** Why a probe that needs a record from another could not run, in the other probe's real terms. */
function blockedReason(needs: Capability | undefined, parent: { outcome: ProbeOutcome; yielded?: string } | undefined): string | undefined {
  if (!needs || !parent) return 'needs a record from a probe that did not run';
  const from = `needs a record from "${needs.label}"`;
  const outcome = parent.outcome;
  if (outcome.kind === 'not-probed') return `${from}, which was not probed either`;
  if (outcome.kind === 'failed') return `${from}, whose probe failed (${outcome.httpStatus === undefined ? 'no answer' : `HTTP ${outcome.httpStatus}`} after retries)`;
  const verdict = probeVerdict(outcome);
  if (verdict.status === 'missing') return `${from}, which is not granted (HTTP ${outcome.httpStatus})`;
  if (verdict.status !== 'granted') return `${from}, which answered HTTP ${outcome.httpStatus}`;
  if (parent.yielded === undefined) return `${from}, which returned no record to read`;
  return undefined;
}

async function probe(client: AccessClient, capability: Capability, id: string | undefined): Promise<{ outcome: ProbeOutcome; yielded?: string }> {
  try {
    const response = await client.request({ ...capability.probe.request(id), acceptStatuses: FINAL_4XX });
    const ok = response.status >= 200 && response.status < 300;
    const yielded = ok ? capability.probe.yields?.(response.body) : undefined;
    return { outcome: { kind: 'answered', httpStatus: response.status }, ...(yielded === undefined ? {} : { yielded }) };
  } catch (error) {
    if (error instanceof VtexHttpError) return { outcome: { kind: 'failed', ...(error.status === undefined ? {} : { httpStatus: error.status }), detail: error.message } };
    throw error;
  }
}

function result(capability: Capability, outcome: ProbeOutcome): { result: CapabilityResult; failed: boolean } {
  const verdict = probeVerdict(outcome);
  const httpStatus = outcome.kind === 'not-probed' ? undefined : outcome.httpStatus;
  const row: CapabilityResult = {
    id: capability.id,
    capability: capability.label,
    entity: capability.entity,
    status: verdict.status,
    resource: capability.resource,
    alsoGrantedBy: capability.alsoGrantedBy,
    ...(capability.predefinedRole ? { predefinedRole: capability.predefinedRole } : {}),
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(verdict.note ? { note: verdict.note } : {}),
  };
  return { result: row, failed: verdict.failed };
}

async function readRoles(client: AccessClient, userId: string | undefined): Promise<string[] | 'unavailable'> {
  if (userId === undefined) return 'unavailable';
  try {
    const response = await client.request({
      family: 'license-manager',
      endpoint: 'user-roles',
      path: `/api/license-manager/users/${encodeURIComponent(userId)}/roles`,
      acceptStatuses: FINAL_4XX,
    });
    if (response.status !== 200 || !Array.isArray(response.body)) return 'unavailable';
    const names = response.body.map((role: unknown) => (role as { name?: unknown } | null)?.name).filter((name): name is string => typeof name === 'string');
    return names;
  } catch (error) {
    if (error instanceof VtexHttpError) return 'unavailable';
    throw error;
  }
}
