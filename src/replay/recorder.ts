import { MAX_MODEL_RESPONSE_BYTES } from '../defaults.js';
import { readUpTo } from '../planner/model-response.js';
import { CASSETTE_VERSION, type Cassette, type Exchange } from './cassette.js';
import { scrubJson, scrubText } from './scrub.js';
import { recordedOutcome, runSession, type SessionSpec } from './session.js';

/** Response headers that change how a client behaves; the rest is noise in a cassette. */
const KEPT_HEADERS = ['content-type', 'retry-after', 'retry-after-ms', 'x-should-retry', 'x-request-id'];

/**
 * Wraps a fetch so every model exchange is kept: the request body sent and the raw response
 * (status, the headers that matter, body). The response is re-buffered, so the caller reads it
 * as usual.
 */
export function recordingFetch(
  inner: typeof globalThis.fetch,
  sink: (exchange: Exchange) => void,
): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const requestText = await request.clone().text();
    // The request object goes on whole: its body stream belongs to it now, not to `input`.
    const response = await inner(request);
    const { bytes, over } = await readUpTo(response, MAX_MODEL_RESPONSE_BYTES);
    // One byte past the cap is enough for the planner to see the body is over it (and fail the
    // call as it would unrecorded).
    const text = over
      ? bytes.subarray(0, MAX_MODEL_RESPONSE_BYTES + 1).toString('latin1')
      : bytes.toString('utf8');
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    sink({
      request: { method: request.method, path: new URL(request.url).pathname, body: parseMaybe(requestText) },
      response: {
        status: response.status,
        headers,
        body: over ? `(a body over ${MAX_MODEL_RESPONSE_BYTES} bytes, not kept)` : parseMaybe(text),
      },
    });
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

export interface RecordOptions {
  name: string;
  description: string;
  /** Where model calls really go (a model API, a local server). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** The real key and base URL for a live model; used for the calls, never recorded. */
  credentials?: { apiKey: string | null; baseURL: string | null };
}

/**
 * Runs a conversation through the real agent and returns it as a cassette: the customer's turns,
 * every model exchange, and what each turn led to. Personal data and secrets are scrubbed; the
 * customer's words are scrubbed before they are sent, so the cassette holds exactly what ran.
 */
export async function recordConversation(
  spec: SessionSpec,
  options: RecordOptions,
): Promise<{ cassette: Cassette; replies: string[] }> {
  const scrubbed = { ...spec, turns: spec.turns.map((t) => ({ ...t, customer: scrubText(t.customer) })) };
  const exchanges: Exchange[][] = scrubbed.turns.map(() => []);
  let turn = 0;
  const fetch = recordingFetch(options.fetch ?? globalThis.fetch, (exchange) =>
    exchanges[turn]?.push(scrubJson(exchange)),
  );
  const runs = await runSession(scrubbed, {
    fetch,
    onTurn: (index) => {
      turn = index;
    },
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const cassette: Cassette = {
    version: CASSETTE_VERSION,
    name: options.name,
    description: options.description,
    customerId: spec.customerId,
    clock: spec.clock,
    seed: spec.seed,
    planner: spec.planner,
    model: spec.model,
    env: spec.env,
    turns: runs.map((run, index) => ({
      customer: scrubbed.turns[index]?.customer ?? '',
      exchanges: exchanges[index] ?? [],
      ...(scrubbed.turns[index]?.decision ? { decision: scrubbed.turns[index].decision } : {}),
      ...recordedOutcome(run),
    })),
  };
  return { cassette, replies: runs.map((run) => run.outcome.reply) };
}

function parseMaybe(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
