import { expectRecord, optionalString } from './parse.js';
import { masterDataStream } from './master-data.js';

/** CL documents. Fallback fields: the common public ones, when VTEX refuses `_all` for private fields. */
export const customersStream = masterDataStream({
  name: 'customers',
  acronym: 'CL',
  entity: 'customers',
  fallbackFields: ['id', 'email', 'firstName', 'lastName', 'isCorporate', 'corporateName', 'tradeName', 'isNewsletterOptIn', 'localeDefault', 'userId', 'createdIn', 'updatedIn'],
  toRow: (document) => {
    const customer = expectRecord(document, 'a CL document');
    return {
      id: requiredId(customer),
      raw: JSON.stringify(customer),
      email: optionalString(customer.email),
      created_in: optionalString(customer.createdIn),
      updated_in: optionalString(customer.updatedIn),
    };
  },
});

export function requiredId(document: Record<string, unknown>): string {
  const id = optionalString(document.id);
  if (!id) throw new TypeError('a Master Data document has no id');
  return id;
}
