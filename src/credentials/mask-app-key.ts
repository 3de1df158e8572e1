/**
 * An app key for display: `vtexappkey-acme-ABCDEF` -> `vtexappkey-acme-**CDEF`. The key is not the secret (the
 * token is), but a listing has no need for all of it; the account part and the last four characters are
 * enough to tell keys apart. A value without the prefix (an old vault may hold a token pasted as the key)
 * shows nothing of itself.
 */
export function maskAppKey(appKey: string): string {
  const match = /^(vtexappkey-.+-)([^-]+)$/.exec(appKey);
  if (match) {
    const [, prefix = '', rest = ''] = match;
    return rest.length <= 4 ? `${prefix}${'*'.repeat(4)}` : `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
  }
  return '********';
}
