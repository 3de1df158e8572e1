import { describe, expect, it } from 'vitest';
import { capabilityOfRequest } from '../../src/credentials/capability-of-request.js';
import { CAPABILITIES } from '../../src/credentials/requirements.js';

describe('capabilityOfRequest: a request of a run -> the capability (and License Manager resource) it needs', () => {
  it.each<[string, string | undefined]>([
    ['GET /api/catalog_system/pvt/products/GetProductAndSkuIds?_from=251&_to=500', 'product-sku-ids'],
    ['GET /api/catalog/pvt/product/42', 'product-details'],
    ['GET /api/catalog_system/pvt/sku/stockkeepingunitids?page=1&pagesize=1', 'sku-ids'],
    ['GET /api/catalog_system/pvt/sku/stockkeepingunitbyid/310', 'sku-ids'],
    ['GET /api/catalog_system/pub/category/tree/1', 'category-tree'],
    ['GET /api/catalog_system/pub/category/tree/30', 'category-tree'],
    ['GET /api/catalog_system/pvt/brand/pagedlist?page=3&pageSize=100', 'brands'],
    ['GET /api/dataentities/CL/search?_fields=id', 'customers'],
    ['GET /api/dataentities/CL/scroll?_token=abc', 'customers'],
    ['GET /api/dataentities/AD/scroll?_size=1000&_fields=_all', 'addresses'],
    ['GET /api/dataentities/AD/search', 'addresses'],
    ['GET /api/oms/pvt/orders?page=2&per_page=100', 'list-orders'],
    ['GET /api/oms/pvt/orders/1234567890123-01', 'order-details'],
    ['GET /api/oms/pvt/orders/v5-01%2Fx', 'order-details'],
    ['GET /api/license-manager/users/u/roles', undefined],
    ['GET /api/oms/pvt/orders/1/extra', undefined],
    ['GET /api/dataentities/XX/search', undefined],
  ])('%s -> %s', (request, id) => {
    expect(capabilityOfRequest(request)?.id).toBe(id);
  });

  it('names the resource the preflight names', () => {
    const capability = capabilityOfRequest('GET /api/oms/pvt/orders/v5-01');
    expect(capability).toBe(CAPABILITIES.find((entry) => entry.id === 'order-details'));
    expect(capability?.resource).toBe('OMS / OMS access / View order');
  });
});
