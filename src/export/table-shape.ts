/**
 * The columns and child tables of a CSV table, learned in a first pass over the documents without holding
 * them: memory grows with the number of distinct columns, not rows. Nested objects become dotted columns;
 * an array holding objects becomes a child table; other arrays, and the maps of JSON_OBJECT_PATHS, one JSON cell.
 */
export class TableShape {
  /** Relative dotted path -> whether it ever held a value (not only null or []); insertion order = first appearance. */
  readonly #columns = new Map<string, boolean>();
  readonly children = new Map<string, TableShape>();

  /** `fullPath`: where this table's rows sit in the root document ('' for the root, `items` for order items). */
  constructor(
    readonly fullPath: string,
    readonly jsonObjects: ReadonlySet<string>,
  ) {}

  /** Learns one document (root) or one array element (child table). */
  observe(value: unknown): void {
    if (isPlainObject(value)) this.#observeObject(value, '');
    else this.#note('value', hasValue(value));
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
        const child = this.#child(path);
        for (const item of value) child.observe(item);
      } else if (isPlainObject(value) && !this.isJsonObject(path)) {
        this.#observeObject(value, path);
      } else {
        this.#note(path, hasValue(value));
      }
    }
  }

  #child(path: string): TableShape {
    let child = this.children.get(path);
    if (!child) {
      child = new TableShape(joinPath(this.fullPath, path), this.jsonObjects);
      this.children.set(path, child);
    }
    return child;
  }

  #note(path: string, held: boolean): void {
    const before = this.#columns.get(path);
    if (before === undefined || (held && !before)) this.#columns.set(path, held);
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
