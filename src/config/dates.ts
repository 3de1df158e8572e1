import { MigrateError } from '../errors.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `YYYY-MM-DD` (midnight UTC) or an ISO 8601 instant with a zone, to epoch ms. */
export function parseDateFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const ms = DATE_ONLY.test(text) ? Date.parse(`${text}T00:00:00.000Z`) : INSTANT.test(text) ? Date.parse(text.replace(/(\.\d{3})\d+/, '$1')) : Number.NaN;
  if (Number.isNaN(ms) || (DATE_ONLY.test(text) && new Date(ms).toISOString().slice(0, 10) !== text)) {
    throw new MigrateError('USAGE', `${flag} "${text.slice(0, 40)}" is not a date.`, {
      hint: `Give ${flag} as YYYY-MM-DD (UTC) or an ISO instant with a zone, e.g. 2025-01-31 or 2025-01-31T12:00:00Z.`,
    });
  }
  return ms;
}

/** `2d`, `36h`, `90m` or a plain number of days, to ms. */
export function parseDurationFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{1,5})([dhm]?)$/.exec(String(value).trim());
  if (!match) {
    throw new MigrateError('USAGE', `${flag} "${String(value).slice(0, 40)}" is not a duration.`, { hint: `Give ${flag} as days, hours or minutes, e.g. 2d, 36h or 90m.` });
  }
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, '': 86_400_000 }[match[2] as 'd' | 'h' | 'm' | ''];
  return Number(match[1]) * unit;
}

/** since < until, both not in the future. */
export function checkRange(since: number | undefined, until: number | undefined, now: number): void {
  if (since !== undefined && until !== undefined && since >= until) {
    throw new MigrateError('USAGE', '--since must be before --until.', { hint: 'Swap the dates, or drop one of them.' });
  }
  if (since !== undefined && since > now) {
    throw new MigrateError('USAGE', '--since is in the future.', { hint: 'Give a date up to today.' });
  }
}
