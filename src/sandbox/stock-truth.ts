import { createHash } from 'node:crypto';
import type { HostileImageKind } from './catalog-images.js';
import type { Dataset } from './dataset.js';
import { imageBytes } from './image-bytes.js';
import { WAREHOUSES } from './logistics-data.js';
import { PRICE_TABLES } from './pricing-data.js';
import { documentHash } from './truth.js';

export const STOCK_NAMES = ['prices', 'inventory', 'warehouses', 'priceTables', 'images'] as const;
export type StockName = (typeof STOCK_NAMES)[number];

/** Per SKU id (every SKU, sorted as strings): documentHash of the body served, or null where the answer is 404. */
export interface StockTruth {
  ids: string[];
  hashes: Map<string, string | null>;
}

export interface ListTruth {
  ids: string[];
}

/** One entry of a SKU's `Images` (position = its index there). */
export interface ImageLink {
  skuId: string;
  fileId: string;
  position: number;
  url: string;
}

export interface RefusedImage extends ImageLink {
  kind: HostileImageKind;
}

export interface ImageTruth {
  /** Distinct FileIds of the images a tool should download (sorted as strings). */
  ids: string[];
  /** FileId -> sha256 hex of the original's bytes. */
  hashes: Map<string, string>;
  /** FileId -> size of the original in bytes. */
  bytes: Map<string, number>;
  /** Every SKU image the sandbox serves (a shared FileId appears once per SKU). */
  links: ImageLink[];
  /** The hostile image URLs: a tool must report them and fetch none. */
  refused: RefusedImage[];
}

export interface StockTruths {
  prices?: StockTruth;
  inventory?: StockTruth;
  warehouses?: { ids: string[]; hashes: Map<string, string> };
  priceTables?: ListTruth;
  images?: ImageTruth;
}

/** The truths of prices, inventory, warehouses, price tables and image files, built once on first use. */
export class StockTruthBook {
  private readonly cache: StockTruths = {};

  constructor(private readonly dataset: Dataset) {}

  truth(names: readonly StockName[]): StockTruths {
    const truth: StockTruths = {};
    for (const name of names) Object.assign(truth, copy(name, this.entry(name)));
    return truth;
  }

  /** Re-hashes the prices or inventory of changed SKUs. */
  changed(name: 'prices' | 'inventory', skuIds: readonly string[]): void {
    const entry = this.cache[name];
    const read = (id: string) => (name === 'prices' ? this.dataset.priceOf(id) : this.dataset.inventoryOf(id));
    if (entry) for (const id of skuIds) entry.hashes.set(id, documentHashOrNull(read(id)));
  }

  private entry(name: StockName): NonNullable<StockTruths[StockName]> {
    const cached = this.cache[name];
    if (cached) return cached;
    const built = this.build(name);
    Object.assign(this.cache, { [name]: built });
    return built;
  }

  private build(name: StockName): NonNullable<StockTruths[StockName]> {
    const skuIds = this.dataset.ids('skus').sort();
    switch (name) {
      case 'prices': return { ids: skuIds, hashes: new Map(skuIds.map((id) => [id, documentHashOrNull(this.dataset.priceOf(id))])) };
      case 'inventory': return { ids: skuIds, hashes: new Map(skuIds.map((id) => [id, documentHashOrNull(this.dataset.inventoryOf(id))])) };
      case 'warehouses': return { ids: WAREHOUSES.map((w) => w.id).sort(), hashes: new Map(WAREHOUSES.map((w) => [w.id, documentHash(w)])) };
      case 'priceTables': return { ids: [...PRICE_TABLES].sort() };
      case 'images': return this.images(skuIds);
    }
  }

  private images(skuIds: readonly string[]): ImageTruth {
    const links: ImageLink[] = [];
    const refused: RefusedImage[] = [];
    for (const skuId of skuIds) {
      const index = this.dataset.indexOf('skus', skuId);
      const images = this.dataset.skuByIndex(index).Images as Array<{ ImageUrl: string; FileId: number }>;
      images.forEach((image, position) => {
        const link = { skuId, fileId: String(image.FileId), position, url: image.ImageUrl };
        const owner = this.dataset.images.owner(image.FileId);
        if (owner?.kind === 'hostile') refused.push({ ...link, kind: owner.hostile });
        else links.push(link);
      });
    }
    const ids = [...new Set(links.map((link) => link.fileId))].sort();
    const files = ids.map((id) => [id, imageBytes(this.dataset.seed, Number(id), undefined)] as const);
    return { ids, hashes: new Map(files.map(([id, data]) => [id, createHash('sha256').update(data).digest('hex')])), bytes: new Map(files.map(([id, data]) => [id, data.length])), links, refused };
  }
}

function documentHashOrNull(doc: unknown): string | null {
  return doc ? documentHash(doc) : null;
}

function copy(name: StockName, entry: NonNullable<StockTruths[StockName]>): StockTruths {
  if (name === 'images') {
    const images = entry as ImageTruth;
    return { images: { ids: [...images.ids], hashes: new Map(images.hashes), bytes: new Map(images.bytes), links: images.links.map((link) => ({ ...link })), refused: images.refused.map((link) => ({ ...link })) } };
  }
  if (name === 'priceTables') return { priceTables: { ids: [...entry.ids] } };
  const hashed = entry as StockTruth;
  return { [name]: { ids: [...hashed.ids], hashes: new Map(hashed.hashes) } };
}
