const DAY_MS = 86_400_000;

/** Whole days since the token was stored (0 on the day itself; never negative on a skewed clock). */
export function tokenAgeDays(rotatedAt: string, now: Date): number {
  const stored = Date.parse(rotatedAt);
  if (Number.isNaN(stored)) return 0;
  return Math.max(0, Math.floor((now.getTime() - stored) / DAY_MS));
}

/** True once the token is older than `maxTokenAgeDays` (VTEX recommends rotating about every three months). */
export function rotationDue(rotatedAt: string, now: Date, maxTokenAgeDays: number): boolean {
  return tokenAgeDays(rotatedAt, now) > maxTokenAgeDays;
}

/**
 * The warning `auth list` and every `extract` print for an old token; undefined when the token is fresh or
 * its age is unknown (credentials from the environment carry no date).
 */
export function tokenAgeWarning(
  credentials: { profile?: string | undefined; rotatedAt?: string | undefined },
  now: Date,
  maxTokenAgeDays: number,
): string | undefined {
  if (credentials.rotatedAt === undefined) return undefined;
  const age = tokenAgeDays(credentials.rotatedAt, now);
  if (age <= maxTokenAgeDays) return undefined;
  const who = credentials.profile === undefined ? 'The app token' : `The token of profile "${credentials.profile}"`;
  const command = credentials.profile === undefined ? 'vtex-migrate auth rotate NAME' : `vtex-migrate auth rotate ${credentials.profile}`;
  return `${who} is ${age} days old (more than ${maxTokenAgeDays}). VTEX recommends rotating tokens about every three months: renew it in VTEX, then run \`${command}\`.`;
}
