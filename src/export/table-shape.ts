/**
 * The columns and child tables of a CSV table, learned in a first pass over the documents without holding
 * them: memory grows with the number of distinct columns, not rows. Nested objects become dotted columns;
 * an array holding objects becomes a child table; other arrays, and the maps of JSON_OBJECT_PATHS, one JSON cell.
 */
export class TableShape {
  /** Relative dotted path -> whether it ever held a value (not only null or []); insertion order = first appearance. */
  readonly #columns = new Map<string, boolean>();
  readonly children = new Map<string, TableShape>();
  /** Relative path -> the kinds of value seen (bits of ValueKinds), when typed output asks for them. */
  readonly #kinds: Map<string, number> | undefined;
  /** Shared by the whole tree: how often it changed, and whether a column's path later became a child table. */
  readonly #changes: ShapeChanges;
  /** Paths that held an array of plain values (not only []): if one later holds objects, earlier rows flatten otherwise. */
  readonly #valueArrays = new Set<string>();

  /** `fullPath`: where this table's rows sit in the root document ('' for the root, `items` for order items). */
  constructor(
    readonly fullPath: string,
    readonly jsonObjects: ReadonlySet<string>,
    readonly tracksKinds = false,
    changes: ShapeChanges = { count: 0, columnBecameChild: false },
  ) {
    this.#kinds = tracksKinds ? new Map() : undefined;
    this.#changes = changes;
  }

  /** Changes of the whole tree so far (a new column, a column's first value, a new child table). */
  get changes(): Readonly<ShapeChanges> {
    return this.#changes;
  }

  /** The kinds of value a column held (0: only null or absent); tracked only when constructed with `tracksKinds`. */
  kindsOf(path: string): number {
    return this.#kinds?.get(path) ?? 0;
  }

  /** Learns one document (root) or one array element (child table). */
  observe(value: unknown): void {
    if (isPlainObject(value)) this.#observeObject(value, '');
    else this.note('value', value);
  }

  /** Whether the array at this relative path goes to a child table (else it is one JSON cell). */
  isChildPath(path: string): boolean {
    return this.children.has(path);
  }

  /** Whether the object at this relative path stays one JSON cell. */
  isJsonObject(path: string): boolean {
    return this.jsonObjects.has(joinPath(this.fullPath, path));
  }

  /**
   * The data columns in first-appearance order. A path that only ever held null or [] and is elsewhere an
   * object or a child table is left out (its values live in the deeper columns).
   */
  dataColumns(): string[] {
    const prefixes = new Set<string>();
    for (const path of [...this.#columns.keys(), ...this.children.keys()]) {
      for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1)) prefixes.add(path.slice(0, dot));
    }
    return [...this.#columns].filter(([path, held]) => held || (!prefixes.has(path) && !this.children.has(path))).map(([path]) => path);
  }

  #observeObject(record: Record<string, unknown>, prefix: string): void {
    for (const key of Object.keys(record)) {
      const value = record[key];
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (Array.isArray(value) && value.some(isPlainObject)) {
        const child = this.childAt(path);
        for (const item of value) child.observe(item);
      } else if (isPlainObject(value) && !this.isJsonObject(path)) {
        this.#observeObject(value, path);
      } else {
        this.note(path, value);
      }
    }
  }

  /** The child table at this relative path, created (a change) on first use. */
  childAt(path: string): TableShape {
    let child = this.children.get(path);
    if (!child) {
      child = new TableShape(joinPath(this.fullPath, path), this.jsonObjects, this.tracksKinds, this.#changes);
      this.children.set(path, child);
      this.#changes.count += 1;
      if (this.#valueArrays.has(path)) this.#changes.columnBecameChild = true;
    }
    return child;
  }

  /** Learns one value at this relative path (a column; an array here holds no objects). */
  note(path: string, value: unknown): void {
    const held = hasValue(value);
    if (held && Array.isArray(value) && !this.#valueArrays.has(path)) this.#valueArrays.add(path);
    const before = this.#columns.get(path);
    if (before === undefined || (held && !before)) {
      this.#columns.set(path, held);
      this.#changes.count += 1;
    }
    if (this.#kinds && held) this.#kinds.set(path, (this.#kinds.get(path) ?? 0) | kindOf(value));
  }
}

export interface ShapeChanges {
  count: number;
  /**
   * A path that held an array of plain values (a column) later held objects (a child table): rows flattened
   * before put that array in the column, where a flattening that knew the child table would use the table.
   */
  columnBecameChild: boolean;
}

/** Bits for the kinds of value a column holds (typed formats pick a column type from them). */
export const ValueKinds = { boolean: 1, integer: 2, fraction: 4, timestamp: 8, text: 16, json: 32 } as const;

/** An ISO 8601 instant with a time zone, as VTEX writes them (up to 7 fraction digits, `Z` or an offset). */
export const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/;

export function kindOf(value: unknown): number {
  switch (typeof value) {
    case 'boolean':
      return ValueKinds.boolean;
    case 'number':
      return Number.isSafeInteger(value) ? ValueKinds.integer : ValueKinds.fraction;
    case 'string':
      return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)) ? ValueKinds.timestamp : ValueKinds.text;
    default:
      return ValueKinds.json;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

export function joinPath(prefix: string, path: string): string {
  return prefix === '' ? path : path === '' ? prefix : `${prefix}.${path}`;
}
