import type { Json } from '../json.js';
import type { StagedRow } from '../store/store.js';
import { expectArray, expectInteger, expectRecord, optionalFlag, optionalString } from './parse.js';
import type { Stream, StreamContext } from './stream.js';

/** Page size for brand/pagedlist; VTEX documents no maximum, so we stay modest. */
export const BRAND_PAGE_SIZE = 100;

interface BrandsCursor {
  page: number;
  done?: boolean;
}

export const brandsStream: Stream = {
  name: 'brands',
  entities: ['brands'],
  mainEntity: 'brands',
  initialCursor: () => ({ page: 1 }),

  async *pages(context, from) {
    const cursor = from as unknown as BrandsCursor;
    if (cursor.done) return;
    let taken = 0;
    for (let page = cursor.page; ; page += 1) {
      const { rows, pages, total } = await brandPage(context, page, BRAND_PAGE_SIZE);
      const kept = context.options.limit === undefined ? rows : rows.slice(0, context.options.limit - taken);
      taken += kept.length;
      const last = page >= pages || rows.length === 0;
      const sampleDone = context.options.limit !== undefined && taken >= context.options.limit;
      context.progress(Math.min(total, (page - 1) * BRAND_PAGE_SIZE + rows.length), total);
      const next: BrandsCursor = last ? { page, done: true } : { page: page + 1 };
      yield {
        writes: [{ entity: 'brands', rows: kept }],
        cursor: next as unknown as Json,
        records: kept.length,
        ...(last && context.options.limit === undefined ? { expected: { brands: total } } : {}),
      };
      if (last || sampleDone) return;
    }
  },

  async count(context) {
    return (await brandPage(context, 1, 1)).total;
  },
};

async function brandPage(context: StreamContext, page: number, pageSize: number) {
  const response = await context.client.request({
    family: 'catalog',
    endpoint: 'brand-pagedlist',
    path: '/api/catalog_system/pvt/brand/pagedlist',
    query: { page, pageSize },
  });
  const body = expectRecord(response.body, 'brand/pagedlist');
  const paging = expectRecord(body.paging, 'brand/pagedlist paging');
  const rows = expectArray(body.items, 'brand/pagedlist items').map((value): StagedRow => {
    const brand = expectRecord(value, 'a brand');
    return { id: expectInteger(brand.id, 'brand id'), raw: JSON.stringify(brand), name: optionalString(brand.name), is_active: optionalFlag(brand.isActive) };
  });
  return { rows, pages: expectInteger(paging.pages, 'paging.pages'), total: expectInteger(paging.total, 'paging.total') };
}
