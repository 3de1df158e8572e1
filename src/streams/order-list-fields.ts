/**
 * The fields of an OMS List orders item that say an order changed (FACTS.md / orders_list_item.json), the
 * ones a refresh compares with what was staged. `lastChange` is compared only when the list carries it.
 */
export const LIST_COMPARE_FIELDS = [
  'status', 'totalValue', 'totalItems', 'authorizedDate', 'ShippingEstimatedDate', 'orderIsComplete', 'workflowInErrorState', 'lastChange',
] as const;

type ListFields = Partial<Record<(typeof LIST_COMPARE_FIELDS)[number], unknown>>;

/** What the list says of an order, as stored in `orders.list_fields` (absent fields left out). */
export function listFieldsOf(item: Record<string, unknown>): ListFields {
  const fields: ListFields = {};
  for (const field of LIST_COMPARE_FIELDS) if (item[field] !== undefined) fields[field] = item[field];
  return fields;
}

/** The same fields read from a staged order document, for orders staged without a list item (by id, or before list_fields existed). */
export function listFieldsFromOrder(order: Record<string, unknown>): ListFields {
  return {
    status: order.status, totalValue: order.value, authorizedDate: order.authorizedDate, orderIsComplete: order.isCompleted,
    workflowInErrorState: order.workflowIsInError, lastChange: order.lastChange,
  };
}

/**
 * Whether the listed fields differ from the staged ones. Only fields both sides carry are compared (an order
 * document has no `totalItems`), and dates as instants (the list and the order write them with different
 * fraction digits).
 */
export function listFieldsDiffer(listed: ListFields, staged: ListFields): boolean {
  return LIST_COMPARE_FIELDS.some((field) => field in listed && field in staged && !sameValue(listed[field], staged[field]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'string' && typeof b === 'string') {
    const [ta, tb] = [Date.parse(a), Date.parse(b)];
    return !Number.isNaN(ta) && ta === tb && /\d{4}-\d\d-\d\dT/.test(a) && /\d{4}-\d\d-\d\dT/.test(b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
