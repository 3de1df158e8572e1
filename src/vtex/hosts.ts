import { isLoopbackHost, validateAccount } from '../config/validate.js';
import type { ApiFamily } from './pacing.js';

/** Where one API family is served: an origin, and a path prefix put before every path of that family. */
export interface FamilyHost {
  origin: string;
  pathPrefix: string;
}

/** Pricing v2 lives on its own host, with the account as the first path segment (pricing.json `servers`). */
export const PRICING_ORIGIN = 'https://api.vtex.com';

/** https://{account}.vtexcommercestable.com.br, or the validated --base-url (FACTS.md "Hosts and auth"). */
export function apiOrigin(account: string, baseUrl?: string): string {
  if (baseUrl) return baseUrl;
  return `https://${validateAccount(account, 'account')}.vtexcommercestable.com.br`;
}

/**
 * The host of each family. --base-url replaces the origin of every host and keeps its path, so Pricing goes to
 * `{base-url}/{account}/pricing/...` exactly as it goes to `https://api.vtex.com/{account}/pricing/...`.
 */
export function familyHost(family: ApiFamily, account: string, baseUrl?: string): FamilyHost {
  if (family === 'pricing') return { origin: baseUrl ?? PRICING_ORIGIN, pathPrefix: `/${validateAccount(account, 'account')}` };
  return { origin: apiOrigin(account, baseUrl), pathPrefix: '' };
}

/** VTEX's image hosts (DEPTH.md section 3): the URLs the catalog returns point at these. */
const IMAGE_HOST_SUFFIXES = ['.vteximg.com.br', '.vtexassets.com'];
/** Longer image URLs are refused: no VTEX image URL comes near it, and a huge one is an attack on the log or the server. */
export const MAX_IMAGE_URL_LENGTH = 2_048;

/**
 * Whether an image URL from catalog data may be fetched: https to a VTEX image host or the account host, or
 * the --base-url origin when it is loopback (the sandbox serves its own images). Catalog data is untrusted:
 * anything else (another host, plain http, another scheme, credentials in the URL, a URL over 2,048
 * characters) is refused.
 */
export function isAllowedImageUrl(url: URL, account: string, baseUrl?: string): boolean {
  if (url.username || url.password || url.href.length > MAX_IMAGE_URL_LENGTH) return false;
  if (baseUrl !== undefined && url.origin === new URL(baseUrl).origin && isLoopbackHost(url.hostname)) return true;
  if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')) return false;
  const host = url.hostname.toLowerCase();
  if (host === new URL(apiOrigin(account)).hostname) return true;
  return IMAGE_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}
