import type { CategoryFacts } from '../catalog-context.js';
import type { LeftBehind } from '../left-behind.js';
import { text } from '../staged-json.js';
import type { Doc } from '../staged-json.js';

/** Shopify's URL redirect import: Online Store > Navigation > URL Redirects > Import. */
export const SHOPIFY_REDIRECT_COLUMNS = ['Redirect from', 'Redirect to'] as const;

const SLUG = /^[A-Za-z0-9._~-]+$/;

export interface Redirect {
  from: string;
  to: string;
}

/** The VTEX product page `/{LinkId}/p` to `/products/{handle}`. */
export function productRedirect(productId: number, product: Doc, handle: string): { redirect?: Redirect; leftBehind?: LeftBehind } {
  const linkId = text(product.LinkId);
  if (linkId.trim() === '') return { leftBehind: { entity: 'products', vtexId: String(productId), field: 'LinkId', detail: 'no LinkId, so no VTEX product URL to redirect' } };
  const redirect = { from: `/${encodeURIComponent(linkId)}/p`, to: `/products/${handle}` };
  if (SLUG.test(linkId)) return { redirect };
  return { redirect, leftBehind: { entity: 'products', vtexId: String(productId), field: 'LinkId', detail: `LinkId ${JSON.stringify(linkId)} is not a URL slug: the redirect is from its percent-encoded form` } };
}

/** The VTEX category page (its tree path) to `/collections/{handle}`. */
export function categoryRedirect(category: CategoryFacts): { redirect?: Redirect; leftBehind?: LeftBehind } {
  if (category.path === '' || category.path === '/') return { leftBehind: { entity: 'categories', vtexId: String(category.id), field: 'url', detail: 'no category URL in the staged tree, so no redirect' } };
  return { redirect: { from: category.path, to: `/collections/${category.handle}` } };
}
