import type { IncomingHttpHeaders } from 'node:http';
import { hasAnyResource } from './keys.js';
import type { SandboxKey } from './keys.js';
import { errorReply } from './route.js';
import type { Reply, Route, SandboxEnv } from './route.js';

/**
 * The key behind a request: `X-VTEX-API-AppKey` + `X-VTEX-API-AppToken`, or a login token in
 * `VtexIdclientAutCookie` (header or cookie). Wrong or revoked -> 401; lacking the route's resource -> 403.
 */
export function authorize(route: Route, headers: IncomingHttpHeaders, env: SandboxEnv, isRevoked: (appKey: string) => boolean): SandboxKey | Reply {
  const key = keyOf(headers, env);
  if (!key || isRevoked(key.appKey)) return errorReply(route.family, 401, 'Unauthorized');
  if (!hasAnyResource(key, route.resources ?? [])) return errorReply(route.family, 403, `Forbidden: the key lacks the License Manager resource "${route.resources?.[0] ?? ''}". Ensure you have the appropriate roles.`);
  return key;
}

function keyOf(headers: IncomingHttpHeaders, env: SandboxEnv): SandboxKey | undefined {
  const appKey = single(headers['x-vtex-api-appkey']);
  if (appKey !== undefined) {
    const appToken = single(headers['x-vtex-api-apptoken']);
    return env.keys.find((key) => key.appKey === appKey && key.appToken === appToken);
  }
  const token = single(headers.vtexidclientautcookie) ?? cookie(single(headers.cookie), 'VtexIdclientAutCookie');
  const sessionKey = token === undefined ? undefined : env.sessions.get(token);
  return sessionKey === undefined ? undefined : env.keys.find((key) => key.appKey === sessionKey);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function cookie(header: string | undefined, name: string): string | undefined {
  const pair = header?.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${name}=`));
  return pair?.slice(name.length + 1);
}
