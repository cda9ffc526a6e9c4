import type { TurnOutcome } from '../agent/conversation.js';
import type { Exchange } from './cassette.js';
import { CassetteFile, type CassetteMeta } from './cassette-file.js';
import { recordingFetch } from './recorder.js';
import { scrubJson, scrubText } from './scrub.js';

/** Records an interactive conversation turn by turn (`keel chat --record`). */
export class ChatRecorder {
  readonly #file: CassetteFile;
  #exchanges: Exchange[] = [];
  readonly fetch: typeof globalThis.fetch;

  constructor(path: string, meta: CassetteMeta, inner: typeof globalThis.fetch = globalThis.fetch) {
    this.#file = new CassetteFile(path, meta);
    this.fetch = recordingFetch(inner, (exchange) => this.#exchanges.push(scrubJson(exchange)));
  }

  /** The customer's words as they will be sent and recorded. */
  begin(text: string): string {
    this.#exchanges = [];
    return scrubText(text);
  }

  end(customer: string, outcome: TurnOutcome): void {
    this.#file.addTurn(customer, this.#exchanges, outcome);
  }

  decided(decision: 'approve' | 'reject', note: string | null, workflowStatus: string, reply: string): void {
    this.#file.decided(decision, note, workflowStatus, reply);
  }
}
