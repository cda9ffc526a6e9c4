// Records the cassette suite in fixtures/conversations/ against a local fake model server (real
// sockets). Run by hand after a deliberate change: `node --import tsx test/replay/record-suite.ts`.
// Cassettes are otherwise immutable; `keel replay --update` refreshes expectations only.
import { writeFileSync } from 'node:fs';
import { recordConversation } from '../../src/replay/recorder.js';
import { startFakeOpenAi } from './fake-openai-server.js';
import { SCENARIOS } from './suite-scenarios.js';

export const SUITE_CLOCK = '2026-11-24T12:00:00.000Z';

const server = await startFakeOpenAi();
// The client talks to api.openai.com; this sends its calls to the local server instead.
const toLocal: typeof globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  return globalThis.fetch(`${server.url}${url.pathname.replace(/^\/v1/, '')}`, {
    method: request.method,
    headers: request.headers,
    body: await request.text(),
  });
};
const only = process.argv[2];
for (const scenario of SCENARIOS) {
  if (only && !scenario.name.includes(only)) continue;
  server.queue.splice(0, server.queue.length, ...(scenario.model ?? []));
  const { cassette } = await recordConversation(
    {
      customerId: scenario.customerId,
      clock: SUITE_CLOCK,
      seed: 'fixtures/shop',
      planner: scenario.planner,
      model: scenario.planner === 'llm' ? 'gpt-4o-mini' : null,
      env: scenario.env ?? {},
      turns: scenario.turns,
    },
    { name: scenario.name, description: scenario.description, fetch: toLocal },
  );
  if (server.queue.length > 0)
    throw new Error(`${scenario.name}: ${server.queue.length} scripted replies were not used`);
  writeFileSync(
    new URL(`../../fixtures/conversations/v1-${scenario.name}.json`, import.meta.url),
    `${JSON.stringify(cassette, null, 2)}\n`,
  );
  const last = cassette.turns.at(-1);
  console.log(
    `${scenario.name.padEnd(28)} ${cassette.turns.length} turn(s), ${cassette.turns.reduce((n, t) => n + t.exchanges.length, 0)} model call(s), ${last?.expect.workflowStatus ?? '-'} / ${last?.afterDecision?.workflowStatus ?? ''}`,
  );
}
await server.close();
