import type { ChangeRecord } from '../store/store.js';
import { listFieldsDiffer, listFieldsFromOrder } from './order-list-fields.js';
import type { StreamContext } from './stream.js';
import { windowKey } from './windows.js';
import type { TimeWindow } from './windows.js';

/** One order of a List orders page. */
export interface ListItem {
  orderId: string;
  lastChange: string | null;
  /** The list's change-telling fields, as `orders.list_fields` stores them. */
  fields: string;
}

/** Listed but not staged, or staged with other list fields (read from the staged order where no list fields were kept). */
export function changedSinceStaged(context: StreamContext, items: readonly ListItem[]): ListItem[] {
  const ids = items.map((item) => item.orderId);
  const kept = context.stagedOrders.listFields(ids);
  const raws = context.stagedOrders.raws(ids.filter((id) => kept.get(id) === null));
  return items.filter((item) => {
    if (!kept.has(item.orderId)) return true;
    const fields = kept.get(item.orderId);
    const raw = raws.get(item.orderId);
    const staged = fields ? JSON.parse(fields) as Record<string, unknown> : raw ? listFieldsFromOrder(JSON.parse(raw) as Record<string, unknown>) : {};
    return listFieldsDiffer(JSON.parse(item.fields) as Record<string, unknown>, staged);
  });
}

/** Orders staged in a window that the list no longer shows (aged past two years, or deleted): reported, never removed. */
export function noLongerListed(context: StreamContext, window: TimeWindow, listed: ReadonlySet<string>): ChangeRecord[] {
  const missing = context.stagedOrders.idsCreatedIn(window.from, window.to).filter((id) => !listed.has(id));
  if (missing.length > 0) context.notice(`${missing.length} staged order${missing.length === 1 ? ' is' : 's are'} no longer listed by OMS in ${windowKey(window)} (kept; see the changes table).`);
  return missing.map((id) => ({ entity: 'orders', id, field: '(no longer listed)', old: null, new: null }));
}
