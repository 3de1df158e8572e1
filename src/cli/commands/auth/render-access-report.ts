import type { AccessReport, CapabilityResult } from '../../../credentials/access-check.js';
import { maskAppKey } from '../../../credentials/mask-app-key.js';
import type { ResolvedCredentials } from '../../../credentials/resolve-credentials.js';
import type { Json } from '../../../json.js';
import { formatTable } from '../../format-table.js';

const FIND_USER = 'License Manager / Services access control / Find user by email';

/** `auth check` as text: who, the login, the capability table, the roles, and what to grant. */
export function renderAccessReport(report: AccessReport, credentials: ResolvedCredentials): string {
  const lines = [`${describeKey(credentials)}, via ${credentials.origin}`];
  if (report.login === 'rejected') {
    lines.push(`Login: rejected (HTTP ${report.loginHttpStatus})`, '');
    lines.push('Result: VTEX rejected the app key and token. Check both (`vtex-migrate auth rotate NAME` stores a new token); the key may also have been revoked.');
    return lines.join('\n');
  }
  lines.push('Login: ok', '');
  const noted = report.capabilities.some((result) => result.status === 'not-probed');
  const headers = ['capability', 'entity', 'status', 'http', 'License Manager resource to grant', 'predefined role', ...(noted ? ['why not probed'] : [])];
  lines.push(formatTable(headers, report.capabilities.map((result) => row(result, noted))));
  lines.push('');
  lines.push(report.roles === 'unavailable' ? `Roles: not readable with this key (that needs ${FIND_USER}, which extraction does not).` : `Roles: ${report.roles === undefined ? 'not asked' : report.roles.length === 0 ? 'none' : report.roles.join(', ')}`);
  lines.push(...resultLines(report));
  return lines.join('\n');
}

function row(result: CapabilityResult, noted: boolean): string[] {
  const status = result.status === 'not-probed' ? 'not probed' : result.status;
  const cells = [result.capability, result.entity, status, result.httpStatus === undefined ? '-' : String(result.httpStatus), result.resource, result.predefinedRole ?? '-'];
  return noted ? [...cells, result.status === 'not-probed' ? (result.note ?? '') : ''] : cells;
}

function resultLines(report: AccessReport): string[] {
  const missing = report.capabilities.filter((result) => result.status === 'missing');
  if (missing.length === 0) {
    const unknown = report.capabilities.filter((result) => result.status === 'unknown' || result.status === 'not-probed').length;
    return [unknown === 0 ? 'Result: every capability is granted.' : `Result: nothing is missing; ${unknown} could not be decided (see the warnings).`];
  }
  const lines = [`Result: ${missing.length} missing. Add to a role of this key in License Manager (Account Settings > Roles):`];
  for (const resource of [...new Set(missing.map((result) => result.resource))]) {
    const rows = missing.filter((result) => result.resource === resource);
    const first = rows[0];
    const extras = [
      first?.predefinedRole ? `predefined role "${first.predefinedRole}"` : 'no predefined read-only role: use a custom role',
      ...(first && first.alsoGrantedBy.length > 0 ? [`also included in ${first.alsoGrantedBy.map((other) => shortName(resource, other)).join(', ')}`] : []),
    ];
    lines.push(`  - ${resource} (for ${rows.map((result) => result.capability).join(', ')}; ${extras.join('; ')})`);
  }
  return lines;
}

/** "Dynamic Storage / ... / Full access to all documents" next to a resource of the same category: just the leaf. */
function shortName(resource: string, other: string): string {
  const category = resource.slice(0, resource.lastIndexOf(' / ') + 3);
  return `"${other.startsWith(category) ? other.slice(category.length) : other}"`;
}

function describeKey(credentials: ResolvedCredentials): string {
  const profile = credentials.profile === undefined ? 'from VTEX_ACCOUNT / VTEX_APP_KEY / VTEX_APP_TOKEN' : `profile ${credentials.profile}`;
  return `Account ${credentials.account}, app key ${maskAppKey(credentials.appKey)} (${profile})`;
}

/** `auth check --json`: the report plus who was checked; never a token. */
export function accessReportJson(report: AccessReport, credentials: ResolvedCredentials, exitCode: number): Json {
  return {
    account: credentials.account,
    appKey: maskAppKey(credentials.appKey),
    source: credentials.source,
    ...(credentials.profile === undefined ? {} : { profile: credentials.profile }),
    origin: credentials.origin,
    ...(report as unknown as Record<string, Json>),
    exitCode,
  };
}
