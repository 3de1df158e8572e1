import type { JsonFields, JsonType } from '../json-fields.js';
import { MigrateError } from '../errors.js';

/** Small guards for server responses: a body of the wrong shape is a clear error, not a crash later. */
export function expectRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badResponse(what, 'an object', value);
  return value as Record<string, unknown>;
}

export function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw badResponse(what, 'an array', value);
  return value;
}

export function expectInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badResponse(what, 'an integer', value);
  return value;
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw badResponse(what, 'a non-empty string', value);
  return value;
}

export function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function optionalInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

export function optionalFlag(value: unknown): number | null {
  return typeof value === 'boolean' ? Number(value) : null;
}

/** expectRecord for a document read by a JsonFieldReader (undefined for an empty body): its fields. */
export function expectObjectFields<K extends string>(doc: JsonFields<K> | undefined, what: string): JsonFields<K>['fields'] {
  if (doc?.type === 'object') return doc.fields;
  throw wrongShape(what, 'an object', doc === undefined ? 'undefined' : JSON_TYPE_NAMES[doc.type]);
}

/** How badResponse names a value of each JSON type. */
const JSON_TYPE_NAMES: Record<JsonType, string> = {
  object: 'object', array: 'an array', text: 'string', integer: 'number', real: 'number', true: 'boolean', false: 'boolean', null: 'null',
};

function badResponse(what: string, expected: string, value: unknown): MigrateError {
  return wrongShape(what, expected, value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
}

function wrongShape(what: string, expected: string, got: string): MigrateError {
  return new MigrateError('SERVER_RESPONSE', `VTEX answered ${what} with ${got} where ${expected} was expected.`, {
    hint: 'Check --base-url points at VTEX (or a faithful proxy); run again with --verbose for details.',
  });
}

export function optionalNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
