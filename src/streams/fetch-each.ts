import { capabilityOfRequest } from '../credentials/capability-of-request.js';
import { MigrateError } from '../errors.js';
import { VtexHttpError } from '../vtex/http-error.js';
import { describeRequest } from '../vtex/client.js';
import type { VtexRequest, VtexResponse } from '../vtex/client.js';
import type { EntityName, StagedRow } from '../store/store.js';
import type { StreamContext } from './stream.js';

/** Statuses that end the whole run instead of losing one record: the key is bad or lacks a permission. */
export function isRunFatal(error: unknown): boolean {
  return error instanceof VtexHttpError && (error.status === 401 || error.status === 403);
}

export function fatalToMigrateError(error: VtexHttpError): MigrateError {
  if (error.status === 401) {
    return new MigrateError('CREDENTIALS_REJECTED', `VTEX rejected the credentials (401) on ${error.request}.`, {
      hint: 'The key may have been revoked or the token rotated; fix the profile (`vtex-migrate auth rotate`) and run again to resume.',
      cause: error,
    });
  }
  return permissionMissing(error);
}

/** A 403 mid-run, named as the preflight names it: the License Manager resource, for which capability. */
function permissionMissing(error: VtexHttpError): MigrateError {
  const capability = capabilityOfRequest(error.request);
  if (!capability) {
    return new MigrateError('PERMISSION_MISSING', `The key lacks a permission VTEX asked for on ${error.request} (HTTP 403).`, {
      hint: 'Run `vtex-migrate auth check` to see which License Manager resource to grant, then run the same command again to resume.',
      cause: error,
    });
  }
  return new MigrateError('PERMISSION_MISSING', `The key lacks the License Manager resource ${capability.resource} (for ${capability.label}): VTEX answered HTTP 403 to ${error.request}.`, {
    hint: 'Add it to a role of this key in License Manager (VTEX Admin > Account Settings > Roles), confirm with `vtex-migrate auth check`, then run the same command again to resume.',
    cause: error,
  });
}

/**
 * Fetches one record; a request that fails for good (after the client's retries) is recorded as lost and
 * gives undefined, so the page goes on. 401 and 403 end the run.
 */
export async function fetchOrLose(
  context: StreamContext,
  request: VtexRequest,
  lost: { entity: EntityName; itemKey: string },
): Promise<VtexResponse | undefined> {
  try {
    return await context.client.request(request);
  } catch (error) {
    if (!(error instanceof VtexHttpError)) throw error;
    if (isRunFatal(error)) throw fatalToMigrateError(error);
    context.lose({ ...lost, request: error.request, status: error.status ?? null, error: error.message, attempts: error.attempts });
    return undefined;
  }
}

/** fetchOrLose, then the row of the answer; an answer of the wrong shape is lost like a failed request. */
export async function fetchRowOrLose(
  context: StreamContext,
  request: VtexRequest,
  lost: { entity: EntityName; itemKey: string },
  toRow: (response: VtexResponse) => StagedRow,
): Promise<StagedRow | undefined> {
  const response = await fetchOrLose(context, request, lost);
  if (!response) return undefined;
  try {
    return toRow(response);
  } catch (error) {
    context.lose({ ...lost, request: describeRequest(request), status: response.status, error: (error as Error).message, attempts: 1 });
    return undefined;
  }
}
