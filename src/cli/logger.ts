import pino, { type Logger } from 'pino';
import { envFlag } from '../config/env-flag.js';

/** Keys whose values are personal data; they are logged as "[redacted]" unless KEEL_LOG_PII is on. */
const PERSONAL = [
  'email',
  'to',
  'phone',
  'address',
  'shippingAddress',
  'previousAddress',
  'newAddress',
  'line1',
  'line2',
  'name',
  'text',
  'body',
];

/**
 * pino JSON logs, pretty when a person watches a terminal, with personal data and credentials
 * redacted by default.
 */
export function createLogger(env: Record<string, string | undefined>, tty: boolean): Logger {
  const paths = ['req.headers.authorization', 'req.headers.cookie'];
  if (!envFlag(env, 'KEEL_LOG_PII', false))
    paths.push(...PERSONAL.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]));
  const pretty = tty && env.KEEL_LOG_FORMAT !== 'json';
  return pino({
    level: env.KEEL_LOG_LEVEL ?? 'info',
    redact: { paths, censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  });
}

/**
 * For one-shot commands (`keel run`, `keel chat`, ...): only errors, one plain line each on
 * stderr, so a misconfigured model is not silent while stdout stays the command's answer.
 */
export function createErrorLogger(stderr: { write(text: string): unknown }): Logger {
  return pino(
    { level: 'error' },
    {
      write: (line: string) => {
        stderr.write(`keel: ${(JSON.parse(line) as { msg?: string }).msg ?? line}\n`);
      },
    },
  );
}
