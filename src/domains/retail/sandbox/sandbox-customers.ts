import { PermanentToolError } from '../../../errors.js';
import type { CustomerMatch, CustomerQuery, Profile } from '../customers.js';
import type { Address } from '../shop.js';
import { methodsOf } from './sandbox-payments.js';
import { all, lockOne, one, type Row, run, type Sql } from './shop-sql.js';

export function* profileOf(customerId: string): Sql<Profile | null> {
  const row = yield* one('SELECT * FROM shop_customers WHERE id = ?', customerId);
  if (!row) return null;
  return {
    customerId,
    name: row.name as string,
    email: row.email as string,
    defaultAddress: JSON.parse(row.address_json as string),
    paymentMethods: yield* methodsOf(customerId),
  };
}

/** Sets the profile's default address (the customer's row locked); no order's shipping address changes with it. */
export function* readdressProfile(
  customerId: string,
  address: Address,
): Sql<{ profile: Profile; previousAddress: Address }> {
  yield* lockOne('SELECT 1 FROM shop_customers WHERE id = ?', customerId);
  const before = yield* profileOf(customerId);
  if (!before) {
    throw new PermanentToolError(`Customer ${customerId} was not found`, { details: { customerId } });
  }
  yield* run('UPDATE shop_customers SET address_json = ? WHERE id = ?', JSON.stringify(address), customerId);
  return { profile: { ...before, defaultAddress: address }, previousAddress: before.defaultAddress };
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9@.]+/g, '');

/**
 * Customers matching an email exactly (case aside), or a name and postal code (case, spaces and
 * punctuation aside). Both parts are required for a name, since names alone are not unique.
 */
export function* findCustomersBy(query: CustomerQuery): Sql<CustomerMatch[]> {
  const rows = yield* all('SELECT id, name, email, address_json FROM shop_customers ORDER BY id');
  return matchCustomers(rows, query);
}

function matchCustomers(rows: Row[], query: CustomerQuery): CustomerMatch[] {
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
