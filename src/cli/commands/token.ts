import { parseArgs } from 'node:util';
import { ConfigError, InputError } from '../../errors.js';
import { mintCustomerToken } from '../../server/auth.js';
import { type CliIo, COMMON_OPTIONS, EXIT, println } from '../io.js';

/** `keel token --customer ID`: a customer token for development, signed with KEEL_SECRET. */
export async function tokenCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...COMMON_OPTIONS, customer: { type: 'string' }, ttl: { type: 'string' } },
  });
  if (!values.customer) throw new InputError('keel token needs --customer ID');
  const secret = io.env.KEEL_SECRET;
  if (!secret)
    throw new ConfigError('keel token needs KEEL_SECRET, the secret keel serve verifies tokens with');
  const ttl = Number(values.ttl ?? 24 * 3600);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new InputError('--ttl must be a positive number of seconds');
  const token = await mintCustomerToken(secret, values.customer, ttl);
  println(
    io.stdout,
    values.json ? JSON.stringify({ token, customerId: values.customer, ttlSeconds: ttl }) : token,
  );
  return EXIT.completed;
}
