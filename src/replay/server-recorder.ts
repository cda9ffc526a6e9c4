import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationObserver, TurnOutcome } from '../agent/conversation.js';
import type { WorkflowResult } from '../agent/executor.js';
import { CONVERSATION_HEADER } from '../planner/model-call.js';
import type { Clock } from '../runtime.js';
import { CASSETTE_VERSION, type Cassette, type Exchange } from './cassette.js';
import { recordingFetch } from './recorder.js';
import { scrubJson, scrubText } from './scrub.js';
import { expectationOf, factsOf } from './session.js';

export interface ServerRecorderOptions {
  dir: string;
  clock: Clock;
  planner: 'llm' | 'offline';
  model: string | null;
  env: Record<string, string>;
}

/**
 * Records the service's conversations (`KEEL_RECORD_DIR`), one cassette per conversation,
 * rewritten after every turn. Model calls are filed by the conversation header the planner sets;
 * the header is removed before the call leaves. Customer words are scrubbed before they are
 * handled, so what ran is what the cassette holds.
 */
export class ServerRecorder implements ConversationObserver {
  readonly #options: ServerRecorderOptions;
  readonly #cassettes = new Map<string, Cassette>();
  readonly #pending = new Map<string, Exchange[]>();

  constructor(options: ServerRecorderOptions) {
    this.#options = options;
    mkdirSync(options.dir, { recursive: true });
  }

  fetch(inner: typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      const conversation = request.headers.get(CONVERSATION_HEADER);
      request.headers.delete(CONVERSATION_HEADER);
      const record = recordingFetch(inner, (exchange) => {
        if (!conversation) return;
        const list = this.#pending.get(conversation) ?? [];
        list.push(scrubJson(exchange));
        this.#pending.set(conversation, list);
      });
      return record(request);
    };
  }

  incoming(text: string): string {
    return scrubText(text);
  }

  turn(conversationId: string, customerId: string, text: string, outcome: TurnOutcome): void {
    const cassette = this.#cassette(conversationId, customerId);
    cassette.turns.push({
      customer: text,
      exchanges: this.#pending.get(conversationId) ?? [],
      expect: expectationOf({ outcome }),
    });
    this.#pending.delete(conversationId);
    this.#write(conversationId, cassette);
  }

  decided(conversationId: string, result: WorkflowResult, reply: string): void {
    const cassette = this.#cassettes.get(conversationId);
    const last = cassette?.turns.at(-1);
    if (!cassette || !last) return;
    last.decision = { decision: result.workflow.status === 'rejected' ? 'reject' : 'approve', note: null };
    last.afterDecision = { workflowStatus: result.workflow.status, replyFacts: factsOf(reply) };
    this.#write(conversationId, cassette);
  }

  #cassette(conversationId: string, customerId: string): Cassette {
    const existing = this.#cassettes.get(conversationId);
    if (existing) return existing;
    const { planner, model, env, clock } = this.#options;
    const cassette: Cassette = {
      version: CASSETTE_VERSION,
      name: conversationId,
      description: `Recorded by keel serve for ${customerId}`,
      customerId,
      clock: clock.now().toISOString(),
      seed: 'fixtures/shop',
      planner,
      model,
      env,
      turns: [],
    };
    this.#cassettes.set(conversationId, cassette);
    return cassette;
  }

  #write(conversationId: string, cassette: Cassette): void {
    writeFileSync(
      join(this.#options.dir, `${conversationId}.json`),
      `${JSON.stringify(cassette, null, 2)}\n`,
    );
  }
}
