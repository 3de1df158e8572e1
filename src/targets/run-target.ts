import type { TargetSource } from '../store/target-source.js';
import { exportShopify } from './shopify/export-shopify.js';
import type { TargetPlan, TargetResult } from './target-plan.js';
import { exportWooCommerce } from './woocommerce/export-woocommerce.js';

/** Runs one target export over a staging file's reads. */
export function runTargetExport(source: TargetSource, plan: TargetPlan, signal: AbortSignal): Promise<TargetResult> {
  return plan.target === 'shopify' ? exportShopify(source, plan, signal) : exportWooCommerce(source, plan, signal);
}
