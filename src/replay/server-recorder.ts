import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationObserver, TurnOutcome } from '../agent/conversation.js';
import type { DecisionRequest, WorkflowResult } from '../agent/executor.js';
import { callContextOf } from '../planner/call-context.js';
import type { Clock } from '../runtime.js';
import type { Exchange } from './cassette.js';
import { CassetteFile } from './cassette-file.js';
import { recordingFetch } from './recorder.js';
import { scrubJson, scrubText } from './scrub.js';

export interface ServerRecorderOptions {
  dir: string;
  clock: Clock;
  planner: 'llm' | 'offline';
  model: string | null;
  env: Record<string, string>;
}

/**
 * Records the service's conversations (`KEEL_RECORD_DIR`), one cassette per conversation,
 * rewritten after every turn. Model calls are filed by the conversation the planner names in the
 * call's context (see call-context.ts), which never becomes part of the request. Customer words are scrubbed before they are
 * handled, so what ran is what the cassette holds.
 */
export class ServerRecorder implements ConversationObserver {
  readonly #options: ServerRecorderOptions;
  readonly #files = new Map<string, CassetteFile>();
  readonly #pending = new Map<string, Exchange[]>();

  constructor(options: ServerRecorderOptions) {
    this.#options = options;
    mkdirSync(options.dir, { recursive: true });
  }

  fetch(inner: typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      // Read from the call's own context, before the init becomes a Request and the context is gone.
      const conversation = callContextOf(init)?.conversationId ?? null;
      const request = new Request(input, init);
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
    this.#file(conversationId, customerId).addTurn(text, this.#pending.get(conversationId) ?? [], outcome);
    this.#pending.delete(conversationId);
  }

  decided(conversationId: string, decision: DecisionRequest, result: WorkflowResult, reply: string): void {
    this.#files
      .get(conversationId)
      ?.decided(decision.decision, decision.note ?? null, result.workflow.status, reply);
  }

  #file(conversationId: string, customerId: string): CassetteFile {
    const existing = this.#files.get(conversationId);
    if (existing) return existing;
    const { planner, model, env, clock, dir } = this.#options;
    const file = new CassetteFile(join(dir, `${conversationId}.json`), {
      name: conversationId,
      description: `Recorded by keel serve for ${customerId}`,
      customerId,
      clock: clock.now().toISOString(),
      planner,
      model,
      env,
    });
    this.#files.set(conversationId, file);
    return file;
  }
}
