import { randomBytes } from 'node:crypto';
import type { SandboxKey } from '../keys.js';
import { jsonReply } from '../route.js';
import type { Reply, Route, RouteRequest, SandboxEnv } from '../route.js';

/** Token lifetime VTEX ID gives app-key logins (the spec example's exp - iat: 6 hours). */
const TOKEN_LIFETIME_S = 21_600;

/** POST /api/vtexid/apptoken/login: no permission needed; answers a JWT carrying sub, account and userId. */
export function vtexIdRoutes(env: SandboxEnv, isRevoked: (appKey: string) => boolean): Route[] {
  return [
    {
      name: 'vtexid.login',
      method: 'POST',
      pattern: /^\/api\/vtexid\/apptoken\/login$/,
      family: 'vtexid',
      resources: null,
      limits: [],
      handle: (request) => login(env, request, isRevoked),
    },
  ];
}

function login(env: SandboxEnv, request: RouteRequest, isRevoked: (appKey: string) => boolean): Reply {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const key = env.keys.find((candidate) => candidate.appKey === body.appkey && candidate.appToken === body.apptoken);
  if (!key || isRevoked(key.appKey)) return { status: env.options.loginFailureStatus, body: { authStatus: 'WrongCredentials' } };
  const issuedS = Math.floor(env.nowMs() / 1000);
  const token = jwtFor(key, env.options.account, issuedS);
  env.sessions.set(token, key.appKey);
  return jsonReply({ authStatus: 'Success', token, expires: issuedS + TOKEN_LIFETIME_S });
}

function jwtFor(key: SandboxKey, account: string, issuedS: number): string {
  const header = { alg: 'ES256', kid: 'SANDBOX', typ: 'jwt' };
  const payload = { sub: key.appKey, account, audience: 'admin', exp: issuedS + TOKEN_LIFETIME_S, userId: key.userId, iat: issuedS, iss: 'token-emitter', jti: randomBytes(16).toString('hex') };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(payload)}.${randomBytes(64).toString('base64url')}`;
}

