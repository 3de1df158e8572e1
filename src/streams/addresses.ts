import { requiredId } from './customers.js';
import { expectRecord, optionalString } from './parse.js';
import { masterDataStream } from './master-data.js';

/** AD documents; `customer_id` is `AD.userId`, the id of the CL document. */
export const addressesStream = masterDataStream({
  name: 'addresses',
  acronym: 'AD',
  entity: 'addresses',
  fallbackFields: ['id', 'userId', 'addressName', 'addressType', 'receiverName', 'street', 'number', 'complement', 'neighborhood', 'city', 'state', 'country', 'postalCode', 'createdIn', 'updatedIn'],
  toRow: (document) => {
    const address = expectRecord(document, 'an AD document');
    return {
      id: requiredId(address),
      customer_id: optionalString(address.userId),
      raw: JSON.stringify(address),
      created_in: optionalString(address.createdIn),
      updated_in: optionalString(address.updatedIn),
    };
  },
});
