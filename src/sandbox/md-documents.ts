import { CITIES, FIRST_NAMES, LAST_NAMES, STATES, STREETS, maybeHostile, slug } from './hostile-text.js';
import { Rng } from './random.js';
import { mdDate } from './timeline.js';

/** What every Master Data document carries besides its own fields. */
export interface MdContext {
  seed: number;
  accountId: string;
  accountName: string;
}

export interface MdRecord {
  index: number;
  id: string;
  createdMs: number;
  updatedMs: number;
  version: number;
}

/** The full CL document, as `_fields=_all` returns it (shape of the spec examples). */
export function customerDocument(context: MdContext, record: MdRecord): Record<string, unknown> {
  const rng = Rng.for(context.seed, 'customer', record.index);
  const firstName = maybeHostile(rng, rng.pick(FIRST_NAMES));
  const lastName = maybeHostile(rng, rng.pick(LAST_NAMES));
  const corporate = rng.chance(0.1);
  const birth = rng.chance(0.6) ? new Date(Date.UTC(rng.int(1940, 2006), rng.int(0, 11), rng.int(1, 28))) : null;
  const phone = rng.chance(0.8) ? `+55${rng.digits(11)}` : null;
  const system = systemFields(context, record, 'CL', rng);
  return {
    ...system,
    followers: [],
    tags: [],
    auto_filter: null,
    email: `${slug(firstName)}.${slug(lastName)}.${record.index}@example.com`,
    userId: rng.uuid(),
    firstName,
    lastName,
    document: rng.chance(0.9) ? rng.digits(11) : null,
    documentType: 'cpf',
    phone: record.version === 0 ? phone : `+55119${String(record.version).padStart(8, '0')}`,
    homePhone: rng.chance(0.3) ? `+55${rng.digits(10)}` : null,
    businessPhone: corporate ? `+55${rng.digits(10)}` : null,
    birthDate: birth ? birth.toISOString().replace('.000Z', 'Z') : null,
    birthDateMonth: birth ? birth.getUTCMonth() + 1 : null,
    gender: rng.chance(0.3) ? null : rng.pick(['female', 'male']),
    isNewsletterOptIn: record.version % 2 === 0 ? rng.chance(0.5) : !rng.chance(0.5),
    localeDefault: rng.chance(0.2) ? null : rng.pick(['pt-BR', 'en-US', 'es-AR']),
    isCorporate: corporate,
    corporateName: corporate ? maybeHostile(rng, `${lastName} Comércio, Ltda.`, 0.3) : null,
    corporateDocument: corporate ? rng.digits(14) : null,
    tradeName: corporate ? `"${lastName}" & Filhos` : null,
    stateRegistration: corporate ? '' : null,
    approved: rng.chance(0.5) ? true : null,
    customerClass: null,
    priceTables: corporate ? 'CL-4000060,NCC' : null,
    profilePicture: null,
    attach: null,
    cluster: null,
    carttag: null,
    checkouttag: null,
    rclastcart: null,
    rclastcartvalue: null,
    rclastsession: null,
    rclastsessiondate: null,
    brandPurchasedTag: null,
    categoryPurchasedTag: null,
    departmentVisitedTag: null,
    productPurchasedTag: null,
    visitedProductWithStockOutSkusTag: null,
  };
}

/** The full AD document (shape of the spec example); `userId` is the owning CL document's id. */
export function addressDocument(context: MdContext, record: MdRecord, customerId: string): Record<string, unknown> {
  const rng = Rng.for(context.seed, 'address', record.index);
  const number = String(rng.int(1, 3000));
  const system = systemFields(context, record, 'AD', rng);
  return {
    ...system,
    followers: [],
    tags: [],
    auto_filter: null,
    addressLabel: rng.chance(0.3) ? null : maybeHostile(rng, rng.pick(['Casa', 'Trabalho', 'Casa da "vó"', 'Escritório, 3º andar'])),
    addressType: rng.pick(['residential', 'commercial', 'pickup']),
    city: rng.pick(CITIES),
    complement: rng.chance(0.5) ? '' : maybeHostile(rng, `Apto ${rng.int(1, 300)}, bloco B`),
    country: 'BRA',
    countryfake: null,
    geoCoordinate: rng.chance(0.5) ? '' : `${-rng.int(1, 33)}.${rng.digits(5)},${-rng.int(35, 60)}.${rng.digits(5)}`,
    neighborhood: rng.chance(0.2) ? '' : rng.pick(['Centro', 'Jardim América', 'Barra da Tijuca', 'Savassi']),
    number: record.version === 0 ? number : `${number}-v${record.version}`,
    postalCode: `${rng.digits(5)}-${rng.digits(3)}`,
    receiverName: maybeHostile(rng, `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`),
    reference: rng.chance(0.6) ? null : 'Perto da padaria\nportão azul',
    state: rng.pick(STATES),
    street: maybeHostile(rng, rng.pick(STREETS)),
    userId: customerId,
  };
}

interface SystemFields {
  id: string;
  accountId: string;
  accountName: string;
  dataEntityId: string;
  createdBy: string;
  createdIn: string;
  updatedBy: string | null;
  updatedIn: string | null;
  lastInteractionBy: string;
  lastInteractionIn: string;
}

function systemFields(context: MdContext, record: MdRecord, entity: string, rng: Rng): SystemFields {
  const createdBy = rng.uuid();
  const updated = !Number.isNaN(record.updatedMs);
  const lastMs = updated ? record.updatedMs : record.createdMs;
  return {
    id: record.id,
    accountId: context.accountId,
    accountName: context.accountName,
    dataEntityId: entity,
    createdBy,
    createdIn: mdDate(record.createdMs),
    updatedBy: updated ? createdBy : null,
    updatedIn: updated ? mdDate(record.updatedMs) : null,
    lastInteractionBy: createdBy,
    lastInteractionIn: mdDate(lastMs),
  };
}
