import type { CatalogData } from './catalog-data.js';
import { Rng } from './random.js';

/** Image URLs a tool must not fetch (catalog data is untrusted), one kind per hostile SKU. */
export const HOSTILE_IMAGE_KINDS = ['foreign-host', 'plain-http', 'file-scheme', 'javascript-scheme', 'long-url'] as const;
export type HostileImageKind = (typeof HOSTILE_IMAGE_KINDS)[number];

/** SKU positions (index mod HOSTILE_PERIOD) that carry one hostile image, in HOSTILE_IMAGE_KINDS order. */
const HOSTILE_PERIOD = 97;
const HOSTILE_SLOTS = [3, 11, 19, 27, 35] as const;
/** FileId = skuId * 10 + position; hostile images take the last digit. */
const HOSTILE_DIGIT = 9;
const LONG_URL_LENGTH = 10_000;

export interface SkuImage {
  ImageUrl: string;
  ImageName: string;
  FileId: number;
}

/** Where an image FileId comes from: an image the sandbox serves, or a hostile one it refuses (and counts). */
export type ImageOwner = { kind: 'served'; skuIndex: number; position: number } | { kind: 'hostile'; skuIndex: number; hostile: HostileImageKind };

/**
 * The images of every SKU: 0-3 each, served by the sandbox at its own origin (`/arquivos/ids/{FileId}/...`).
 * Some SKUs reuse the first image of their product's first SKU (a FileId in two SKUs' Images), and a few
 * carry one hostile URL after their own images.
 */
export class CatalogImages {
  /** The sandbox's own origin (`http://127.0.0.1:PORT`): set once it listens, before any document is served. */
  origin = 'http://127.0.0.1';

  constructor(
    private readonly catalog: CatalogData,
    private readonly seed: number,
    private readonly account: string,
  ) {}

  /** `Images` of a SKU's document; `name` is the file name stem (the product's link id). */
  imagesOf(skuIndex: number, name: string): SkuImage[] {
    const id = this.catalog.skuIds[skuIndex] as number;
    const first = this.firstOfProduct(skuIndex);
    const images: SkuImage[] = [];
    const shares = this.sharesFirst(skuIndex);
    if (shares) images.push(this.image(first, 0, name));
    for (let position = shares ? 1 : 0; position < this.countOf(skuIndex); position += 1) images.push(this.image(skuIndex, position, name));
    const hostile = this.hostileKindOf(skuIndex);
    if (hostile) images.push({ ImageUrl: this.hostileUrl(hostile, id), ImageName: 'Foto "externa"', FileId: id * 10 + HOSTILE_DIGIT });
    return images;
  }

  /** The 55x55 thumbnail of a SKU's first image (the document's top-level `ImageUrl`), or null. */
  thumbnailOf(images: readonly SkuImage[]): string | null {
    const first = images[0];
    if (!first || first.FileId % 10 === HOSTILE_DIGIT) return null;
    return first.ImageUrl.replace(`/arquivos/ids/${first.FileId}/`, `/arquivos/ids/${first.FileId}-55-55/`);
  }

  owner(fileId: number): ImageOwner | undefined {
    const skuIndex = this.catalog.skuIndexOf(Math.floor(fileId / 10));
    const digit = fileId % 10;
    if (skuIndex < 0) return undefined;
    const hostile = this.hostileKindOf(skuIndex);
    if (digit === HOSTILE_DIGIT) return hostile ? { kind: 'hostile', skuIndex, hostile } : undefined;
    const own = digit < this.countOf(skuIndex) && !(digit === 0 && this.sharesFirst(skuIndex));
    return own ? { kind: 'served', skuIndex, position: digit } : undefined;
  }

  hostileKindOf(skuIndex: number): HostileImageKind | undefined {
    const slot = HOSTILE_SLOTS.indexOf((skuIndex % HOSTILE_PERIOD) as (typeof HOSTILE_SLOTS)[number]);
    return slot < 0 ? undefined : HOSTILE_IMAGE_KINDS[slot];
  }

  private image(skuIndex: number, position: number, name: string): SkuImage {
    const fileId = (this.catalog.skuIds[skuIndex] as number) * 10 + position;
    const tag = Rng.for(this.seed, 'imageTag', fileId).digits(18);
    return { ImageUrl: `${this.origin}/arquivos/ids/${fileId}/${name}-${position}.jpg?v=${tag}`, ImageName: position === 0 ? '' : `Foto ${position}`, FileId: fileId };
  }

  private hostileUrl(kind: HostileImageKind, skuId: number): string {
    const fileId = skuId * 10 + HOSTILE_DIGIT;
    switch (kind) {
      case 'foreign-host': return `https://images.example.net/arquivos/ids/${fileId}/foto.jpg`;
      case 'plain-http': return `http://${this.account}.vteximg.com.br/arquivos/ids/${fileId}/foto.jpg`;
      case 'file-scheme': return 'file:///etc/passwd';
      case 'javascript-scheme': return 'javascript:alert(document.cookie)';
      case 'long-url': {
        const head = `${this.origin}/arquivos/ids/${fileId}/`;
        return `${head}${'a'.repeat(LONG_URL_LENGTH - head.length - 4)}.jpg`;
      }
    }
  }

  /** Images of a SKU (0-3), from their own generator so other SKU fields keep their draws. */
  private countOf(skuIndex: number): number {
    const count = Rng.for(this.seed, 'skuImages', skuIndex).int(0, 3);
    return this.sharesFirst(skuIndex) ? Math.max(1, count) : count;
  }

  private sharesFirst(skuIndex: number): boolean {
    const first = this.firstOfProduct(skuIndex);
    if (first === skuIndex) return false;
    return Rng.for(this.seed, 'skuImageShared', skuIndex).chance(0.3) && Rng.for(this.seed, 'skuImages', first).int(0, 3) > 0;
  }

  private firstOfProduct(skuIndex: number): number {
    return this.catalog.skuStart[this.catalog.skuProduct[skuIndex] as number] as number;
  }
}
