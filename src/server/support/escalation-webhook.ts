import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { KeelApp } from '../../agent/keel-app.js';
import { ConfigError } from '../../errors.js';
import { escalationQueue } from './queue.js';
import type { SupportDesk } from './support-desk.js';

/** Attempts per escalation, and the waits between them: a helpdesk that blips still hears. */
const DELAYS_MS = [1_000, 5_000];
const TIMEOUT_MS = 5_000;

export interface WebhookConfig {
  url: string;
  secret: string;
}

/**
 * KEEL_ESCALATION_WEBHOOK (an http(s) URL) with KEEL_ESCALATION_WEBHOOK_SECRET (the HMAC key the
 * receiver checks); null when no webhook is set. A webhook without a secret stops the start:
 * unsigned calls could be forged by anyone who learns the URL.
 */
export function webhookFromEnv(env: Record<string, string | undefined>): WebhookConfig | null {
  const url = env.KEEL_ESCALATION_WEBHOOK?.trim();
  if (!url) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {}
  if (!parsed || !/^https?:$/.test(parsed.protocol))
    throw new ConfigError(`KEEL_ESCALATION_WEBHOOK must be an http(s) URL, got "${url}"`);
  const secret = env.KEEL_ESCALATION_WEBHOOK_SECRET ?? '';
  if (secret.length < 16)
    throw new ConfigError(
      'KEEL_ESCALATION_WEBHOOK needs KEEL_ESCALATION_WEBHOOK_SECRET (at least 16 characters) to sign its calls',
    );
  return { url, secret };
}

/** `sha256=` and the hex HMAC-SHA256 of `timestamp.body`: what `X-Keel-Signature` carries. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Posts each escalation as it opens (JSON: the queue item, with the event name) to the webhook,
 * signed, in the background; a failure is retried twice and then logged, never thrown at a turn.
 * Returns the function that stops it.
 */
export function startEscalationWebhook(options: {
  keel: KeelApp;
  desk: SupportDesk;
  config: WebhookConfig;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
}): () => void {
  const { keel, desk, config, logger } = options;
  const send = options.fetch ?? globalThis.fetch;
  const deliver = async (escalationId: string) => {
    const item = (await escalationQueue(keel, desk)).find((e) => e.id === escalationId);
    if (!item) return;
    const timestamp = String(Math.floor(keel.runtime.clock.now().getTime() / 1000));
    const body = JSON.stringify({ event: 'escalation.opened', escalation: item });
    const headers = {
      'content-type': 'application/json',
      'x-keel-event': 'escalation.opened',
      'x-keel-timestamp': timestamp,
      'x-keel-signature': signWebhook(config.secret, timestamp, body),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await send(config.url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (response.ok) return;
        throw new Error(`the webhook answered ${response.status}`);
      } catch (error) {
        const delay = DELAYS_MS[attempt];
        if (delay === undefined) {
          logger.error({ err: error, escalationId }, 'escalation webhook failed');
          return;
        }
        await keel.runtime.sleep(delay);
      }
    }
  };
  return keel.subscribe((event) => {
    const id = event.data?.escalationId;
    if (event.type === 'escalation.opened' && typeof id === 'string') {
      // After the current turn's transaction: the queue item is read from the store.
      setImmediate(() => void deliver(id));
    }
  });
}
