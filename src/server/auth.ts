import { timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

/** Who is calling: a customer (from a shop-minted token) or staff. */
export type Principal = { kind: 'customer'; customerId: string } | { kind: 'staff'; name: string };

/** Who the shared KEEL_STAFF_TOKEN acts as in the audit trail (named staff use their own tokens). */
export const SHARED_STAFF_NAME = 'staff';

export interface AuthConfig {
  /** HS256 secret the shop's site signs customer tokens with (KEEL_SECRET). */
  secret: string;
  /** Bearer token for staff endpoints (KEEL_STAFF_TOKEN). */
  staffToken: string;
  /** The named staff member a personal token belongs to (`keel staff add NAME`), or null. */
  staffNameOf?: (token: string) => Promise<string | null> | string | null;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** Mints a customer token: HS256, `sub` = customer id, `exp` in `ttlSeconds`. */
export async function mintCustomerToken(
  secret: string,
  customerId: string,
  ttlSeconds = 24 * 3600,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(customerId)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/** Reads the Authorization header; a bad or expired token is 401, never a 500. */
export async function authenticate(header: string | undefined, config: AuthConfig): Promise<Principal> {
  const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!token) throw new UnauthorizedError('Send "Authorization: Bearer <token>"');
  if (sameSecret(token, config.staffToken)) return { kind: 'staff', name: SHARED_STAFF_NAME };
  // Personal staff tokens are random and looked up by hash, so they are told apart by prefix.
  if (token.startsWith('ks_')) {
    const name = await config.staffNameOf?.(token);
    if (!name) throw new UnauthorizedError('The staff token is not valid (revoked or unknown)');
    return { kind: 'staff', name };
  }
  try {
    const { payload } = await jwtVerify(token, key(config.secret), { algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || !payload.sub)
      throw new UnauthorizedError('The token has no subject');
    if (payload.exp === undefined) throw new UnauthorizedError('The token has no expiry');
    return { kind: 'customer', customerId: payload.sub };
  } catch (error) {
    if (error instanceof UnauthorizedError) throw error;
    throw new UnauthorizedError(`The token is not valid: ${(error as Error).message}`);
  }
}

/** {@link authenticate} without throwing, so the caller can count a failure before refusing it. */
export async function identify(
  header: string | undefined,
  config: AuthConfig,
): Promise<{ principal: Principal } | { error: UnauthorizedError }> {
  try {
    return { principal: await authenticate(header, config) };
  } catch (error) {
    if (error instanceof UnauthorizedError) return { error };
    throw error;
  }
}

export function requireCustomer(principal: Principal): string {
  if (principal.kind !== 'customer') throw new ForbiddenError('This endpoint is for customers');
  return principal.customerId;
}

/** Refuses anyone but staff; returns the staff member's name for the audit trail. */
export function requireStaff(principal: Principal): string {
  if (principal.kind !== 'staff') throw new ForbiddenError('This endpoint is for staff');
  return principal.name;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
