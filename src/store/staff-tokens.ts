import { createHash, randomBytes } from 'node:crypto';

/**
 * A personal staff token: random, with the `ks_` prefix the server tells it apart by. Only its
 * hash is stored, so a copy of the database does not hand out working tokens.
 */
export const newStaffToken = (): string => `ks_${randomBytes(24).toString('base64url')}`;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');
