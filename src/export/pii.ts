import { createHash } from 'node:crypto';
import type { EntityName } from '../store/store.js';

export const PII_MODES = ['keep', 'mask', 'hash', 'drop'] as const;
export type PiiMode = (typeof PII_MODES)[number];

export interface PiiPolicy {
  mode: PiiMode;
  /** Salt of `hash`: the same value hashes the same within one export (and across exports with the same salt). */
  salt: string;
}

/** Entities whose documents hold personal data; products, SKUs, categories and brands hold none. */
export const PERSONAL_ENTITIES: readonly EntityName[] = ['customers', 'addresses', 'orders'];

/**
 * Keys that hold personal data wherever they appear in a customer, address or order document, at any depth
 * and in any array (`clientProfileData.email`, `callCenterOperatorData.userName`,
 * `shippingData.contactInformation[].phone`, `paymentData.transactions[].payments[].billingAddress.street`).
 * Besides these, any key ending in `email` and any text holding an e-mail address (a tracking alias
 * `...@ct.vtex.com.br` too) is personal. README "Personal data" lists the same.
 */
export const PERSONAL_KEYS = {
  names: ['firstName', 'lastName', 'receiverName', 'userName', 'cardHolder', 'corporateName', 'tradeName'],
  documents: ['document', 'corporateDocument', 'stateInscription', 'stateRegistration'],
  phones: ['phone', 'homePhone', 'businessPhone', 'corporatePhone'],
  addressParts: ['street', 'number', 'complement', 'reference', 'postalCode', 'geoCoordinates', 'geoCoordinate'],
  payment: ['cardNumber', 'firstDigits', 'lastDigits'],
  other: ['birthDate'],
} as const;

const PERSONAL_KEY_SET: ReadonlySet<string> = new Set(Object.values(PERSONAL_KEYS).flat());

/** Typed staging columns holding personal data. */
export const PERSONAL_COLUMNS: Partial<Record<EntityName, readonly string[]>> = { customers: ['email'] };

/** Text holding an e-mail address anywhere, and text that is one address. */
const EMAIL_IN_TEXT = /[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+/;
const EMAIL_ONLY = /^\s*[^\s@]+@[^\s@]+\s*$/;

/** A key named like an e-mail field (`email`, `followUpEmail`). */
function isEmailKey(key: string): boolean {
  return /email$/i.test(key);
}

/** Whether a key, or the text it holds, is personal. */
export function isPersonal(key: string, value: unknown): boolean {
  return PERSONAL_KEY_SET.has(key) || isEmailKey(key) || (typeof value === 'string' && EMAIL_IN_TEXT.test(value));
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

/** The value a field gets under the policy; `undefined` means remove it. `email`: mask keeps the domain, hash folds case. */
export function protect(value: unknown, email: boolean, policy: PiiPolicy): unknown {
  switch (policy.mode) {
    case 'keep':
      return value;
    case 'mask':
      return maskValue(value, email);
    case 'hash':
      return hashValue(value, email, policy.salt);
    case 'drop':
      return undefined;
  }
}

/** Applies the policy to a parsed staged document in place (mask and hash change values; drop removes them). */
export function protectDocument(entity: EntityName, document: unknown, policy: PiiPolicy): void {
  if (policy.mode === 'keep' || !PERSONAL_ENTITIES.includes(entity)) return;
  protectNode(document, policy);
}

function protectNode(node: unknown, policy: PiiPolicy): void {
  if (Array.isArray(node)) return protectArray(node, policy);
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (!isPersonal(key, value)) {
      protectNode(value, policy);
      continue;
    }
    const protectedValue = protect(value, isEmailKey(key) || isEmailText(value), policy);
    if (protectedValue === undefined) delete record[key];
    else record[key] = protectedValue;
  }
}

/** Text elements holding an e-mail address are protected (removed by drop); other elements are walked. */
function protectArray(items: unknown[], policy: PiiPolicy): void {
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index];
    if (typeof item !== 'string' || !EMAIL_IN_TEXT.test(item)) {
      protectNode(item, policy);
      continue;
    }
    const protectedItem = protect(item, isEmailText(item), policy);
    if (protectedItem === undefined) items.splice(index, 1);
    else items[index] = protectedItem;
  }
}

function isEmailText(value: unknown): boolean {
  return typeof value === 'string' && EMAIL_ONLY.test(value);
}

/** Applies the policy to a typed staging column; `undefined` means the column is dropped. */
export function protectColumn(entity: EntityName, column: string, value: unknown, policy: PiiPolicy): unknown {
  if (!PERSONAL_COLUMNS[entity]?.includes(column)) return value;
  return protect(value, isEmailKey(column), policy);
}

export function isDroppedColumn(entity: EntityName, column: string, policy: PiiPolicy): boolean {
  return policy.mode === 'drop' && (PERSONAL_COLUMNS[entity]?.includes(column) ?? false);
}
