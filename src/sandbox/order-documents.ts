import { readFileSync } from 'node:fs';
import { CITIES, STATES, STREETS } from './hostile-text.js';
import type { OrderCore, OrderSources } from './order-core.js';
import { Rng } from './random.js';
import { omsDate } from './timeline.js';

type Doc = Record<string, unknown>;

/** Trimmed copy of the spec's Get order example (fixtures/sandbox/order-template.json). */
const TEMPLATE = readFileSync(new URL('../../fixtures/sandbox/order-template.json', import.meta.url), 'utf8');
const PARSED = JSON.parse(TEMPLATE) as { order: Doc; logisticsInfo: Doc };
const ORDER_TEXT = JSON.stringify(PARSED.order);
const LOGISTICS_TEXT = JSON.stringify(PARSED.logisticsInfo);

/** Body of GET /api/oms/pvt/orders/{orderId}. */
export function orderDocument(sources: OrderSources, core: OrderCore): Doc {
  const order = JSON.parse(ORDER_TEXT) as Doc;
  const rng = Rng.for(sources.seed, 'orderDoc', core.index);
  const created = omsDate(core.creationMs);
  const authorized = core.status === 'payment-pending' ? null : omsDate(core.creationMs + 60_000);
  Object.assign(order, {
    orderId: core.id,
    sequence: core.sequence,
    marketplaceOrderId: core.origin === 'Marketplace' ? `${rng.digits(13)}-01` : '',
    sellerOrderId: `00-${core.id}`,
    origin: core.origin,
    affiliateId: core.origin === 'Marketplace' ? 'GHB' : '',
    merchantName: sources.md.accountName,
    hostname: sources.md.accountName,
    status: core.status,
    statusDescription: core.statusDescription,
    value: core.value,
    creationDate: created,
    lastChange: omsDate(core.lastChangeMs),
    orderGroup: core.id.slice(0, 13),
    followUpEmail: `${rng.hex(32)}@ct.vtex.com.br`,
    authorizedDate: authorized,
    invoicedDate: core.status === 'invoiced' ? omsDate(core.lastChangeMs) : null,
    cancelReason: core.status === 'canceled' ? 'Cliente pediu, "sem motivo"' : null,
    isCompleted: core.status !== 'payment-pending',
    orderFormId: rng.hex(32),
    lastMessage: rng.chance(0.5) ? null : 'Seu pedido foi "faturado",\nobrigado!',
    openTextField: rng.chance(0.9) ? null : { value: '=cmd|\' /C calc\'!A0' },
    totals: [
      { id: 'Items', name: 'Total dos Itens', value: core.itemsTotal },
      { id: 'Discounts', name: 'Total dos Descontos', value: core.discounts },
      { id: 'Shipping', name: 'Total do Frete', value: core.shipping },
      { id: 'Tax', name: 'Total da Taxa', value: 0 },
    ],
    items: core.items.map((line, n) => orderItem(sources, core, line, n)),
    clientProfileData: clientProfile(core, rng),
  });
  if (core.heavy) Object.assign(order, heavyText(rng));
  fillShipping(order, core, rng);
  fillPayment(order, core, rng);
  fillMetadata(order, sources, core);
  if (core.status !== 'invoiced') order.packageAttachment = { packages: [] };
  if (rng.chance(0.5)) order.marketingData = null;
  return order;
}

/** A heavy order's large text fields: a long buyer note and seller message (4-16 KB each, quotes and line breaks). */
function heavyText(rng: Rng): Doc {
  const note = (lines: number) => Array.from({ length: lines }, (_, n) => `Linha ${n}: entregar "no portão", ligar antes; ${rng.hex(40)}`).join('\n');
  return { openTextField: { value: note(rng.int(50, 200)) }, lastMessage: note(rng.int(50, 200)) };
}

function orderItem(sources: OrderSources, core: OrderCore, line: OrderCore['items'][number], n: number): Doc {
  const skuId = sources.catalog.skuIds[line.skuIndex] as number;
  const product = sources.catalog.productCore(sources.catalog.skuProduct[line.skuIndex] as number, 0);
  const rng = Rng.for(sources.seed, 'orderItem', core.index * 1000 + n);
  return {
    uniqueId: rng.hex(32).toUpperCase(),
    id: String(skuId),
    productId: String(product.id),
    ean: rng.chance(0.3) ? null : rng.digits(13),
    lockId: `00-${core.id}`,
    itemAttachment: { content: {}, name: null },
    attachments: [],
    quantity: line.quantity,
    seller: '1',
    name: product.name,
    refId: product.refId === '' ? null : product.refId,
    price: line.price,
    listPrice: line.listPrice,
    manualPrice: null,
    priceTags: [],
    imageUrl: rng.chance(0.2) ? null : `https://sandbox.vteximg.com.br/arquivos/ids/${skuId}-55-55/${skuId}.jpg`,
    detailUrl: `/${product.linkId}/p`,
    components: [],
    bundleItems: [],
    params: [],
    offerings: [],
    attachmentOfferings: [],
    sellerSku: String(skuId),
    priceValidUntil: null,
    commission: 0,
    tax: 0,
    preSaleDate: null,
    additionalInfo: {
      brandName: product.brand.name,
      brandId: String(product.brand.id),
      categoriesIds: `/${product.category.path.join('/')}/`,
      categories: [{ id: product.category.id, name: product.category.name }],
      productClusterId: '',
      commercialConditionId: '1',
      dimension: { cubicweight: 1, height: 10, length: 10, weight: 250, width: 10 },
      offeringInfo: null,
      offeringType: null,
      offeringTypeId: null,
    },
    measurementUnit: 'un',
    unitMultiplier: 1,
    sellingPrice: line.price,
    isGift: false,
    shippingPrice: null,
    rewardValue: 0,
    freightCommission: 0,
    priceDefinition: { sellingPrices: [{ value: line.price, quantity: line.quantity }], calculatedSellingPrice: line.price, total: line.price * line.quantity, reason: null },
    taxCode: '',
    parentItemIndex: null,
    parentAssemblyBinding: null,
    callCenterOperator: null,
    serialNumbers: null,
    assemblies: [],
    costPrice: Math.floor(line.price * 0.6),
  };
}

function clientProfile(core: OrderCore, rng: Rng): Doc {
  const { buyer } = core;
  return {
    id: 'clientProfileData',
    email: buyer.email,
    firstName: buyer.firstName,
    lastName: buyer.lastName,
    documentType: 'cpf',
    document: buyer.document,
    phone: buyer.phone,
    corporateName: null,
    tradeName: null,
    corporateDocument: null,
    stateInscription: null,
    corporatePhone: null,
    isCorporate: false,
    userProfileId: buyer.userProfileId,
    userProfileVersion: null,
    customerClass: null,
    customerCode: rng.chance(0.8) ? null : rng.uuid(),
  };
}

function fillShipping(order: Doc, core: OrderCore, rng: Rng): void {
  const shipping = order.shippingData as Doc;
  const address = { ...(shipping.address as Doc) };
  Object.assign(address, {
    receiverName: `${core.buyer.firstName} ${core.buyer.lastName}`,
    addressId: rng.digits(13),
    city: rng.pick(CITIES),
    state: rng.pick(STATES),
    street: rng.pick(STREETS),
    number: String(rng.int(1, 2000)),
    complement: rng.chance(0.5) ? null : `Apto ${rng.int(1, 200)}`,
    reference: rng.chance(0.7) ? null : 'Portão "azul", ao lado do mercado',
    postalCode: `${rng.digits(5)}-${rng.digits(3)}`,
  });
  shipping.address = address;
  shipping.selectedAddresses = [address];
  shipping.logisticsInfo = core.items.map((_, itemIndex) => ({ ...(JSON.parse(LOGISTICS_TEXT) as Doc), itemIndex, addressId: address.addressId }));
  shipping.trackingHints = null;
  shipping.contactInformation = [];
}

function fillPayment(order: Doc, core: OrderCore, rng: Rng): void {
  const payments = order.paymentData as { transactions: Array<{ transactionId: string; payments: Doc[] }> };
  const transaction = payments.transactions[0];
  const payment = transaction?.payments[0];
  if (!transaction || !payment) return;
  transaction.transactionId = rng.hex(32).toUpperCase();
  Object.assign(payment, { id: rng.hex(32).toUpperCase(), paymentSystemName: core.paymentName, value: core.value, referenceValue: core.value, cvv2: null, firstDigits: null, lastDigits: rng.digits(4) });
}

function fillMetadata(order: Doc, sources: OrderSources, core: OrderCore): void {
  const seen = new Set<number>();
  const metadata: Doc[] = [];
  for (const line of core.items) {
    if (seen.has(line.skuIndex)) continue;
    seen.add(line.skuIndex);
    const skuId = String(sources.catalog.skuIds[line.skuIndex]);
    const product = sources.catalog.productCore(sources.catalog.skuProduct[line.skuIndex] as number, 0);
    metadata.push({ Id: skuId, Seller: '1', Name: product.name, SkuName: product.name, ProductId: String(product.id), RefId: product.refId, Ean: '', ImageUrl: `https://sandbox.vteximg.com.br/arquivos/ids/${skuId}-55-55/${skuId}.jpg`, DetailUrl: `/${product.linkId}/p`, AssemblyOptions: [] });
  }
  order.itemMetadata = { Items: metadata };
}

/** One element of GET /api/oms/pvt/orders `list` (no `items`: null, like the spec example). */
export function orderListItem(core: OrderCore): Doc {
  return {
    orderId: core.id,
    creationDate: omsDate(core.creationMs),
    clientName: `${core.buyer.firstName} ${core.buyer.lastName}`,
    items: null,
    totalValue: core.value,
    paymentNames: core.paymentName,
    status: core.status,
    statusDescription: core.statusDescription,
    marketPlaceOrderId: null,
    sequence: core.sequence,
    salesChannel: '1',
    affiliateId: core.origin === 'Marketplace' ? 'GHB' : '',
    origin: core.origin,
    workflowInErrorState: false,
    workflowInRetry: false,
    lastMessageUnread: null,
    ShippingEstimatedDate: null,
    ShippingEstimatedDateMax: null,
    ShippingEstimatedDateMin: null,
    orderIsComplete: core.status !== 'payment-pending',
    listId: null,
    listType: null,
    authorizedDate: core.status === 'payment-pending' ? null : omsDate(core.creationMs + 60_000),
    callCenterOperatorName: null,
    totalItems: core.items.length,
    currencyCode: 'BRL',
  };
}
