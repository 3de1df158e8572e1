import { Rng } from './random.js';

/** Originals are this many pixels a side at most; resized variants are served up to MAX_SIDE. */
const ORIGINAL_SIDES = [480, 600, 800, 1000] as const;
export const MAX_SIDE = 3000;

/**
 * The file the sandbox serves for a FileId: a valid baseline JPEG (one gray level, so every decoder reads
 * it) of the original's size or of the requested `-W-H`, carrying a comment segment of deterministic bytes,
 * so originals and resized variants differ and every FileId has its own content.
 */
export function imageBytes(seed: number, fileId: number, size: { width: number; height: number } | undefined): Buffer {
  const rng = Rng.for(seed, 'imageFile', fileId);
  const gray = rng.int(129, 250);
  const width = size?.width ?? rng.pick(ORIGINAL_SIDES);
  const height = size?.height ?? rng.pick(ORIGINAL_SIDES);
  const commentBytes = size ? Math.min(4_000, 200 + Math.floor((width * height) / 64)) : rng.int(2_000, 20_000);
  const comment = noise(Rng.for(seed, size ? `imageFile:${width}x${height}` : 'imageFile:original', fileId), commentBytes);
  return jpeg(width, height, gray, comment);
}

function noise(rng: Rng, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 4) bytes.writeUInt32LE(Math.floor(rng.next() * 0x1_0000_0000), Math.min(i, length - 4));
  return bytes;
}

/** SOI, comments, quantization (all 1), frame, two one-symbol-ish Huffman tables, scan, EOI. */
function jpeg(width: number, height: number, gray: number, comment: Buffer): Buffer {
  const dc = 8 * (gray - 128); // the DC coefficient of a flat 8x8 block, level-shifted, quantized by 1
  const category = dc.toString(2).length;
  const segments: Buffer[] = [Buffer.from([0xff, 0xd8])];
  for (let start = 0; start < comment.length; start += 65_000) segments.push(segment(0xfe, comment.subarray(start, start + 65_000)));
  segments.push(segment(0xdb, Buffer.from([0x00, ...new Array<number>(64).fill(1)])));
  segments.push(segment(0xc0, Buffer.from([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])));
  segments.push(segment(0xc4, Buffer.from([0x00, 1, 1, ...new Array<number>(14).fill(0), category, 0]))); // DC: category -> '0', 0 -> '10'
  segments.push(segment(0xc4, Buffer.from([0x10, 1, ...new Array<number>(15).fill(0), 0x00]))); // AC: EOB -> '0'
  segments.push(segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])));
  segments.push(scanData(Math.ceil(width / 8) * Math.ceil(height / 8), dc, category), Buffer.from([0xff, 0xd9]));
  return Buffer.concat(segments);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([head, payload]);
}

/** First block: DC category code, DC bits, EOB; every other block: DC difference 0 ('10'), EOB ('0'). */
function scanData(blocks: number, dc: number, category: number): Buffer {
  const bytes: number[] = [];
  let current = 0;
  let filled = 0;
  const put = (bits: string) => {
    for (const bit of bits) {
      current = (current << 1) | (bit === '1' ? 1 : 0);
      filled += 1;
      if (filled === 8) {
        bytes.push(current);
        if (current === 0xff) bytes.push(0x00); // byte stuffing
        current = 0;
        filled = 0;
      }
    }
  };
  put(`0${dc.toString(2).padStart(category, '0')}0`);
  for (let n = 1; n < blocks; n += 1) put('100');
  if (filled > 0) put('1'.repeat(8 - filled));
  return Buffer.from(bytes);
}
