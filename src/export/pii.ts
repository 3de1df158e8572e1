import { createHash } from 'node:crypto';
import type { EntityName } from '../store/store.js';

export const PII_MODES = ['keep', 'mask', 'hash', 'drop'] as const;
export type PiiMode = (typeof PII_MODES)[number];

export interface PiiPolicy {
  mode: PiiMode;
  /** Salt of `hash`: the same value hashes the same within one export (and across exports with the same salt). */
  salt: string;
}

export interface PiiFields {
  /** Paths inside the staged document; `[]` steps into every element of an array. */
  paths: readonly string[];
  /** Typed staging columns holding the same data. */
  columns: readonly string[];
}

const ADDRESS_PARTS = ['receiverName', 'street', 'number', 'complement', 'reference', 'postalCode', 'geoCoordinates'] as const;
const under = (prefix: string, keys: readonly string[]) => keys.map((key) => `${prefix}.${key}`);

/** The personal fields each mode touches (README "Personal data"). Entities not listed have none. */
export const PII_FIELDS: Partial<Record<EntityName, PiiFields>> = {
  customers: {
    paths: ['email', 'firstName', 'lastName', 'document', 'phone', 'homePhone', 'businessPhone', 'birthDate', 'corporateDocument'],
    columns: ['email'],
  },
  addresses: {
    paths: ['receiverName', 'street', 'number', 'complement', 'reference', 'postalCode', 'geoCoordinate'],
    columns: [],
  },
  orders: {
    paths: [
      'followUpEmail',
      ...under('clientProfileData', ['email', 'firstName', 'lastName', 'document', 'phone', 'corporateDocument', 'corporatePhone']),
      ...under('shippingData.address', ADDRESS_PARTS),
      ...under('shippingData.selectedAddresses[]', ADDRESS_PARTS),
      ...under('invoiceData.address', ADDRESS_PARTS),
      ...under('paymentData.transactions[].payments[]', ['cardHolder', 'cardNumber', 'firstDigits', 'lastDigits']),
      ...under('paymentData.transactions[].payments[].billingAddress', ADDRESS_PARTS),
    ],
    columns: [],
  },
};

/** True for fields whose mask keeps the domain, and whose hash ignores case and surrounding spaces. */
function isEmailField(path: string): boolean {
  return /email$/i.test(path);
}

/** `j***@example.com` for an email, `J***` for other text, `***` for numbers and arrays; null stays null. */
export function maskValue(value: unknown, email: boolean): unknown {
  if (value === null || value === undefined || value === '') return value;
  if (typeof value !== 'string') return '***';
  const at = value.lastIndexOf('@');
  if (email && at > 0) return `${firstChar(value)}***${value.slice(at)}`;
  return `${firstChar(value)}***`;
}

function firstChar(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 42);
}

/** Hex SHA-256 of salt and value; emails are trimmed and lowercased first so the same address joins. Null stays null. */
export function hashValue(value: unknown, email: boolean, salt: string): unknown {
  if (value === null || value === undefined) return value;
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (email && typeof value === 'string') text = text.trim().toLowerCase();
  return createHash('sha256').update(salt).update('\0').update(text).digest('hex');
}

/** The value a field gets under the policy; `undefined` means remove it. */
export function protect(value: unknown, path: string, policy: PiiPolicy): unknown {
  switch (policy.mode) {
    case 'keep':
      return value;
    case 'mask':
      return maskValue(value, isEmailField(path));
    case 'hash':
      return hashValue(value, isEmailField(path), policy.salt);
    case 'drop':
      return undefined;
  }
}

/** Applies the policy to a parsed staged document in place (mask and hash change values; drop removes keys). */
export function protectDocument(entity: EntityName, document: unknown, policy: PiiPolicy): void {
  const fields = PII_FIELDS[entity];
  if (!fields || policy.mode === 'keep') return;
  for (const path of fields.paths) applyAt(document, path.split('.'), path, policy);
}

function applyAt(node: unknown, segments: readonly string[], path: string, policy: PiiPolicy): void {
  const [head, ...rest] = segments;
  if (head === undefined || node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const record = node as Record<string, unknown>;
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  if (!(key in record)) return;
  if (isArray) {
    const items = record[key];
    if (Array.isArray(items)) for (const item of items) applyAt(item, rest, path, policy);
    return;
  }
  if (rest.length > 0) return applyAt(record[key], rest, path, policy);
  const protectedValue = protect(record[key], path, policy);
  if (protectedValue === undefined) delete record[key];
  else record[key] = protectedValue;
}

/** Applies the policy to a typed staging column; `undefined` means the column is dropped. */
export function protectColumn(entity: EntityName, column: string, value: unknown, policy: PiiPolicy): unknown {
  if (!PII_FIELDS[entity]?.columns.includes(column)) return value;
  return protect(value, column, policy);
}

export function isDroppedColumn(entity: EntityName, column: string, policy: PiiPolicy): boolean {
  return policy.mode === 'drop' && (PII_FIELDS[entity]?.columns.includes(column) ?? false);
}
