import type { Burst, FaultRates, SandboxOptions } from './options.js';

/** An option value the sandbox cannot use: `option` names it as in SandboxOptions (`faultRates.reset`, `orderBurst.day`). */
export class SandboxOptionError extends Error {
  override readonly name = 'SandboxOptionError';

  constructor(
    readonly option: string,
    /** What is wrong, as a sentence that follows the option's name: "must be ... (got -5)." */
    readonly detail: string,
  ) {
    super(`${option} ${detail}`);
  }
}

export interface NumberBounds {
  min: number;
  max: number;
  integer?: boolean;
}

type NumericOption = { [K in keyof SandboxOptions]-?: NonNullable<SandboxOptions[K]> extends number ? K : never }[keyof SandboxOptions];

const WHOLE = true;
const PER_MINUTE: NumberBounds = { min: 0, max: 1e9 };
/** A status an option may make the sandbox answer instead of an error: 200 too (some VTEX services answer failures with 200). */
const STATUS: NumberBounds = { min: 200, max: 599, integer: WHOLE };
const POSITIVE_COUNT: NumberBounds = { min: 1, max: 1e9, integer: WHOLE };
const DAYS: NumberBounds = { min: 1, max: 36_500, integer: WHOLE };

/** The range of every numeric option (a product or customer count of 0 would leave orders nothing to buy or belong to). */
export const NUMBER_BOUNDS: Record<NumericOption, NumberBounds> = {
  port: { min: 0, max: 65_535, integer: WHOLE },
  products: { min: 1, max: 1_000_000, integer: WHOLE },
  brands: { min: 1, max: 100_000, integer: WHOLE },
  customers: { min: 1, max: 5_000_000, integer: WHOLE },
  orders: { min: 0, max: 5_000_000, integer: WHOLE },
  orderSpanDays: DAYS,
  customerSpanDays: DAYS,
  orderVisibleDays: DAYS,
  latencyMs: { min: 0, max: 600_000 },
  slowMs: { min: 0, max: 3_600_000 },
  rateLimitScale: { min: 1e-6, max: 1e6 },
  rateLimitBurstMs: { min: 1, max: 3_600_000 },
  listOrdersPerMinute: PER_MINUTE,
  orderDriftPerMinute: { min: 0, max: 60_000 },
  heavyOrderShare: { min: 0, max: 1 },
  pricingPerMinute: PER_MINUTE,
  logisticsPerMinute: PER_MINUTE,
  imagesPerMinute: PER_MINUTE,
  imageConcurrency: { min: 0, max: 100_000, integer: WHOLE },
  scrollIdleMs: { min: 1, max: 86_400_000 },
  maxScrolls: POSITIVE_COUNT,
  scrollMaxSize: POSITIVE_COUNT,
  scrollTimeoutAboveSize: { min: 1, max: Number.POSITIVE_INFINITY },
  searchMaxRange: POSITIVE_COUNT,
  searchMaxDocuments: POSITIVE_COUNT,
  productIdsMaxSpan: POSITIVE_COUNT,
  skuIdsMaxPageSize: POSITIVE_COUNT,
  omsMaxPerPage: POSITIVE_COUNT,
  omsMaxPage: POSITIVE_COUNT,
  omsPageBeyondStatus: STATUS,
  loginFailureStatus: STATUS,
};

const CHOICES = { retryAfter: ['always', 'never', 'random'], productIdsOverLimit: ['truncate', 'error'], inventoryMissing: ['empty', '404'] } as const;
/** Lowercase letters, digits and hyphens, as VTEX account names are (FACTS.md "Hosts and auth"). */
const ACCOUNT = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Throws a SandboxOptionError unless `value` is a number within `bounds`. */
export function checkNumber(option: string, value: unknown, bounds: NumberBounds): void {
  const ok = typeof value === 'number' && !Number.isNaN(value) && value >= bounds.min && value <= bounds.max && (!bounds.integer || Number.isInteger(value));
  if (ok) return;
  const kind = bounds.integer ? 'a whole number' : 'a number';
  const range = bounds.max === Number.POSITIVE_INFINITY ? `of at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
  throw new SandboxOptionError(option, `must be ${kind} ${range} (got ${String(value)}).`);
}

/** Every option the sandbox is given, checked before anything starts. */
export function checkOptions(options: SandboxOptions, nowMs: number): void {
  for (const [option, bounds] of Object.entries(NUMBER_BOUNDS)) {
    const value = options[option as NumericOption];
    if (value !== undefined) checkNumber(option, value, bounds);
  }
  for (const [option, choices] of Object.entries(CHOICES)) {
    const value = options[option as keyof typeof CHOICES];
    if (value !== undefined && !(choices as readonly string[]).includes(value)) throw new SandboxOptionError(option, `must be one of ${choices.join(', ')} (got ${String(value)}).`);
  }
  if (options.account !== undefined && !ACCOUNT.test(options.account)) throw new SandboxOptionError('account', `must be lowercase letters, digits and hyphens (got ${JSON.stringify(options.account)}).`);
  if (!Number.isFinite(nowMs)) throw new SandboxOptionError('now', 'must be a valid date.');
  if (typeof options.seed === 'number' && !Number.isFinite(options.seed)) throw new SandboxOptionError('seed', `must be a finite number or a string (got ${options.seed}).`);
  checkFaultRates(options.faultRates ?? {});
  if (options.orderBurst) checkBurst('orderBurst', options.orderBurst, nowMs);
  if (options.customerBurst) checkBurst('customerBurst', options.customerBurst, nowMs);
}

function checkFaultRates(rates: Partial<FaultRates>): void {
  for (const [kind, rate] of Object.entries(rates)) checkNumber(`faultRates.${kind}`, rate, { min: 0, max: 1 });
  const total = Object.values(rates).reduce((sum, rate) => sum + rate, 0);
  if (total > 1 + 1e-9) throw new SandboxOptionError('faultRates', `add up to ${Math.round(total * 1000) / 1000}; together they must be at most 1.`);
}

/** A burst day must be a whole past UTC day (YYYY-MM-DD), or its documents would be in the future. */
function checkBurst(option: string, burst: Burst, nowMs: number): void {
  const startMs = Date.parse(`${burst.day}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(burst.day) || Number.isNaN(startMs)) throw new SandboxOptionError(`${option}.day`, `is not a day (YYYY-MM-DD): ${burst.day}.`);
  if (startMs + 86_400_000 > nowMs) throw new SandboxOptionError(`${option}.day`, `${burst.day} must be over before the sandbox's now (${new Date(nowMs).toISOString()}).`);
  checkNumber(`${option}.count`, burst.count, { min: 0, max: 10_000_000, integer: WHOLE });
}
