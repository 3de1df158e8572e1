import { MigrateError } from '../errors.js';
import { API_FAMILIES, VTEX_LIMITS } from '../vtex/pacing.js';
import type { ApiFamily, FamilyLimits } from '../vtex/pacing.js';

/**
 * `--max-rpm N` sets every family's ceiling to N requests/min, `--max-rpm FAMILY=N` one family's; a family's
 * per-endpoint ceiling moves in proportion. VTEX's documented ceilings are the defaults: above them a real
 * store answers 429, so raising them is for proxies and sandboxes with other limits. `--concurrency N` caps
 * requests in flight per family.
 */
export function familyLimits(maxRpm: readonly string[], concurrency: number | undefined): Record<ApiFamily, FamilyLimits> {
  const limits = Object.fromEntries(API_FAMILIES.map((family) => [family, { ...VTEX_LIMITS[family] }])) as Record<ApiFamily, FamilyLimits>;
  for (const value of maxRpm) {
    const match = /^(?:([a-z-]+)=)?(\d+)$/.exec(value.trim());
    const family = match?.[1];
    const rpm = Number(match?.[2]);
    if (!match || rpm < 1 || (family !== undefined && !API_FAMILIES.includes(family as ApiFamily))) {
      throw new MigrateError('USAGE', `--max-rpm "${value}" is not N or FAMILY=N.`, {
        hint: `Give requests per minute, e.g. --max-rpm 3000 or --max-rpm oms-get=3000; families: ${API_FAMILIES.join(', ')}.`,
      });
    }
    for (const name of family === undefined ? API_FAMILIES : [family as ApiFamily]) {
      const current = limits[name];
      if (current.perEndpointPerMinute !== undefined && current.perMinute !== undefined) {
        current.perEndpointPerMinute = Math.max(1, Math.round((current.perEndpointPerMinute * rpm) / current.perMinute));
      }
      current.perMinute = rpm;
    }
  }
  if (concurrency !== undefined) {
    if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new MigrateError('USAGE', `--concurrency ${concurrency} is out of range.`, { hint: 'Give a whole number from 1 to 256.' });
    }
    for (const family of API_FAMILIES) limits[family].concurrency = Math.min(limits[family].concurrency, concurrency);
  }
  return limits;
}

export function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    // yargs turns a value that is not a number into NaN: say so rather than quote "NaN".
    const message = typeof value === 'number' && Number.isNaN(value) ? `${flag} is not a number.` : `${flag} ${String(value)} is not a whole number from 1.`;
    throw new MigrateError('USAGE', message, { hint: `Give ${flag} a whole number, e.g. ${flag} 100.` });
  }
  return value;
}
