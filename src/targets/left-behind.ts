/** One thing that did not reach the target: a per-record problem, or a VTEX field with no home (`vtexId` '*'). */
export interface LeftBehind {
  entity: string;
  vtexId: string;
  /** The VTEX field that has no home, or the reason the record (or a value of it) was not exported. */
  field: string;
  detail: string;
}

export const LEFT_BEHIND_COLUMNS = ['entity', 'vtex_id', 'field_or_reason', 'detail'] as const;

export function leftBehindCells(record: LeftBehind): string[] {
  return [record.entity, record.vtexId, record.field, record.detail];
}

/**
 * Fields with no home in the target, counted over all records and reported once per (entity, field) at the end,
 * so a field every product has does not write a line per product.
 */
export class NoHomeTally {
  readonly #counts = new Map<string, { entity: string; field: string; detail: string; count: number }>();

  add(entity: string, field: string, detail: string, count = 1): void {
    const key = `${entity}\u0000${field}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count += count;
    else this.#counts.set(key, { entity, field, detail, count });
  }

  records(): LeftBehind[] {
    return [...this.#counts.values()].map((entry) => ({ entity: entry.entity, vtexId: '*', field: entry.field, detail: `${entry.detail} (${entry.count} record${entry.count === 1 ? '' : 's'})` }));
  }
}
