import { ConfigError } from '../errors.js';
import type { Cassette, Exchange } from './cassette.js';
import { scrubJson } from './scrub.js';

/**
 * msw is a test library: keel loads it only when a conversation is replayed (`keel replay`,
 * `replayConversation` from `keel/testing`), never with the library or `keel serve`, so it is an
 * optional peer dependency of the package rather than a dependency.
 */
async function loadMsw(): Promise<typeof import('msw')> {
  try {
    return await import('msw');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      'Replaying a conversation needs msw: install it with `npm install --save-dev msw`',
      {
        cause: error,
      },
    );
  }
}

/**
 * A fetch that answers the model's Chat Completions calls with a cassette's recorded responses,
 * through msw request handlers: no network and no key. What keel sent for each turn is collected in
 * `served` (scrubbed as the recording was), and `turn()` says which turn is running.
 */
export async function cassetteFetch(
  cassette: Cassette,
  served: unknown[][],
  turn: () => number,
): Promise<typeof globalThis.fetch> {
  const { getResponse, HttpResponse, http } = await loadMsw();
  const handlers = [
    http.post(/\/chat\/completions$/, async ({ request }) => {
      const sent = served[turn()] as unknown[];
      sent.push(scrubJson(await request.json()));
      const recorded = cassette.turns[turn()]?.exchanges[sent.length - 1];
      if (!recorded) {
        return HttpResponse.json(
          {
            error: {
              message: 'No recorded response for this call',
              type: 'replay_error',
              param: null,
              code: null,
            },
          },
          { status: 400, headers: { 'x-should-retry': 'false' } },
        );
      }
      return respond(recorded);
    }),
  ];
  return async (input, init) => {
    const request = new Request(input, init);
    return (await getResponse(handlers, request)) ?? new Response('no handler', { status: 599 });
  };
}

function respond(exchange: Exchange): Response {
  const { status, headers, body } = exchange.response;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status, headers });
}
