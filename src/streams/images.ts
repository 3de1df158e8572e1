import { MigrateError } from '../errors.js';
import { isOnDisk } from '../files/image-file.js';
import type { Json } from '../json.js';
import type { StagedRow } from '../store/store.js';
import { VtexHttpError } from '../vtex/http-error.js';
import type { ImageDownloader } from '../vtex/image-download.js';
import { imageRefsOf } from './image-refs.js';
import type { ImageRef } from './image-refs.js';
import type { Stream, StreamContext, StreamPage } from './stream.js';

/** SKUs per saved page. */
const IMAGE_SKU_PAGE = 50;

interface ImagesCursor {
  after: number;
  seen: number;
  /** FileIds refused so far in this pass (URLs that are not https on a VTEX image host). */
  refused: number;
  done?: boolean;
}

/**
 * Every distinct original of every staged SKU's Images[], downloaded once per FileId (VTEX's `?v=` tag is not
 * updated when a file is replaced, so the URL is no key). A FileId whose row is staged and whose file is on
 * disk at its verified size is never fetched again. Only run when named: a big catalog has tens of GB.
 */
export const imagesStream: Stream = {
  name: 'images',
  entities: ['images', 'sku_image_files'],
  mainEntity: 'images',
  after: ['products'],
  initialCursor: () => ({ after: 0, seen: 0, refused: 0 }),

  async *pages(context, from) {
    const cursor = parseCursor(from);
    if (cursor.done) return;
    const downloader = downloaderOf(context);
    const total = context.stagedCount('skus');
    const limit = context.options.limit;
    let { after, seen, refused } = cursor;
    const refusedIds = new Set<number>();
    for (;;) {
      const size = limit === undefined ? IMAGE_SKU_PAGE : Math.min(IMAGE_SKU_PAGE, limit - seen);
      const skus = size > 0 ? context.stagedRows('skus', after, size) : [];
      if (skus.length === 0) break;
      after = Number(skus[skus.length - 1]?.id ?? after);
      seen += skus.length;
      const { page, refusedNow } = await imagePage(context, downloader, skus, refusedIds);
      refused += refusedNow;
      context.progress(seen, total);
      yield { ...page, cursor: { after, seen, refused } satisfies ImagesCursor as unknown as Json };
    }
    // Refused URLs are reported, not owed: what the pass must hold is every other FileId the SKUs reference.
    const expected = limit === undefined ? { expected: { images: context.stagedCount('sku_image_files', 'file_id') - refused } } : {};
    yield { writes: [], cursor: { after, seen, refused, done: true } satisfies ImagesCursor as unknown as Json, records: 0, ...expected };
  },

  async count(context) {
    const downloader = downloaderOf(context);
    const wanted = new Set<number>();
    for (let after = 0; ; ) {
      const skus = context.stagedRows('skus', after, 500);
      if (skus.length === 0) return wanted.size;
      after = Number(skus[skus.length - 1]?.id ?? after);
      const refs = skus.flatMap((sku) => imageRefsOf(sku).refs).filter((ref) => ref.url && downloader.allows(ref.url));
      for (const ref of toFetch(context, downloader, refs)) wanted.add(ref.fileId);
    }
  },
};

/** One page of SKUs: their links, and the files not yet on disk; `refusedNow` counts FileIds refused for the first time. */
async function imagePage(context: StreamContext, downloader: ImageDownloader, skus: readonly StagedRow[], refusedIds: Set<number>): Promise<{ page: Omit<StreamPage, 'cursor'>; refusedNow: number }> {
  const parsed = skus.map(imageRefsOf);
  const refs = parsed.flatMap((entry) => entry.refs);
  const skipped = parsed.reduce((sum, entry) => sum + entry.skipped, 0);
  if (skipped > 0) context.notice(`${skipped} image entr${skipped === 1 ? 'y has' : 'ies have'} no FileId or ImageUrl and ${skipped === 1 ? 'was' : 'were'} skipped.`);
  const links = refs.map((ref): StagedRow => ({ sku_id: ref.skuId, file_id: ref.fileId, position: ref.position }));
  const allowed = refs.filter((ref) => ref.url !== undefined && downloader.allows(ref.url));
  const refused = [...new Map(refs.filter((ref) => !allowed.includes(ref)).map((ref) => [ref.fileId, ref])).values()];
  const refusedNow = refused.filter((ref) => !refusedIds.has(ref.fileId));
  for (const ref of refusedNow) refusedIds.add(ref.fileId);
  downloader.stats.refused += refusedNow.length;
  if (refused[0]) {
    const first = refused[0];
    context.notice(`${refused.length} image URL${refused.length === 1 ? ' was' : 's were'} not fetched (not https on a VTEX image host), e.g. file ${first.fileId} of SKU ${first.skuId}: ${JSON.stringify(shorten(first.given))}.`);
  }
  const fetched = await Promise.all(toFetch(context, downloader, allowed).map((ref) => downloadOne(context, downloader, ref)));
  const rows = fetched.filter((row): row is StagedRow => row !== undefined);
  return { page: { writes: [{ entity: 'sku_image_files', rows: links, owners: skus.map((sku) => sku.id ?? null) }, { entity: 'images', rows }], records: rows.length }, refusedNow: refusedNow.length };
}

/** The distinct FileIds of `refs` that are not staged with their file whole on disk. */
function toFetch(context: StreamContext, downloader: ImageDownloader, refs: readonly ImageRef[]): ImageRef[] {
  const distinct = [...new Map(refs.map((ref) => [ref.fileId, ref])).values()];
  const staged = context.stagedVersions('images', distinct.map((ref) => String(ref.fileId)));
  return distinct.filter((ref) => {
    const version = staged.get(String(ref.fileId));
    if (version === undefined || version === null) return true;
    const { path, bytes } = JSON.parse(version) as { path: string; bytes: number };
    return !isOnDisk(downloader.dir, path, bytes);
  });
}

async function downloadOne(context: StreamContext, downloader: ImageDownloader, ref: ImageRef): Promise<StagedRow | undefined> {
  const url = ref.url as URL;
  try {
    const file = await downloader.download(ref.fileId, url);
    return { file_id: ref.fileId, url: url.href, path: file.path, sha256: file.sha256, bytes: file.bytes, content_type: file.contentType };
  } catch (error) {
    if (!(error instanceof VtexHttpError)) throw error;
    context.lose({ entity: 'images', itemKey: String(ref.fileId), request: error.request, status: error.status ?? null, error: error.message, attempts: error.attempts });
    return undefined;
  }
}

function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function downloaderOf(context: StreamContext): ImageDownloader {
  if (!context.images) throw new MigrateError('INTERNAL', 'The images stream ran without an image downloader.', { hint: 'This is a bug; please report it.' });
  return context.images;
}

function parseCursor(value: Json): ImagesCursor {
  const record = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Readonly<Record<string, Json>>;
  const number = (field: Json | undefined) => (typeof field === 'number' && Number.isSafeInteger(field) ? field : 0);
  return { after: number(record.after), seen: number(record.seen), refused: number(record.refused), ...(record.done === true ? { done: true } : {}) };
}
