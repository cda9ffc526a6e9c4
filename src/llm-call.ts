/** What keel records about every model call: cost, speed and outcome. */
export interface LlmCallRecord {
  id: string;
  conversationId: string | null;
  customerId: string;
  model: string;
  /** `ok`, or why the call did not give a usable answer. */
  status: 'ok' | 'error';
  httpStatus: number | null;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  cachedTokens: number | null;
  latencyMs: number;
  requestId: string | null;
  error: string | null;
  createdAt: string;
}

/** Where the LLM planner sends its call records; the SQLite store is one. */
export interface LlmCallRecorder {
  recordLlmCall(call: LlmCallRecord): void | Promise<void>;
}
