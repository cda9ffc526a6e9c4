import type { Logger } from 'pino';
import type { ModelUnavailableError } from '../errors.js';
import type { ModelCallObserver } from './model-call.js';

/** What `/healthz` says about the model: fine, or degraded with the cause. */
export type ModelHealthStatus = { status: 'ok' } | { status: 'degraded'; reason: string };

/**
 * Makes a misconfigured model loud. A 401/403/404 (wrong key, no access, unknown model or base
 * URL) or an answer that is not a completion at all (an HTML page: often a base URL without
 * `/v1`) will not heal by retrying: it is logged as an error once per cause, and health reads
 * degraded until a call succeeds again. Outages (429, 5xx, timeouts) are left to fallback and
 * metrics: they come and go.
 */
export class ModelHealth implements ModelCallObserver {
  readonly #logger: Logger;
  readonly #settings: string;
  #reason: string | null = null;

  /** `settings` names where the model is configured, for the log line that asks to check it. */
  constructor(logger: Logger, settings = "the model's API key, base URL and name") {
    this.#logger = logger;
    this.#settings = settings;
  }

  failed(error: ModelUnavailableError): void {
    if (error.kind !== 'misconfigured' && error.kind !== 'malformed') return;
    const reason =
      error.kind === 'misconfigured'
        ? `the model provider rejected keel's configuration: ${error.message}`
        : `the model endpoint does not answer like a chat completions API: ${error.message}`;
    if (reason !== this.#reason) {
      this.#logger.error(
        { status: error.status, kind: error.kind, err: error },
        `${reason} (check ${this.#settings}); turns fall back meanwhile`,
      );
    }
    this.#reason = reason;
  }

  succeeded(): void {
    if (this.#reason === null) return;
    this.#logger.info('the model answers again; health is ok');
    this.#reason = null;
  }

  status(): ModelHealthStatus {
    return this.#reason === null ? { status: 'ok' } : { status: 'degraded', reason: this.#reason };
  }
}
