import pg from 'pg';
import { type Sleep, systemSleep } from '../runtime.js';
import { Change, type ChangeFeed } from './change-feed.js';
import { CHANGE_CHANNEL_PREFIX } from './pg-change-triggers.js';
import { asStoreError, checkPgSettings, type PgOptions } from './pg-database.js';

export interface PgChangeFeedOptions extends Pick<PgOptions, 'schema'> {
  /** Wait before reconnecting a lost listening connection. @default 1000 */
  reconnectMs?: number;
  /** @default systemSleep */
  sleep?: Sleep;
  /** Told when the listening connection fails (it reconnects by itself). */
  onError?: (error: unknown) => void;
}

/**
 * The shared store's change feed: LISTEN on a connection of its own (a pooled one would be handed
 * to queries, and a LISTEN lives as long as its session), fed by the triggers of
 * `004_change_notify`. A lost connection is reopened after `reconnectMs`; listeners then get a
 * `reset`, since what was notified meanwhile is gone.
 */
export class PgChangeFeed implements ChangeFeed {
  readonly shared = true;
  readonly #url: string;
  readonly #options: PgChangeFeedOptions;
  readonly #listeners = new Set<(change: Change) => void>();
  #client: pg.Client | null = null;
  #closed = false;

  /** Connects and listens before it resolves, so no change committed after that is missed. */
  static async open(url: string, options: PgChangeFeedOptions = {}): Promise<PgChangeFeed> {
    checkPgSettings(url, options);
    const feed = new PgChangeFeed(url, options);
    try {
      await feed.#connect();
    } catch (error) {
      throw asStoreError(error);
    }
    return feed;
  }

  private constructor(url: string, options: PgChangeFeedOptions) {
    this.#url = url;
    this.#options = options;
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const { schema } = this.#options;
    const client = new pg.Client({
      connectionString: this.#url,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the listening connection ended')));
    client.on('notification', (message) => this.#deliver(message.payload));
    await client.connect();
    try {
      // The schema the tables are in, as the triggers name it: the URL's search_path may choose it.
      const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      const channel = `${CHANGE_CHANNEL_PREFIX}${rows[0]?.schema ?? 'public'}`;
      await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) await client.end().catch(() => {});
    else this.#client = client;
  }

  #deliver(payload: string | undefined): void {
    let parsed: ReturnType<typeof Change.safeParse>;
    try {
      parsed = Change.safeParse(JSON.parse(payload ?? ''));
    } catch {
      return;
    }
    if (!parsed.success) return;
    for (const listener of this.#listeners) listener(parsed.data);
  }

  /** Reconnects once per lost client, until it works or the feed is closed. */
  #lost(client: pg.Client, error: unknown): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = null;
    this.#options.onError?.(error);
    void client.end().catch(() => {});
    void this.#reconnect();
  }

  async #reconnect(): Promise<void> {
    const sleep = this.#options.sleep ?? systemSleep;
    while (!this.#closed) {
      await sleep(this.#options.reconnectMs ?? 1000);
      if (this.#closed) return;
      try {
        await this.#connect();
        for (const listener of this.#listeners) listener({ kind: 'reset' });
        return;
      } catch (error) {
        this.#options.onError?.(error);
      }
    }
  }
}
