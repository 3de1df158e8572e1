/** A Shopify handle: lowercase letters, digits and dashes, accents stripped (help: "no spaces, accents or periods"). */
export function handleOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const VALID_HANDLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Unique handles for products, stable across runs: products are assigned in id order, the lowest id keeps
 * the plain handle and a later product with the same one gets `-<product id>` (ids only grow in VTEX).
 */
export class HandleBook {
  readonly #byProduct = new Map<number, string>();
  readonly #taken = new Set<string>();
  readonly #collisions: Array<{ productId: number; wanted: string; given: string }> = [];

  /** Call in ascending product id order, every product once. */
  assign(productId: number, linkId: string, name: string): string {
    const wanted = handleOf(linkId) || handleOf(name) || `product-${productId}`;
    let given = wanted;
    for (let n = 1; this.#taken.has(given); n += 1) given = n === 1 ? `${wanted}-${productId}` : `${wanted}-${productId}-${n}`;
    if (given !== wanted) this.#collisions.push({ productId, wanted, given });
    this.#taken.add(given);
    this.#byProduct.set(productId, given);
    return given;
  }

  of(productId: number): string | undefined {
    return this.#byProduct.get(productId);
  }

  collisions(): ReadonlyArray<{ productId: number; wanted: string; given: string }> {
    return this.#collisions;
  }
}
