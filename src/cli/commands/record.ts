import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { llmConfigFromEnv } from '../../config/llm-env.js';
import { recordConversation } from '../../replay/recorder.js';
import { type CliIo, EXIT, println } from '../io.js';

/** Settings a recorded run depends on; anything secret stays out of the cassette. */
const RECORDED_ENV = [
  'KEEL_SANDBOX_FAULTS',
  'KEEL_CONFIDENCE_THRESHOLD',
  'KEEL_CONFIRM_WRITES',
  'KEEL_LLM_LOGPROBS',
  'KEEL_REPHRASE_QUESTIONS',
];

/**
 * `keel run ... --record FILE`: runs the message on a fresh in-memory sandbox seeded now (so the
 * cassette replays exactly) against whatever model is configured, and writes the cassette.
 */
export async function recordRun(
  io: CliIo,
  turn: { text: string; customerId: string; planner?: 'llm' | 'offline'; file: string },
): Promise<number> {
  const config = llmConfigFromEnv(io.env);
  const planner = turn.planner ?? (config ? 'llm' : 'offline');
  const env = Object.fromEntries(
    RECORDED_ENV.flatMap((key) => (io.env[key] ? [[key, io.env[key] as string]] : [])),
  );
  const clock = (io.runtime?.clock?.now() ?? new Date()).toISOString();
  const { cassette, replies } = await recordConversation(
    {
      customerId: turn.customerId,
      clock,
      seed: 'fixtures/shop',
      planner,
      model: planner === 'llm' ? (config?.model ?? null) : null,
      // A single recorded turn runs without the confirmation question unless asked for.
      env: { KEEL_CONFIRM_WRITES: '0', ...env },
      turns: [{ customer: turn.text }],
    },
    {
      name: turn.file.replace(/^.*\//, '').replace(/\.json$/, ''),
      description: `Recorded with keel run for ${turn.customerId}`,
      ...(config ? { credentials: { apiKey: config.apiKey, baseURL: config.baseURL } } : {}),
    },
  );
  const path = resolve(io.cwd, turn.file);
  writeFileSync(path, `${JSON.stringify(cassette, null, 2)}\n`);
  const expect = cassette.turns[0]?.expect;
  println(io.stdout, `reply: ${replies[0] ?? ''}`);
  println(
    io.stdout,
    `recorded ${path}: ${expect?.workflowStatus ?? expect?.conversationStatus}, ${cassette.turns[0]?.exchanges.length ?? 0} model call(s)`,
  );
  return EXIT.completed;
}
