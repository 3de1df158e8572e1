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

/** VTEX order status -> Shopify financial status (targets.md 6.4). Undocumented statuses stay pending, flagged. */
export const FINANCIAL_STATUS: Readonly<Record<string, string>> = {
  'payment-pending': 'pending',
  'waiting-for-sellers-confirmation': 'pending',
  'approve-payment': 'pending',
  'payment-approved': 'paid',
  'ready-for-handling': 'paid',
  'start-handling': 'paid',
  handling: 'paid',
  'waiting-for-fulfillment': 'paid',
  invoiced: 'paid',
  'cancellation-requested': 'paid',
  canceled: 'voided',
};
