import type { TargetSource } from '../store/target-source.js';
import type { CatalogContext } from './catalog-context.js';
import type { LeftBehind, NoHomeTally } from './left-behind.js';
import { skuCode, skuImages, skuPrice, skuSpecs, skuStock } from './sku-facts.js';
import type { SkuImage, SkuPolicy, SkuPrice, SkuStock } from './sku-facts.js';
import { docs, parseDoc, text } from './staged-json.js';
import type { Doc } from './staged-json.js';

export interface StagedSku {
  id: number;
  doc: Doc;
  code: string;
  specs: Map<string, string>;
  price: SkuPrice | undefined;
  stock: SkuStock | undefined;
  images: SkuImage[];
}

/** A staged product with its SKUs and their prices, stock and images, as every target maps it. */
export interface StagedProduct {
  id: number;
  doc: Doc;
  handle: string;
  skus: StagedSku[];
  /** Per-record problems met while reading (a SKU without a price, an image not downloaded, ...). */
  problems: LeftBehind[];
}

export interface CatalogReadOptions {
  policy: SkuPolicy;
  tally: NoHomeTally;
}

/** Products in id order, each with its SKUs; streamed, one product in memory at a time. */
export function* stagedProducts(source: TargetSource, context: CatalogContext, options: CatalogReadOptions): Generator<StagedProduct> {
  const duplicates = source.duplicateSkuRefIds();
  for (const row of source.products()) {
    const doc = parseDoc(row.raw);
    const problems: LeftBehind[] = [];
    const skus = source.skusOf(row.id).map((sku) => readSku(sku.id, parseDoc(sku.raw), source, context, options, duplicates, problems));
    tallyProductFields(doc, skus, options.tally);
    yield { id: row.id, doc, handle: context.handles.of(row.id) ?? String(row.id), skus, problems };
  }
}

function readSku(id: number, doc: Doc, source: TargetSource, context: CatalogContext, options: CatalogReadOptions, duplicates: ReadonlySet<string>, problems: LeftBehind[]): StagedSku {
  const staged = source.price(id);
  const price = staged === undefined ? undefined : skuPrice(staged.raw, options.policy, options.tally);
  if (staged === undefined) problems.push({ entity: 'skus', vtexId: String(id), field: 'price', detail: 'no price staged for this SKU (run extract prices): exported without a price' });
  else if (price?.price === undefined) problems.push({ entity: 'skus', vtexId: String(id), field: 'price', detail: 'VTEX has no price for this SKU: exported without a price' });
  const inventory = source.inventory(id);
  const stock = skuStock(inventory, context, options.policy);
  if (inventory === undefined) problems.push({ entity: 'skus', vtexId: String(id), field: 'inventory', detail: 'no inventory staged for this SKU (run extract inventory): exported with quantity 0' });
  const listed = skuImages(doc, id, source, options.policy);
  // Catalog data is untrusted and the importer fetches every image URL it is given: only https URLs on VTEX's
  // image hosts go out (or the re-hosted copies of --image-base-url, which the user chose).
  const fromCatalog = (image: SkuImage) => options.policy.imageBaseUrl === undefined || !image.url.startsWith(options.policy.imageBaseUrl.replace(/\/+$/, ''));
  const allowed = (image: SkuImage) => !fromCatalog(image) || isVtexImageUrl(image.url);
  const images = listed.filter(allowed);
  for (const image of listed.filter((candidate) => !allowed(candidate))) {
    problems.push({ entity: 'images', vtexId: image.fileId, field: 'image URL refused', detail: `SKU ${id}: ${image.url.slice(0, 120)} is not https on a VTEX image host, so it is left out` });
  }
  for (const image of images.filter((candidate) => candidate.notDownloaded)) {
    problems.push({ entity: 'images', vtexId: image.fileId, field: 'image not downloaded', detail: `SKU ${id}: not in the staged images, so the original URL is used` });
  }
  const code = skuCode(doc, id, duplicates);
  const refId = text((doc.AlternateIds as Doc | undefined)?.RefId).trim();
  if (refId !== '' && code !== refId) problems.push({ entity: 'skus', vtexId: String(id), field: 'RefId', detail: `RefId ${JSON.stringify(refId)} is shared by several SKUs: the SKU code is the VTEX id ${id}` });
  return { id, doc, code, specs: skuSpecs(doc), price, stock, images };
}

/** VTEX fields with no column in any target, counted once per catalog. */
function tallyProductFields(product: Doc, skus: readonly StagedSku[], tally: NoHomeTally): void {
  if (text(product.KeyWords).trim() !== '') tally.add('products', 'KeyWords', 'search synonyms: no column');
  if (product.GlobalCategoryId !== null && product.GlobalCategoryId !== undefined && text(product.GlobalCategoryId) !== '') tally.add('products', 'GlobalCategoryId', 'Google category id: Product category is left blank (no Shopify taxonomy mapping is shipped)');
  if (text(product.DescriptionShort).trim() !== '') tally.add('products', 'DescriptionShort', 'short description: no Shopify column (WooCommerce: Short description)');
  for (const sku of skus) {
    if (docs(sku.doc.KitItems).length > 0 || sku.doc.IsKit === true) tally.add('skus', 'KitItems', 'kits (bundles): no column, they need a bundle app');
    if (docs(sku.doc.Attachments).length > 0) tally.add('skus', 'Attachments', 'SKU attachments (customization fields): no column');
    if (docs(sku.doc.Services).length > 0) tally.add('skus', 'Services', 'SKU services: no column');
    if (Array.isArray(sku.doc.Videos) && sku.doc.Videos.length > 0) tally.add('skus', 'Videos', 'videos: no column');
    if (docs(sku.doc.ProductSpecifications).length > 0) tally.add('skus', 'ProductSpecifications', 'product specifications: no column (only varying SKU specifications become options)');
    if (Array.isArray(sku.doc.SalesChannels) && sku.doc.SalesChannels.length > 1) tally.add('skus', 'SalesChannels', 'sales channels (trade policies) beyond one: no column');
    if (Array.isArray(sku.doc.SkuSellers) && sku.doc.SkuSellers.length > 1) tally.add('skus', 'SkuSellers', 'several sellers of one SKU: no column');
  }
}

/** Each product's SKUs with their specifications only (no price, stock or images): for a header's first pass. */
export function* productSpecSkus(source: TargetSource): Generator<StagedSku[]> {
  for (const product of source.products()) {
    yield source.skusOf(product.id).map((row): StagedSku => {
      const doc = parseDoc(row.raw);
      return { id: row.id, doc, code: String(row.id), specs: skuSpecs(doc), price: undefined, stock: undefined, images: [] };
    });
  }
}

/** https on *.vteximg.com.br or *.vtexassets.com (DEPTH.md section 3), the hosts VTEX serves catalog images from. */
function isVtexImageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password && url.length <= 2_048 && /\.(vteximg\.com\.br|vtexassets\.com)$/i.test(parsed.hostname);
  } catch {
    return false;
  }
}
