import { describe, expect, it } from 'vitest';
import { CAPABILITIES, capabilitiesFor } from '../../src/credentials/requirements.js';
import { describeRequest } from '../../src/vtex/client.js';

describe('requirements', () => {
  it('maps each entity to its capabilities, License Manager resources and probes (FACTS.md probe table)', () => {
    const rows = CAPABILITIES.map((capability) => {
      const request = capability.probe.request('ID1');
      return [capability.entity, capability.label, capability.resource, capability.predefinedRole ?? '-', describeRequest(request), request.headers ?? {}];
    });
    expect(rows).toEqual([
      ['products', 'product + SKU ids', 'Catalog / Content / Product management', '-', 'GET /api/catalog_system/pvt/products/GetProductAndSkuIds?_from=1&_to=1', {}],
      ['products', 'product details', 'Catalog / Content / Product and SKU Management', '-', 'GET /api/catalog/pvt/product/ID1', {}],
      ['products', 'SKU ids and details', 'Catalog / Content / SKUs', '-', 'GET /api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1', {}],
      ['products', 'category tree', 'Catalog / Content / Category', '-', 'GET /api/catalog_system/pub/category/tree/1', {}],
      ['products', 'brands', 'Catalog / Content / Brands', '-', 'GET /api/catalog_system/pvt/brand/pagedlist?page=1&pageSize=1', {}],
      ['customers', 'customers (CL)', 'Dynamic Storage / Dynamic storage generic resources / Read only documents', '-', 'GET /api/dataentities/CL/search?_fields=id', { 'REST-Range': 'resources=0-1' }],
      ['customers', 'addresses (AD)', 'Dynamic Storage / Dynamic storage generic resources / Read only documents', '-', 'GET /api/dataentities/AD/search?_fields=id', { 'REST-Range': 'resources=0-1' }],
      ['orders', 'list orders', 'OMS / OMS access / List Orders', 'OMS - Full access', 'GET /api/oms/pvt/orders?per_page=1', {}],
      ['orders', 'order details', 'OMS / OMS access / View order', 'OMS - Read only', 'GET /api/oms/pvt/orders/ID1', {}],
      ['prices', 'prices', 'Pricing / Price List / Read prices', '-', 'GET /pricing/tables', {}],
      ['inventory', 'warehouse list', 'Logistics / Logistics access / Logistics viewer', 'Logistics - Read only', 'GET /api/logistics/pvt/configuration/warehouses', {}],
      ['inventory', 'inventory per SKU', 'Logistics / Logistics access / Logistics inventory read only', 'Logistics - Read only', 'GET /api/logistics/pvt/inventory/skus/ID1', {}],
    ]);
    expect(CAPABILITIES.filter((capability) => capability.entity === 'prices').map((capability) => capability.probe.request(undefined).family)).toEqual(['pricing']);
  });

  it('dependent probes read the id their prerequisite yields', () => {
    const byId = new Map(CAPABILITIES.map((capability) => [capability.id, capability]));
    expect(byId.get('product-details')?.probe.needs).toBe('product-sku-ids');
    expect(byId.get('order-details')?.probe.needs).toBe('list-orders');
    expect(byId.get('product-sku-ids')?.probe.yields?.({ data: { '12': [1, 2] }, range: { total: 1 } })).toBe('12');
    expect(byId.get('product-sku-ids')?.probe.yields?.({ data: {} })).toBeUndefined();
    expect(byId.get('list-orders')?.probe.yields?.({ list: [{ orderId: 'v1-01' }] })).toBe('v1-01');
    expect(byId.get('list-orders')?.probe.yields?.({ list: [] })).toBeUndefined();
    expect(byId.get('order-details')?.probe.request('a/b').path).toBe('/api/oms/pvt/orders/a%2Fb');
  });

  it('selects per entity, in table order, once', () => {
    expect(capabilitiesFor(['orders', 'customers', 'orders']).map((capability) => capability.id)).toEqual(['customers', 'addresses', 'list-orders', 'order-details']);
    expect(capabilitiesFor([])).toEqual([]);
    expect(capabilitiesFor(['images'])).toEqual([]);
  });

  it('inventory probes the first SKU id that the SKU-ids probe yields, so that probe comes along', () => {
    expect(capabilitiesFor(['inventory']).map((capability) => capability.id)).toEqual(['sku-ids', 'warehouses', 'inventory']);
    expect(capabilitiesFor(['prices']).map((capability) => capability.id)).toEqual(['prices']);
    const skuIds = CAPABILITIES.find((capability) => capability.id === 'sku-ids');
    expect(skuIds?.probe.yields?.([31, 32])).toBe('31');
    expect(skuIds?.probe.yields?.([])).toBeUndefined();
  });
});
