/**
 * Matrixify's "Orders" sheet (Shopify has no native order import; targets.md 1.4). Only columns we fill; the
 * file name contains "Orders", as Matrixify requires. A new order starts when `Number` changes.
 */
const ADDRESS_FIELDS = ['First Name', 'Last Name', 'Company', 'Phone', 'Address 1', 'Address 2', 'Zip', 'City', 'Province Code', 'Country Code'] as const;

export const MATRIXIFY_ORDER_COLUMNS = [
  'Name', 'Command', 'Send Receipt', 'Inventory Behaviour', 'Number', 'Note', 'Tags', 'Created At', 'Processed At', 'Cancelled At', 'Cancel: Reason',
  'Currency', 'Source', 'Price: Total Line Items', 'Price: Subtotal', 'Tax: Total', 'Price: Total', 'Payment: Status', 'Order Fulfillment Status',
  'Customer: Email', 'Customer: Phone', 'Customer: First Name', 'Customer: Last Name',
  ...ADDRESS_FIELDS.map((field) => `Billing: ${field}`),
  ...ADDRESS_FIELDS.map((field) => `Shipping: ${field}`),
  'Browser: UTM Source', 'Browser: UTM Medium', 'Browser: UTM Campaign',
  'Row #', 'Top Row', 'Line: Type', 'Line: Product Handle', 'Line: Title', 'Line: SKU', 'Line: Quantity', 'Line: Price', 'Line: Discount', 'Line: Total',
  'Line: Grams', 'Line: Requires Shipping', 'Line: Vendor', 'Line: Fulfillment Status',
  'Transaction: Kind', 'Transaction: Processed At', 'Transaction: Amount', 'Transaction: Currency', 'Transaction: Status', 'Transaction: Gateway',
  'Fulfillment: Status', 'Fulfillment: Created At', 'Fulfillment: Tracking Company', 'Fulfillment: Tracking Number', 'Fulfillment: Tracking URL', 'Fulfillment: Send Receipt',
] as const;

export const ORDER_ADDRESS_FIELDS = ADDRESS_FIELDS;

/**
 * VTEX order status -> Shopify financial status. VTEX lists its statuses in flow order (orders.json, f_status):
 * those before `payment-approved` are unpaid (pending), those after are paid, cancel/canceled are voided.
 * The two creation errors and anything undocumented stay pending and are flagged in left-behind.csv.
 */
const PENDING = ['order-created', 'on-order-completed', 'on-order-completed-ffm', 'payment-pending', 'waiting-for-order-authorization', 'approve-payment', 'waiting-for-sellers-confirmation'];
const PAID = [
  'payment-approved', 'request-cancel', 'waiting-for-seller-decision', 'waiting-ffmt-authorization', 'waiting-for-authorization', 'waiting-for-manual-authorization',
  'authorize-fulfillment', 'window-to-cancel', 'window-to-change-seller', 'waiting-for-mkt-authorization', 'waiting-seller-handling',
  'ready-for-handling', 'start-handling', 'handling', 'invoice-after-cancellation-deny', 'order-accepted', 'invoice', 'invoiced', 'replaced', 'cancellation-requested',
];

export const FINANCIAL_STATUS: Readonly<Record<string, string>> = Object.fromEntries([
  ...PENDING.map((status) => [status, 'pending']),
  ...PAID.map((status) => [status, 'paid']),
  ['cancel', 'voided'],
  ['canceled', 'voided'],
]);
