import { writeFileSync } from 'node:fs';
import type { TurnOutcome } from '../agent/conversation.js';
import { CASSETTE_VERSION, type Cassette, type Exchange } from './cassette.js';
import { recordingFetch } from './recorder.js';
import { scrubJson, scrubText } from './scrub.js';
import { expectationOf, factsOf } from './session.js';

/**
 * Records an interactive conversation turn by turn (`keel chat --record`), writing the cassette
 * after every turn so an interrupted session keeps what happened.
 */
export class ChatRecorder {
  readonly #cassette: Cassette;
  readonly #file: string;
  #exchanges: Exchange[] = [];
  readonly fetch: typeof globalThis.fetch;

  constructor(
    file: string,
    meta: Omit<Cassette, 'version' | 'turns' | 'seed'>,
    inner: typeof globalThis.fetch = globalThis.fetch,
  ) {
    this.#file = file;
    this.#cassette = { version: CASSETTE_VERSION, seed: 'fixtures/shop', ...meta, turns: [] };
    this.fetch = recordingFetch(inner, (exchange) => this.#exchanges.push(scrubJson(exchange)));
  }

  /** The customer's words as they will be sent and recorded. */
  begin(text: string): string {
    this.#exchanges = [];
    return scrubText(text);
  }

  end(customer: string, outcome: TurnOutcome): void {
    this.#cassette.turns.push({ customer, exchanges: this.#exchanges, expect: expectationOf({ outcome }) });
    this.#write();
  }

  /** A decision on the last turn's escalation and the outcome it posted. */
  decided(decision: 'approve' | 'reject', note: string | null, workflowStatus: string, reply: string): void {
    const last = this.#cassette.turns.at(-1);
    if (!last) return;
    last.decision = { decision, note: note === null ? null : scrubText(note) };
    last.afterDecision = { workflowStatus, replyFacts: factsOf(reply) };
    this.#write();
  }

  #write(): void {
    writeFileSync(this.#file, `${JSON.stringify(this.#cassette, null, 2)}\n`);
  }
}
