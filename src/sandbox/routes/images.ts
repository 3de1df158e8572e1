import { imageBytes, MAX_SIDE } from '../image-bytes.js';
import { errorReply } from '../route.js';
import type { Reply, Route, RouteRequest, SandboxEnv } from '../route.js';

/** Headers that carry credentials: an image request must send none of them. */
const AUTH_HEADERS = ['x-vtex-api-appkey', 'x-vtex-api-apptoken', 'vtexidclientautcookie', 'authorization', 'proxy-authorization'] as const;
const CREDENTIAL_PARAM = /token|key|auth|cookie|secret|sig/i;

/**
 * VTEX Img: `GET /arquivos/ids/{FileId}(-{W}-{H})?/{anything}` serves the original, or a W x H variant,
 * of an image of a SKU, with no auth. Hostile image FileIds and unknown ones answer 404.
 */
export function imageRoutes(env: SandboxEnv): Route[] {
  return [
    {
      name: 'images.file',
      method: 'GET',
      pattern: /^\/arquivos\/ids\/(?<fileId>\d+)(?:-(?<width>\d+)-(?<height>\d+))?(?:\/.*)?$/,
      family: 'images',
      resources: null,
      limits: [{ bucket: 'images', perMinute: env.options.imagesPerMinute }],
      concurrency: env.options.imageConcurrency,
      observe: (request, rawUrl) => {
        const fileId = Number(request.params.fileId);
        const hostile = env.dataset.images.owner(fileId)?.kind === 'hostile';
        env.stats.image({ fileId: String(fileId), original: request.params.width === undefined, withCredentials: carriesCredentials(env, request, rawUrl), hostile });
      },
      handle: (request) => imageFile(env, request),
    },
  ];
}

function imageFile(env: SandboxEnv, { params }: RouteRequest): Reply {
  const fileId = Number(params.fileId);
  const size = params.width === undefined ? undefined : { width: Number(params.width), height: Number(params.height) };
  if (size && !(size.width >= 1 && size.height >= 1 && size.width <= MAX_SIDE && size.height <= MAX_SIDE)) return errorReply('images', 400, `Image sizes go from 1 to ${MAX_SIDE} pixels.`);
  if (env.dataset.images.owner(fileId)?.kind !== 'served') return errorReply('images', 404, 'File not found.');
  const data = imageBytes(env.dataset.seed, fileId, size);
  return { status: 200, body: null, bytes: { data, contentType: 'image/jpeg' }, headers: { 'Cache-Control': 'public, max-age=31536000' } };
}

/** An auth header or cookie, a credential-like query parameter, or any app token or login token anywhere. */
function carriesCredentials(env: SandboxEnv, request: RouteRequest, rawUrl: string): boolean {
  if (AUTH_HEADERS.some((name) => request.headers[name] !== undefined)) return true;
  if (/VtexIdclientAutCookie/i.test(String(request.headers.cookie ?? ''))) return true;
  if ([...request.query.keys()].some((name) => CREDENTIAL_PARAM.test(name))) return true;
  const everything = `${rawUrl}\n${decoded(rawUrl)}\n${JSON.stringify(request.headers)}`;
  return [...env.keys.map((key) => key.appToken), ...env.sessions.keys()].some((secret) => everything.includes(secret));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
