import { countryCode, e164, provinceCode, streetLine } from '../address.js';
import type { LeftBehind, NoHomeTally } from '../left-behind.js';
import { flag, parseDoc, text } from '../staged-json.js';
import type { Doc } from '../staged-json.js';
import type { StagedDocument } from '../../store/target-source.js';

/** Shopify's customer CSV, as its customer export writes it (targets.md 1.2; booleans `yes`/`no`). */
export const SHOPIFY_CUSTOMER_COLUMNS = [
  'Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Default Address Company', 'Default Address Address1',
  'Default Address Address2', 'Default Address City', 'Default Address Province Code', 'Default Address Country Code', 'Default Address Zip',
  'Default Address Phone', 'Phone', 'Accepts SMS Marketing', 'Total Spent', 'Total Orders', 'Note', 'Tax Exempt', 'Tags',
] as const;

/** What one export has seen so far: Shopify wants e-mails and phones unique per store. */
export interface CustomerBook {
  emails: Map<string, string>;
  phones: Set<string>;
}

const NO_HOME: ReadonlyArray<readonly [string, string]> = [
  ['document', 'CPF/CNPJ (document, documentType): no column'], ['birthDate', 'birth date: no column (a customer metafield at best)'],
  ['gender', 'gender: no column'], ['corporateDocument', 'company document: no column'], ['stateRegistration', 'state registration: no column'],
  ['homePhone', 'second phone: Shopify has one phone per customer'], ['businessPhone', 'business phone: Shopify has one phone per customer'],
];

/** A CL document (and its AD documents) as a Shopify customer row, or nothing when it has no usable e-mail. */
export function shopifyCustomerRow(customer: StagedDocument<string>, addresses: readonly StagedDocument<string>[], book: CustomerBook, tally: NoHomeTally): { row?: Record<string, string>; leftBehind: LeftBehind[] } {
  const cl = parseDoc(customer.raw);
  const problems: LeftBehind[] = [];
  const problem = (field: string, detail: string) => problems.push({ entity: 'customers', vtexId: customer.id, field, detail });
  const email = text(cl.email).trim().toLowerCase();
  if (email === '' || !email.includes('@')) return { leftBehind: [{ entity: 'customers', vtexId: customer.id, field: 'email', detail: email === '' ? 'no e-mail: Shopify matches customers by e-mail, not exported' : `e-mail ${JSON.stringify(email)} is not an address: not exported` }] };
  const first = book.emails.get(email);
  if (first !== undefined) return { leftBehind: [{ entity: 'customers', vtexId: customer.id, field: 'duplicate e-mail', detail: `${email} is also customer ${first}: merged into that one (its fields were kept)` }] };
  book.emails.set(email, customer.id);
  for (const [field, detail] of NO_HOME) if (cl[field] !== null && cl[field] !== undefined && cl[field] !== '') tally.add('customers', field, detail);
  const address = defaultAddress(addresses, tally);
  const country = address ? countryCode(text(address.country)) : undefined;
  if (address && country === undefined) problem('country', `address ${text(address.id)}: country ${JSON.stringify(text(address.country))} does not map to ISO 3166-1 alpha-2, left blank`);
  const phone = customerPhone(cl, country, book, problem);
  const row: Record<string, string> = {
    'First Name': text(cl.firstName).trim(),
    'Last Name': text(cl.lastName).trim(),
    Email: email,
    'Accepts Email Marketing': flag(cl.isNewsletterOptIn) === true ? 'yes' : 'no',
    'Default Address Company': (text(cl.corporateName) || text(cl.tradeName)).trim(),
    'Accepts SMS Marketing': 'no',
    'Tax Exempt': 'no',
    Tags: customerTags(cl),
    Phone: phone,
    ...(address ? addressCells(address, country) : {}),
  };
  return { row, leftBehind: problems };
}

function customerPhone(cl: Doc, country: string | undefined, book: CustomerBook, problem: (field: string, detail: string) => void): string {
  const raw = text(cl.phone).trim() || text(cl.homePhone).trim() || text(cl.businessPhone).trim();
  if (raw === '') return '';
  const phone = e164(raw, country ?? 'BR');
  if (phone === undefined) {
    problem('phone', `phone ${JSON.stringify(raw)} is not a dialable number: left blank`);
    return '';
  }
  if (book.phones.has(phone)) {
    problem('phone', `phone ${phone} belongs to another customer already: Shopify wants it unique, left blank`);
    return '';
  }
  book.phones.add(phone);
  return phone;
}

/** Residential first, then the most recently changed; pickup points are not the customer's address. */
function defaultAddress(addresses: readonly StagedDocument<string>[], tally: NoHomeTally): Doc | undefined {
  const docs = addresses.map((row) => parseDoc(row.raw));
  const rank = (ad: Doc) => (text(ad.addressType) === 'residential' ? 0 : text(ad.addressType) === 'pickup' ? 2 : 1);
  const changed = (ad: Doc) => text(ad.updatedIn) || text(ad.createdIn);
  const sorted = docs.sort((a, b) => rank(a) - rank(b) || (changed(a) < changed(b) ? 1 : changed(a) > changed(b) ? -1 : 0));
  if (sorted.length > 1) tally.add('addresses', 'additional addresses', 'addresses beyond the default one: the native customer CSV has one address', sorted.length - 1);
  const chosen = sorted[0];
  if (chosen && text(chosen.neighborhood).trim() !== '') tally.add('addresses', 'neighborhood', 'neighborhood (bairro): no column');
  if (chosen && text(chosen.reference).trim() !== '') tally.add('addresses', 'reference', 'delivery reference: no column');
  return chosen;
}

function addressCells(address: Doc, country: string | undefined): Record<string, string> {
  return {
    'Default Address Address1': streetLine(address),
    'Default Address Address2': text(address.complement).trim(),
    'Default Address City': text(address.city).trim(),
    'Default Address Province Code': provinceCode(text(address.state)),
    'Default Address Country Code': country ?? '',
    'Default Address Zip': text(address.postalCode).trim(),
  };
}

function customerTags(cl: Doc): string {
  const tags = [cl.isCorporate === true ? 'b2b' : '', text(cl.customerClass), ...text(cl.priceTables).split(',').map((table) => (table.trim() === '' ? '' : `price-table:${table.trim()}`))];
  return [...new Set(tags.map((tag) => tag.replace(/[,\r\n]+/g, ' ').trim()).filter((tag) => tag !== ''))].join(', ');
}
