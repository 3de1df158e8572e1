/**
 * An app key for display: `vtexappkey-acme-ABCDEF` -> `vtexappkey-acme-****EF`. The key is not the secret (the
 * token is), but a listing has no need for all of it. Keeps the `vtexappkey-{account}-` prefix and the last
 * four characters of the rest (two when it is shorter than eight); four or fewer is all stars.
 */
export function maskAppKey(appKey: string): string {
  const match = /^(vtexappkey-.+-)([^-]+)$/i.exec(appKey);
  const prefix = match?.[1] ?? '';
  const rest = match?.[2] ?? appKey;
  if (rest.length <= 4) return `${prefix}${'*'.repeat(Math.max(rest.length, 4))}`;
  const shown = rest.length >= 8 ? 4 : 2;
  return `${prefix}${'*'.repeat(rest.length - shown)}${rest.slice(-shown)}`;
}
