import { ConfigError } from '../errors.js';

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/**
 * Reads a boolean environment variable: `1/true/yes/on` or `0/false/no/off`, case-insensitive and
 * trimmed. Unset or empty gives `fallback`; anything else is a {@link ConfigError} naming the
 * variable, so a typo fails at start instead of silently meaning "on".
 */
export function envFlag(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name];
  const value = raw?.trim().toLowerCase();
  if (!value) return fallback;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ConfigError(`${name} must be one of 1/0, true/false, yes/no, on/off; got "${raw}"`);
}
