import { MigrateError } from '../errors.js';

/** VTEX account names: lowercase letters, digits and hyphens (FACTS.md "Hosts and auth"). */
const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function validateAccount(account: string, source: string): string {
  if (!ACCOUNT_NAME.test(account)) {
    throw new MigrateError('BAD_INPUT', `${source} "${truncate(account)}" is not a VTEX account name.`, {
      hint: 'Use the account name only (lowercase letters, digits and hyphens), e.g. "acme" for acme.myvtex.com.',
    });
  }
  return account;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** A base URL is an origin: https anywhere, plain http only on loopback, no path, query or credentials. */
export function validateBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MigrateError('BAD_INPUT', `${source} "${truncate(value)}" is not a URL.`, {
      hint: 'Give an origin such as https://proxy.example.com or http://127.0.0.1:8080.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MigrateError('BAD_INPUT', `${source} must use https (or http on loopback), not ${url.protocol.replace(/:$/, "")}`, {
      hint: 'Give an origin such as https://proxy.example.com.',
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new MigrateError('BAD_INPUT', `${source} uses plain http to ${url.hostname}, which would send the API key unencrypted.`, {
      hint: 'Use https, or http only for 127.0.0.1 / localhost.',
    });
  }
  if (url.username || url.password) {
    throw new MigrateError('BAD_INPUT', `${source} must not contain a user name or password.`, {
      hint: 'Credentials come from --profile or VTEX_APP_KEY / VTEX_APP_TOKEN, never from the URL.',
    });
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new MigrateError('BAD_INPUT', `${source} must be an origin without a path or query.`, {
      hint: `Use ${url.origin}.`,
    });
  }
  return url.origin;
}

export function truncate(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
