import { MigrateError } from '../errors.js';
import type { TargetSource, TargetTable } from '../store/target-source.js';
import type { TargetGroup } from './target-plan.js';

export { skuCodeOf } from './sku-facts.js';

/** The staged tables each file group needs; one that is absent or empty means the run is incomplete (exit 5). */
const NEEDS: Record<TargetGroup, readonly TargetTable[]> = {
  products: ['products', 'skus', 'prices', 'inventory'],
  customers: ['customers'],
  orders: ['orders'],
};

export function missingEntities(source: TargetSource, groups: ReadonlySet<TargetGroup>): TargetTable[] {
  return [...groups].flatMap((group) => NEEDS[group]).filter((table) => (source.count(table) ?? 0) === 0);
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new MigrateError('INTERRUPTED', 'Export interrupted: no file was written.', { hint: 'Run the same command again.' });
}
