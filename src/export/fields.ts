/**
 * `--fields`: dotted paths that choose columns (CSV) or parts of documents (JSON, NDJSON). A field selects
 * itself and everything under it (`clientProfileData` selects `clientProfileData.email`); paths run through
 * arrays without `[]` (`items.price`). Key columns (`id`, `order_id`, `item_index`) are always kept.
 */
export class FieldSelection {
  readonly #fields: readonly string[];
  readonly #matched = new Set<string>();

  constructor(fields: readonly string[]) {
    this.#fields = fields;
  }

  static parse(values: readonly string[] | undefined): FieldSelection | undefined {
    if (values === undefined) return undefined;
    const fields = values.flatMap((value) => value.split(',')).map((field) => field.trim()).filter((field) => field !== '');
    return fields.length === 0 ? undefined : new FieldSelection([...new Set(fields)]);
  }

  /** True when the path is a chosen field or lies under one. */
  selects(path: string): boolean {
    for (const field of this.#fields) {
      if (path === field || path.startsWith(`${field}.`)) {
        this.#matched.add(field);
        return true;
      }
    }
    return false;
  }

  /** A key column, always kept: naming it is no mistake (`--fields id,email`), so it counts as matched. */
  keeps(column: string): void {
    if (this.#fields.includes(column)) this.#matched.add(column);
  }

  /** True when the path is chosen, or a chosen field lies under it (so a projection must descend). */
  reaches(path: string): boolean {
    return this.selects(path) || this.#fields.some((field) => field.startsWith(`${path}.`));
  }

  /** Fields that selected nothing so far. */
  unmatched(): string[] {
    return this.#fields.filter((field) => !this.#matched.has(field));
  }
}

/** A copy of the document with only the chosen paths (and `keep`, the document's id key). */
export function projectDocument(document: unknown, selection: FieldSelection, keep: string): unknown {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return document;
  const projected = projectValue(document, '', selection) as Record<string, unknown> | undefined;
  const source = document as Record<string, unknown>;
  const result: Record<string, unknown> = keep in source ? { [keep]: source[keep] } : {};
  return { ...result, ...projected };
}

function projectValue(value: unknown, path: string, selection: FieldSelection): unknown {
  if (path !== '' && selection.selects(path)) return value;
  if (Array.isArray(value)) return value.map((item) => projectValue(item, path, selection)).filter((item) => item !== undefined);
  if (value === null || typeof value !== 'object') return undefined;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (!selection.reaches(childPath)) continue;
    const projected = projectValue(child, childPath, selection);
    if (projected !== undefined) result[key] = projected;
  }
  return result;
}
