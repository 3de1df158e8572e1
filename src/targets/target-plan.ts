import type { DateRange } from '../store/store.js';
import type { SkuPolicy } from './sku-facts.js';
import type { ShopifyTemplate } from './shopify/product-columns.js';
import type { TargetFileResult } from './target-files.js';

export const TARGETS = ['shopify', 'woocommerce'] as const;
export type Target = (typeof TARGETS)[number];

/** What a user can ask of a target export (`export --target shopify products customers`). */
export const TARGET_GROUPS = ['products', 'customers', 'orders'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface TargetPlan {
  target: Target;
  outDir: string;
  groups: ReadonlySet<TargetGroup>;
  /** A UTF-8 BOM first (--excel); importers do not want one, so off by default. */
  bom: boolean;
  policy: SkuPolicy;
  template: ShopifyTemplate;
  range: DateRange;
}

export interface TargetResult {
  files: TargetFileResult[];
  /** Lines of left-behind.csv per entity and field or reason. */
  reasons: Array<{ entity: string; field: string; lines: number }>;
  /** Staged entities the target needs that the staging file does not hold at all (exit 5). */
  missing: string[];
}

/** Yields to the event loop every so many records, so Ctrl-C is seen during a long synchronous read. */
export const YIELD_EVERY = 256;

export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
