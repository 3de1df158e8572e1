import type { StagedRow } from '../store/store.js';

/** One entry of a SKU's Images[]: which file, where it sits in the SKU's gallery, and the original's URL. */
export interface ImageRef {
  skuId: number;
  fileId: number;
  position: number;
  /** The URL as given, or undefined when it does not parse. */
  url: URL | undefined;
  /** The URL text as given (for reports). */
  given: string;
}

/** `/arquivos/ids/{id}-{W}-{H}/` is a resized copy; without the suffix VTEX Img serves the uploaded original. */
const SIZE_SUFFIX = /(\/arquivos\/ids\/\d+)-\d+-\d+(?=\/|$)/;
/** The original of an image URL: the size suffix dropped. Plain http is left as it is (and then refused). */
export function originalImageUrl(given: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return undefined;
  }
  url.pathname = url.pathname.replace(SIZE_SUFFIX, '$1');
  return url;
}

/**
 * The images of one staged SKU, from its stockkeepingunitbyid body (`Images[].ImageUrl` and `FileId`; the
 * top-level ImageUrl is a 55x55 thumbnail and is ignored). Entries without an integer FileId are skipped.
 */
export function imageRefsOf(row: StagedRow): { refs: ImageRef[]; skipped: number } {
  const skuId = Number(row.id);
  let sku: unknown;
  try {
    sku = JSON.parse(String(row.raw));
  } catch {
    return { refs: [], skipped: 0 };
  }
  const images = (sku as { Images?: unknown } | null)?.Images;
  if (!Array.isArray(images)) return { refs: [], skipped: 0 };
  const refs: ImageRef[] = [];
  let skipped = 0;
  images.forEach((image: unknown, position) => {
    const { FileId: fileId, ImageUrl: given } = (image ?? {}) as { FileId?: unknown; ImageUrl?: unknown };
    if (typeof fileId !== 'number' || !Number.isSafeInteger(fileId) || typeof given !== 'string') {
      skipped += 1;
      return;
    }
    refs.push({ skuId, fileId, position, url: originalImageUrl(given), given });
  });
  return { refs, skipped };
}
