import { PermanentToolError } from '../../../errors.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { CustomerMatch, CustomerQuery, Profile } from '../customers.js';
import type { Address } from '../shop.js';
import { methodsOf } from './sandbox-payments.js';
import type { Row } from './sandbox-rows.js';

export function profileOf(db: SqliteDatabase, customerId: string): Profile | null {
  const row = db.prepare('SELECT * FROM shop_customers WHERE id = ?').get(customerId) as Row | undefined;
  if (!row) return null;
  return {
    customerId,
    name: row.name as string,
    email: row.email as string,
    defaultAddress: JSON.parse(row.address_json as string),
    paymentMethods: methodsOf(db, customerId),
  };
}

/** Sets the profile's default address; no order's shipping address changes with it. */
export function readdressProfile(
  db: SqliteDatabase,
  customerId: string,
  address: Address,
): { profile: Profile; previousAddress: Address } {
  const before = profileOf(db, customerId);
  if (!before) {
    throw new PermanentToolError(`Customer ${customerId} was not found`, { details: { customerId } });
  }
  db.prepare('UPDATE shop_customers SET address_json = ? WHERE id = ?').run(
    JSON.stringify(address),
    customerId,
  );
  return { profile: { ...before, defaultAddress: address }, previousAddress: before.defaultAddress };
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9@.]+/g, '');

/**
 * Customers matching an email exactly (case aside), or a name and postal code (case, spaces and
 * punctuation aside). Both parts are required for a name, since names alone are not unique.
 */
export function findCustomersBy(db: SqliteDatabase, query: CustomerQuery): CustomerMatch[] {
  const rows = db
    .prepare('SELECT id, name, email, address_json FROM shop_customers ORDER BY id')
    .all() as Row[];
  const matches = rows.filter((row) => {
    const postal = (JSON.parse(row.address_json as string) as Address).postalCode;
    if ('email' in query) return squash(row.email as string) === squash(query.email);
    return squash(row.name as string) === squash(query.name) && squash(postal) === squash(query.postalCode);
  });
  return matches.map((row) => ({
    customerId: row.id as string,
    name: row.name as string,
    email: row.email as string,
    postalCode: (JSON.parse(row.address_json as string) as Address).postalCode,
  }));
}
