import { writeFileSync } from 'node:fs';
import type { TurnOutcome } from '../agent/conversation.js';
import { CASSETTE_VERSION, type Cassette, type Exchange } from './cassette.js';
import { scrubText } from './scrub.js';
import { expectationOf, factsOf } from './session.js';

/** The fields a recorder knows before the first turn. */
export type CassetteMeta = Omit<Cassette, 'version' | 'turns' | 'seed'>;

/**
 * A cassette being recorded turn by turn, written out after every change so an interrupted
 * session keeps what happened. Shared by `keel chat --record` and `KEEL_RECORD_DIR`.
 */
export class CassetteFile {
  readonly #cassette: Cassette;

  constructor(
    readonly path: string,
    meta: CassetteMeta,
  ) {
    this.#cassette = { version: CASSETTE_VERSION, seed: 'fixtures/shop', ...meta, turns: [] };
  }

  addTurn(customer: string, exchanges: Exchange[], outcome: TurnOutcome): void {
    this.#cassette.turns.push({ customer, exchanges, expect: expectationOf({ outcome }) });
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
    writeFileSync(this.path, `${JSON.stringify(this.#cassette, null, 2)}\n`);
  }
}
