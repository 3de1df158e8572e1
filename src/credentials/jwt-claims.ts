/**
 * The `userId` claim of a VTEX ID JWT, read from the payload without verifying the signature (we only use
 * it to ask License Manager for the key's roles; VTEX verifies whatever we send). The JWT itself is a
 * credential: callers drop it right after this and never print it.
 */
export function userIdFromJwt(jwt: string): string | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined || !/^[A-Za-z0-9_-]+={0,2}$/.test(payload)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const userId = (claims as Record<string, unknown>).userId;
  return typeof userId === 'string' && userId !== '' && userId.length <= 200 ? userId : undefined;
}
