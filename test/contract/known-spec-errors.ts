/**
 * Known errors in the official VTEX specs (FACTS.md, "Known errors and looseness in the official specs").
 * Each entry excuses one kind of violation at matching instance paths of one endpoint, and says why;
 * anything not listed fails the contract test.
 */
export interface KnownSpecError {
  endpoint: string;
  /** Matches the violation's instancePath (JSON pointer into the response body). */
  instancePath: RegExp;
  keyword: string;
  reason: string;
}

const ORDER_NULLS = 'Get order: fields the spec examples show as null are not marked nullable (FACTS.md)';

export const KNOWN_SPEC_ERRORS: readonly KnownSpecError[] = [
  // Catalog
  { endpoint: 'catalog.product', instancePath: /^\/Score$/, keyword: 'type', reason: 'Score can be null (nullable for categories and brands in the same spec, not for products)' },
  { endpoint: 'catalog.sku', instancePath: /^\/ImageUrl$/, keyword: 'type', reason: 'SKU context: ImageUrl is null for a SKU without images' },
  { endpoint: 'catalog.categoryTree', instancePath: /^\/\d+\/children\/\d+\/children\/\d+$/, keyword: 'type', reason: 'third-level children are typed as strings; they are category objects like the levels above' },
  // Pricing
  ...['type', 'format'].map((keyword) => ({ endpoint: 'pricing.price', instancePath: /^\/(listPrice|costPrice|basePrice)$/, keyword, reason: 'typed int32, but prices are decimals (the spec\'s own example has fixed values 666.66; DEPTH.md)' })),
  // Master Data
  { endpoint: 'masterData.document', instancePath: /^$/, keyword: 'required', reason: 'with _fields=a,b the document holds only those fields, though the schema requires id, accountId, accountName, dataEntityId' },
  // OMS list
  { endpoint: 'oms.listOrders', instancePath: /^\/stats\/stats\/(totalValue|totalItems)\/Facets$/, keyword: 'required', reason: 'stats facets require data-dependent keys (origin, currencyCode, then Fulfillment, Marketplace, BRL)' },
  // OMS get order
  { endpoint: 'oms.getOrder', instancePath: /^\/items\/\d+\/(imageUrl|refId|ean)$/, keyword: 'type', reason: ORDER_NULLS },
  { endpoint: 'oms.getOrder', instancePath: /^\/shippingData\/(address|selectedAddresses\/\d+)\/complement$/, keyword: 'type', reason: ORDER_NULLS },
];

export function isKnown(endpoint: string, violation: { instancePath: string; keyword: string }): boolean {
  return KNOWN_SPEC_ERRORS.some((known) => known.endpoint === endpoint && known.keyword === violation.keyword && known.instancePath.test(violation.instancePath));
}
