/**
 * VTEX dates come with up to 7 fractional digits (`2024-01-01T10:00:00.0000000Z`); compare them by instant,
 * to the millisecond.
 */
export function versionMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const normalized = value.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when `listed` is a later version than `staged` (or either is unknown, to be safe). */
export function isNewer(listed: string | null, staged: string | null): boolean {
  const a = versionMs(listed);
  const b = versionMs(staged);
  if (a === undefined || b === undefined) return true;
  return a > b;
}
