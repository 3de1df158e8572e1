import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

/** What a JSON document's top level is, as SQLite's json_type names it. */
export type JsonType = 'object' | 'array' | 'text' | 'integer' | 'real' | 'true' | 'false' | 'null';

export interface JsonFields<K extends string> {
  type: JsonType;
  /** Each field's value where the path leads to one; undefined where it leads nowhere or to JSON null. */
  fields: Record<K, unknown>;
}

let database: Database.Database | undefined;

/**
 * Checks a JSON body and reads a few of its fields with SQLite's JSON functions, in C: the document is never
 * built as objects on the JavaScript heap. An order of 600 items parsed by JSON.parse is megabytes of objects,
 * mostly garbage at once, and the collector's work on them cost more CPU than everything else per order.
 * What JSON.parse accepts is accepted, nothing else: json_valid's RFC 8259 check is as strict, and a text it
 * refuses (nesting past SQLite's 1,000 levels) is asked of JSON.parse before it is called not JSON.
 */
export class JsonFieldReader<K extends string> {
  readonly #names: readonly K[];
  readonly #paths: readonly string[];
  #statement: Statement | undefined;

  /** `paths` maps each field's name to a path of member names, e.g. `{ customer: '$.client.id' }`. */
  constructor(paths: Readonly<Record<K, string>>) {
    this.#names = Object.keys(paths) as K[];
    this.#paths = this.#names.map((name) => paths[name]);
    if (this.#paths.length === 0) throw new TypeError('JsonFieldReader needs at least one path');
    for (const path of this.#paths) if (!MEMBER_PATH.test(path)) throw new TypeError(`JsonFieldReader path ${path} is not $.name(.name)*`);
  }

  /** The document's type and fields, or undefined if `utf8` is not one JSON text. */
  read(utf8: Uint8Array): JsonFields<K> | undefined {
    const result = this.#prepare().get(utf8) as string | null;
    if (result === null) return this.#parsed(utf8);
    // The statement always gives an array of the values: json_extract with two or more paths does, one is wrapped.
    const list = JSON.parse(result) as unknown[];
    const fields = {} as Record<K, unknown>;
    this.#names.forEach((name, index) => {
      fields[name] = list[index] ?? undefined;
    });
    return { type: validJsonType(utf8), fields };
  }

  #parsed(utf8: Uint8Array): JsonFields<K> | undefined {
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.from(utf8.buffer, utf8.byteOffset, utf8.byteLength).toString('utf8'));
    } catch {
      return undefined;
    }
    const fields = {} as Record<K, unknown>;
    this.#names.forEach((name, index) => {
      const value = (this.#paths[index] ?? '').split('.').slice(1).reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), doc);
      fields[name] = value ?? undefined;
    });
    return { type: jsonType(doc), fields };
  }

  #prepare(): Statement {
    database ??= new Database(':memory:');
    const paths = this.#paths.map((path) => `'${path.replaceAll("'", "''")}'`).join(', ');
    // CAST: a BLOB argument would be read as SQLite's binary JSONB, not as JSON text.
    const values = this.#paths.length === 1 ? `json_array(json_extract(doc, ${paths}))` : `json_extract(doc, ${paths})`;
    // The type is read from the text's first byte in JavaScript: json_type cost a sixth of the statement.
    this.#statement ??= database.prepare(`SELECT CASE WHEN json_valid(doc) THEN ${values} END FROM (SELECT CAST(? AS TEXT) AS doc)`).pluck();
    return this.#statement;
  }
}

const MEMBER_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const TYPE_OF_FIRST_BYTE: Record<number, JsonType> = { 0x7b: 'object', 0x5b: 'array', 0x22: 'text', 0x74: 'true', 0x66: 'false', 0x6e: 'null' };

/** The type of a text json_valid accepted, as json_type names it: its first byte tells, but integer from real. */
function validJsonType(utf8: Uint8Array): JsonType {
  let start = 0;
  while (start < utf8.length && SPACE.has(utf8[start] ?? 0)) start += 1;
  const byFirst = TYPE_OF_FIRST_BYTE[utf8[start] ?? 0];
  if (byFirst) return byFirst;
  // A number: the whole text is that number, so it is short unless the server sent digits and nothing else.
  for (let at = start; at < utf8.length; at += 1) {
    const byte = utf8[at];
    if (byte === 0x2e || byte === 0x65 || byte === 0x45) return 'real';
  }
  return 'integer';
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'real';
  return 'object';
}
