import { buildCategoryTree, flattenTree } from './category-tree.js';
import type { CategoryNode } from './category-tree.js';
import { maybeHostile, productName, slug } from './hostile-text.js';
import { Rng } from './random.js';
import { lowerBound } from './timeline.js';

export interface BrandRecord {
  id: number;
  name: string;
  isActive: boolean;
  title: string;
  metaTagDescription: string;
  imageUrl: string | null;
}

/** What a product's documents and its SKUs' documents are built from. */
export interface ProductCore {
  index: number;
  id: number;
  name: string;
  category: CategoryNode;
  brand: BrandRecord;
  refId: string;
  linkId: string;
  description: string;
  keyWords: string;
  releaseDate: string;
  isActive: boolean;
  isVisible: boolean;
  version: number;
}

const BRAND_NAMES = ['AOC', 'Calvin Klein', 'Pets', 'Nestlé', 'Ação & Cia', 'L\'Oréal', 'Müller', '"Quoted" Brand', 'Brand, Inc.', '=Formula Brand', 'Čokoláda', 'Ñu Sports'] as const;

/**
 * Catalog ids and the small per-product facts: product ids and SKU ids are ascending integers with gaps,
 * computed once (a few bytes per record); documents are generated per id on demand.
 */
export class CatalogData {
  readonly categories: CategoryNode[];
  readonly allCategories: CategoryNode[];
  readonly brands: BrandRecord[];
  readonly productIds: Int32Array;
  readonly skuIds: Int32Array;
  /** SKUs of product i are skuIds[skuStart[i] .. skuStart[i + 1]). */
  readonly skuStart: Int32Array;
  readonly skuProduct: Int32Array;
  private readonly leaves: CategoryNode[];
  private readonly categoryCache = new Map<number, Int32Array>();

  constructor(
    private readonly seed: number,
    account: string,
    productCount: number,
    brandCount: number,
    private readonly productVersion: (index: number) => number,
  ) {
    this.categories = buildCategoryTree(seed, account);
    this.allCategories = flattenTree(this.categories);
    this.leaves = this.allCategories.filter((node) => node.children.length === 0);
    this.brands = buildBrands(seed, brandCount);
    this.productIds = ascendingIds(seed, 'productIds', productCount, 1, 5);
    this.skuStart = new Int32Array(productCount + 1);
    const skuCounts = Array.from({ length: productCount }, (_, i) => skuCountOf(seed, i));
    skuCounts.forEach((count, i) => (this.skuStart[i + 1] = (this.skuStart[i] as number) + count));
    const skuTotal = this.skuStart[productCount] as number;
    this.skuIds = ascendingIds(seed, 'skuIds', skuTotal, 1000, 7);
    this.skuProduct = new Int32Array(skuTotal);
    skuCounts.forEach((_, i) => this.skuProduct.fill(i, this.skuStart[i] as number, this.skuStart[i + 1] as number));
  }

  productIndexOf(id: number): number {
    return indexOfId(this.productIds, id);
  }

  skuIndexOf(id: number): number {
    return indexOfId(this.skuIds, id);
  }

  skuIdsOfProduct(index: number): number[] {
    return Array.from(this.skuIds.subarray(this.skuStart[index], this.skuStart[index + 1]));
  }

  /** Product positions (indexes) in a category (department or any level), cached per category. */
  productsInCategory(categoryId: number): Int32Array {
    const cached = this.categoryCache.get(categoryId);
    if (cached) return cached;
    const matches: number[] = [];
    for (let i = 0; i < this.productIds.length; i += 1) if (this.productCore(i).category.path.includes(categoryId)) matches.push(i);
    const result = Int32Array.from(matches);
    this.categoryCache.set(categoryId, result);
    return result;
  }

  /** The product's facts; `version` 0 = as first created (orders keep the names they were bought under). */
  productCore(index: number, version = this.productVersion(index)): ProductCore {
    const rng = Rng.for(this.seed, 'product', index);
    const baseName = productName(rng);
    const name = version === 0 ? baseName : `${baseName} (rev. ${version})`;
    const category = rng.pick(this.leaves);
    const brand = rng.pick(this.brands);
    const refId = rng.chance(0.05) ? maybeHostile(rng, '', 1) : `REF-${rng.digits(6)}`;
    return {
      index,
      id: this.productIds[index] as number,
      name,
      category,
      brand,
      refId,
      linkId: `${slug(baseName)}-${this.productIds[index]}`,
      description: rng.chance(0.3) ? `${name}\nLinha 2: "confortável", leve; 100% algodão` : maybeHostile(rng, `Descrição de ${name}`, 0.1),
      keyWords: `${slug(baseName).replace(/-/g, ',')}`,
      releaseDate: `20${rng.int(15, 24)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}T00:00:00`,
      isActive: version % 2 === 0 ? !rng.chance(0.1) : rng.chance(0.1),
      isVisible: !rng.chance(0.05),
      version,
    };
  }
}

function buildBrands(seed: number, count: number): BrandRecord[] {
  const rng = Rng.for(seed, 'brands', 0);
  const ids = ascendingIds(seed, 'brandIds', count, 2_000_000, 4);
  return Array.from(ids, (id, i) => {
    const name = i < BRAND_NAMES.length ? (BRAND_NAMES[i] as string) : `${rng.pick(BRAND_NAMES)} ${i}`;
    return { id, name, isActive: !rng.chance(0.1), title: rng.chance(0.3) ? '' : name, metaTagDescription: rng.chance(0.5) ? '' : `${name}, "oficial"`, imageUrl: rng.chance(0.7) ? null : `https://img.example/${id}.png` };
  });
}

/** SKUs per product: a few products without SKUs, most with 1-3, some with up to 8. */
function skuCountOf(seed: number, index: number): number {
  const rng = Rng.for(seed, 'skuCount', index);
  if (rng.chance(0.04)) return 0;
  return rng.chance(0.85) ? rng.int(1, 3) : rng.int(4, 8);
}

/** `count` ascending integers from `start` with gaps of 1..maxGap. */
function ascendingIds(seed: number, tag: string, count: number, start: number, maxGap: number): Int32Array {
  const rng = Rng.for(seed, tag, 0);
  const ids = new Int32Array(count);
  let id = start - 1;
  for (let i = 0; i < count; i += 1) ids[i] = id += rng.int(1, maxGap);
  return ids;
}

function indexOfId(ids: Int32Array, id: number): number {
  const index = lowerBound(ids, id);
  return ids[index] === id ? index : -1;
}
