import { countryCode, e164, provinceCode, splitName, streetLine } from '../address.js';
import type { LeftBehind, NoHomeTally } from '../left-behind.js';
import { fromCents } from '../money.js';
import { doc, docs, num, parseDoc, text } from '../staged-json.js';
import type { Doc } from '../staged-json.js';
import { FINANCIAL_STATUS, ORDER_ADDRESS_FIELDS } from './order-columns.js';

type Row = Record<string, string>;

/** VTEX's conversation tracker aliases (`…@ct.vtex.com.br`): not the buyer's address (targets.md 6.4). */
const TRACKING_ALIAS = /@ct\.vtex\.com(\.br)?$/i;

export interface OrderContext {
  handleOfProduct(productId: number): string | undefined;
  skuCode(refId: string, skuId: string): string;
  tally: NoHomeTally;
}

/** One VTEX order as Matrixify Orders rows: one per line item, order fields on the first (`Top Row`). */
export function matrixifyOrderRows(id: string, raw: string, context: OrderContext): { rows: Row[]; leftBehind: LeftBehind[] } {
  const order = parseDoc(raw);
  const leftBehind: LeftBehind[] = [];
  const problem = (field: string, detail: string) => leftBehind.push({ entity: 'orders', vtexId: id, field, detail });
  const digits = num(doc(doc(order.storePreferencesData).currencyFormatInfo).CurrencyDecimalDigits) ?? 2;
  const money = (cents: unknown) => (num(cents) === undefined ? '' : fromCents(num(cents) as number, digits));
  const status = text(order.status);
  const financial = financialStatus(order, status, problem);
  const key = { Name: id, Command: 'NEW', Number: /^\d+$/.test(text(order.sequence)) ? text(order.sequence) : id };
  const items = docs(order.items);
  const lines = items.length === 0 ? [{}] : items.map((item) => lineCells(item, money, status, context));
  const rows = lines.map((line, i) => ({ ...key, 'Row #': String(i + 1), 'Top Row': i === 0 ? 'TRUE' : 'FALSE', ...line }));
  Object.assign(rows[0] as Row, orderCells(order, financial, money, problem), customerCells(order, problem), paymentCells(order, financial, money), fulfillmentCells(order, status));
  tallyOrderFields(order, context.tally);
  return { rows, leftBehind };
}

function financialStatus(order: Doc, status: string, problem: (field: string, detail: string) => void): string {
  const refunded = docs(doc(order.packageAttachment).packages).some((pack) => Object.keys(doc(pack.restitutions)).length > 0);
  if (status === 'canceled' && refunded) return 'refunded';
  const mapped = FINANCIAL_STATUS[status];
  if (mapped !== undefined) return mapped;
  problem('status', `VTEX status ${JSON.stringify(status)} has no Shopify financial status: pending`);
  return 'pending';
}

function orderCells(order: Doc, financial: string, money: (cents: unknown) => string, problem: (field: string, detail: string) => void): Row {
  const totals = new Map(docs(order.totals).map((total) => [text(total.id), num(total.value) ?? 0]));
  const cancellation = doc(order.cancellationData);
  const canceled = text(order.status) === 'canceled';
  const cancelledAt = text(cancellation.CancellationDate) || (canceled ? text(order.lastChange) : '');
  if (canceled && cancelledAt === '') problem('cancellationData', 'canceled order without a cancellation date');
  const marketing = doc(order.marketingData);
  return {
    'Send Receipt': 'FALSE',
    'Inventory Behaviour': 'bypass',
    Note: text(order.cancelReason) === '' ? '' : `VTEX cancel reason: ${text(order.cancelReason)}`,
    Tags: [text(order.origin), text(order.salesChannel) === '' ? '' : `sales-channel-${text(order.salesChannel)}`, text(order.affiliateId) === '' ? '' : `affiliate-${text(order.affiliateId)}`, 'vtex'].filter((tag) => tag !== '').join(', '),
    'Created At': text(order.creationDate),
    'Processed At': text(order.creationDate),
    'Cancelled At': canceled ? cancelledAt : '',
    'Cancel: Reason': canceled ? (cancellation.RequestedByUser === true ? 'customer' : 'other') : '',
    Currency: text(doc(order.storePreferencesData).currencyCode),
    Source: 'vtex',
    'Price: Total Line Items': money(totals.get('Items')),
    'Price: Subtotal': money((totals.get('Items') ?? 0) + (totals.get('Discounts') ?? 0)),
    'Tax: Total': money(totals.get('Tax') ?? 0),
    'Price: Total': money(order.value),
    'Payment: Status': financial,
    'Order Fulfillment Status': text(order.status) === 'invoiced' ? 'fulfilled' : '',
    'Browser: UTM Source': text(marketing.utmSource).trim(),
    'Browser: UTM Medium': text(marketing.utmMedium).trim(),
    'Browser: UTM Campaign': text(marketing.utmCampaign).trim(),
  };
}

function customerCells(order: Doc, problem: (field: string, detail: string) => void): Row {
  const client = doc(order.clientProfileData);
  const shipping = doc(doc(order.shippingData).address);
  const billing = docs(docs(doc(order.paymentData).transactions).flatMap((transaction) => docs(transaction.payments))).map((payment) => doc(payment.billingAddress)).find((address) => Object.keys(address).length > 0);
  let email = text(client.email).trim().toLowerCase();
  if (TRACKING_ALIAS.test(email)) {
    problem('tracking alias e-mail', `clientProfileData.email ${email} is VTEX's conversation tracker alias, not the buyer's: left blank (profile ${text(client.userProfileId)})`);
    email = '';
  } else if (email === '') problem('email', 'no e-mail in clientProfileData: a guest order in Shopify');
  const country = countryCode(text(shipping.country));
  if (text(shipping.country) !== '' && country === undefined) problem('country', `shipping country ${JSON.stringify(text(shipping.country))} does not map to ISO 3166-1 alpha-2`);
  const phone = e164(text(client.phone), country ?? 'BR') ?? '';
  const receiver = splitName(text(shipping.receiverName));
  const person = { first: text(client.firstName).trim(), last: text(client.lastName).trim() };
  return {
    'Customer: Email': email,
    'Customer: Phone': phone,
    'Customer: First Name': person.first,
    'Customer: Last Name': person.last,
    ...addressCells('Shipping', shipping, receiver, phone),
    ...addressCells('Billing', billing ?? shipping, billing ? person : receiver, phone),
  };
}

function addressCells(prefix: string, address: Doc, name: { first: string; last: string }, phone: string): Row {
  if (Object.keys(address).length === 0) return {};
  const values: Record<(typeof ORDER_ADDRESS_FIELDS)[number], string> = {
    'First Name': name.first, 'Last Name': name.last, Company: '', Phone: phone, 'Address 1': streetLine(address), 'Address 2': text(address.complement).trim(),
    Zip: text(address.postalCode).trim(), City: text(address.city).trim(), 'Province Code': provinceCode(text(address.state)), 'Country Code': countryCode(text(address.country)) ?? '',
  };
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [`${prefix}: ${field}`, value]));
}

function lineCells(item: Doc, money: (cents: unknown) => string, status: string, context: OrderContext): Row {
  const quantity = num(item.quantity) ?? 0;
  const selling = num(item.sellingPrice) ?? num(item.price) ?? 0;
  const price = num(item.price) ?? selling;
  const info = doc(item.additionalInfo);
  return {
    'Line: Type': 'Line Item',
    'Line: Product Handle': context.handleOfProduct(num(item.productId) ?? -1) ?? '',
    'Line: Title': text(item.name),
    'Line: SKU': context.skuCode(text(item.refId).trim(), text(item.id)),
    'Line: Quantity': String(quantity),
    'Line: Price': money(selling),
    'Line: Discount': money(Math.max(0, (price - selling) * quantity)),
    'Line: Total': money(selling * quantity),
    'Line: Grams': num(doc(info.dimension).weight) === undefined ? '' : String(Math.round(num(doc(info.dimension).weight) as number)),
    'Line: Requires Shipping': 'TRUE',
    'Line: Vendor': text(info.brandName),
    'Line: Fulfillment Status': status === 'invoiced' ? 'fulfilled' : '',
  };
}

function paymentCells(order: Doc, financial: string, money: (cents: unknown) => string): Row {
  if (financial !== 'paid' && financial !== 'pending' && financial !== 'refunded') return {};
  const payments = docs(docs(doc(order.paymentData).transactions).flatMap((transaction) => docs(transaction.payments)));
  return {
    'Transaction: Kind': 'sale',
    'Transaction: Processed At': text(order.authorizedDate) || text(order.creationDate),
    'Transaction: Amount': money(order.value),
    'Transaction: Currency': text(doc(order.storePreferencesData).currencyCode),
    'Transaction: Status': financial === 'pending' ? 'pending' : 'success',
    'Transaction: Gateway': [...new Set(payments.map((payment) => text(payment.paymentSystemName)).filter((name) => name !== ''))].join(' + '),
  };
}

function fulfillmentCells(order: Doc, status: string): Row {
  const packages = docs(doc(order.packageAttachment).packages);
  if (status !== 'invoiced' || packages.length === 0) return {};
  const join = (field: string) => [...new Set(packages.map((pack) => text(pack[field]).trim()).filter((value) => value !== ''))].join(', ');
  return {
    'Fulfillment: Status': 'success',
    'Fulfillment: Created At': text(packages[0]?.issuanceDate) || text(order.invoicedDate),
    'Fulfillment: Tracking Company': join('courier'),
    'Fulfillment: Tracking Number': join('trackingNumber'),
    'Fulfillment: Tracking URL': join('trackingUrl'),
    'Fulfillment: Send Receipt': 'FALSE',
  };
}

function tallyOrderFields(order: Doc, tally: NoHomeTally): void {
  const totals = new Map(docs(order.totals).map((total) => [text(total.id), num(total.value) ?? 0]));
  if ((totals.get('Shipping') ?? 0) !== 0) tally.add('orders', 'totals[Shipping]', 'shipping charged: Matrixify shipping lines are not written (their format is unconfirmed); it is in Price: Total');
  if (text(doc(order.marketingData).coupon).trim() !== '') tally.add('orders', 'marketingData.coupon', 'coupon code: no column written');
  const packages = docs(doc(order.packageAttachment).packages);
  if (packages.some((pack) => text(pack.invoiceNumber) !== '' || text(pack.invoiceKey) !== '')) tally.add('orders', 'packageAttachment.invoice', 'invoices (number, key, XML): no column');
  if (text(doc(doc(order.shippingData).address).neighborhood).trim() !== '') tally.add('orders', 'shippingData.address.neighborhood', 'neighborhood (bairro): no column');
  if (order.subscriptionData !== null && order.subscriptionData !== undefined) tally.add('orders', 'subscriptionData', 'subscriptions: no column');
  if (text(order.marketplaceOrderId) !== '') tally.add('orders', 'marketplaceOrderId', 'marketplace order data: no column');
  if (order.changesAttachment !== null && order.changesAttachment !== undefined) tally.add('orders', 'changesAttachment', 'order changes: no column');
  if (docs(docs(doc(order.paymentData).transactions).flatMap((transaction) => docs(transaction.payments))).length > 1) tally.add('orders', 'paymentData.payments', 'several payments: one transaction of the order total is written');
}
